// Filters the list of all cases by jurisdiction, status and claim, in the browser.
// The list reads in full without this script; the filters appear only when it runs.
// The choice is kept in the address (?jurisdiction=CN&status=decided&claim=...), so it can be linked.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var shown = document.getElementById("shown");
  var items = Array.prototype.slice.call(document.querySelectorAll("ul.caselist > li"));
  if (!form) return;
  var keys = ["jurisdiction", "status", "claim"];
  var params = new URLSearchParams(window.location.search);
  keys.forEach(function (key) {
    var value = params.get(key);
    var select = form.elements[key];
    if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      select.value = value;
    }
  });
  function apply() {
    var want = {};
    keys.forEach(function (key) { want[key] = form.elements[key].value; });
    var count = 0;
    items.forEach(function (li) {
      var ok = (!want.jurisdiction || li.dataset.jurisdiction === want.jurisdiction)
        && (!want.status || li.dataset.status === want.status)
        && (!want.claim || li.dataset.claims.split(" ").indexOf(want.claim) >= 0);
      li.hidden = !ok;
      if (ok) count += 1;
    });
    shown.textContent = count + " of " + items.length + " cases, oldest first.";
    var next = new URLSearchParams();
    keys.forEach(function (key) { if (want[key]) next.set(key, want[key]); });
    var query = next.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }
  form.addEventListener("change", apply);
  form.hidden = false;
  apply();
})();
