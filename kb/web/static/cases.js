// Filters the list of all cases by jurisdiction, status, claim, court, year and when it was checked,
// and turns it newest first, in the browser. The list reads in full, oldest first, without this script;
// the filters appear only when it runs. The choice is kept in the address (?jurisdiction=CN&status=decided
// &sort=newest), so it can be linked. A value in the address that names nothing here is not ignored: no
// case is shown, the page says so and suggests the nearest value it knows (?jurisdiction=UK suggests GB).
// What the script says comes from the form's data-* attributes, in the language of the page's edition.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var shown = document.getElementById("shown");
  var notice = document.getElementById("unknown");
  var items = Array.prototype.slice.call(document.querySelectorAll("ul.caselist > li"));
  if (!form) return;
  var keys = ["jurisdiction", "status", "claim", "court", "year", "checked", "sort"];
  var list = items.length ? items[0].parentNode : null;
  var ALIASES = { jurisdiction: { UK: "GB", EN: "GB", ENGLAND: "GB", BRITAIN: "GB", PRC: "CN", CHINA: "CN", USA: "US" } };
  var unknown = {};

  // The page's own words, from the form's data-* attributes.
  function say(name, values) {
    return (form.dataset[name] || "").replace(/\{(\w+)\}/g, function (all, key) { return values[key]; });
  }

  function options(key) {
    return Array.prototype.filter.call(form.elements[key].options, function (o) { return o.value; });
  }

  function distance(a, b) {
    var row = [], i, j, prev, next;
    for (j = 0; j <= b.length; j++) row.push(j);
    for (i = 1; i <= a.length; i++) {
      prev = row[0]; row[0] = i;
      for (j = 1; j <= b.length; j++) {
        next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = row[j]; row[j] = next;
      }
    }
    return row[b.length];
  }

  // The option a mistyped value most likely meant: an alias, the same value in other case, a name
  // that says it, or the nearest spelling; null when nothing is near.
  function suggest(key, value) {
    var upper = value.toUpperCase(), lower = value.toLowerCase(), opts = options(key);
    var alias = (ALIASES[key] || {})[upper];
    var found = opts.filter(function (o) { return o.value === alias; })[0]
      || opts.filter(function (o) { return o.value.toLowerCase() === lower || o.textContent.toLowerCase() === lower; })[0]
      || opts.filter(function (o) { return lower.length > 2 && o.textContent.toLowerCase().indexOf(lower) >= 0; })[0];
    if (found) return found;
    var best = null, bestScore = Infinity;
    opts.forEach(function (o) {
      var score = Math.min(distance(lower, o.value.toLowerCase()), distance(lower, o.textContent.toLowerCase()));
      if (score < bestScore) { best = o; bestScore = score; }
    });
    return bestScore <= Math.max(1, Math.floor(lower.length / 3)) ? best : null;
  }

  function link(params) {
    var query = params.toString();
    return query ? "?" + query : window.location.pathname;
  }

  function explain(params) {
    notice.textContent = "";
    var names = Object.keys(unknown);
    notice.hidden = names.length === 0;
    names.forEach(function (key) {
      var p = document.createElement("p");
      var value = unknown[key];
      p.appendChild(document.createTextNode(say("unknown", { name: form.elements[key].dataset.name, value: value })));
      var hint = suggest(key, value);
      if (hint) {
        var fixed = new URLSearchParams(params.toString());
        fixed.set(key, hint.value);
        var a = document.createElement("a");
        a.href = link(fixed);
        a.className = "suggestion";
        a.textContent = hint.value + (hint.textContent !== hint.value ? " (" + hint.textContent + ")" : "");
        p.appendChild(document.createTextNode(say("didyou", {})));
        p.appendChild(a);
        p.appendChild(document.createTextNode(say("question", {})));
      }
      var opts = options(key);
      if (opts.length <= 30) {
        p.appendChild(document.createTextNode(say("known", {
          values: opts.map(function (o) { return o.value; }).join(say("sep", {}))
        })));
      }
      notice.appendChild(p);
    });
  }

  var params = new URLSearchParams(window.location.search);
  keys.forEach(function (key) {
    var value = params.get(key);
    if (!value) return;
    var select = form.elements[key];
    if (options(key).some(function (o) { return o.value === value; })) {
      select.value = value;
    } else {
      unknown[key] = value;
    }
  });

  function apply() {
    var want = {};
    keys.forEach(function (key) { want[key] = form.elements[key].value; });
    var blocked = Object.keys(unknown).length > 0;
    var count = 0;
    items.forEach(function (li) {
      var ok = !blocked
        && (!want.jurisdiction || li.dataset.jurisdiction === want.jurisdiction)
        && (!want.status || li.dataset.status === want.status)
        && (!want.claim || li.dataset.claims.split(" ").indexOf(want.claim) >= 0)
        && (!want.court || li.dataset.court === want.court)
        && (!want.year || li.dataset.years.split(" ").indexOf(want.year) >= 0)
        && (!want.checked || li.dataset.stale === "yes");
      li.hidden = !ok;
      if (ok) count += 1;
    });
    var newest = want.sort === "newest";
    if (list) {  // the page's order is oldest first: newest first is the same list read backwards
      (newest ? items.slice().reverse() : items).forEach(function (li) { list.appendChild(li); });
    }
    shown.textContent = say(newest ? "shownNewest" : "shown", { count: count, total: items.length });
    var next = new URLSearchParams();
    keys.forEach(function (key) {
      if (unknown[key]) next.set(key, unknown[key]);
      else if (want[key]) next.set(key, want[key]);
    });
    window.history.replaceState(null, "", link(next));
    explain(next);
  }
  form.addEventListener("change", function (event) {
    // choosing a value in a filter replaces the unknown value the address gave it
    if (event.target && event.target.name) delete unknown[event.target.name];
    apply();
  });
  form.hidden = false;
  apply();
})();
