// Search the case pages with Pagefind's index, in the browser; reads ?q= so that a search can be linked.
//
// Pagefind ranks by words. The browser cuts a Chinese query into words with its own dictionary, which
// often knows no word for a name: 小红书 becomes 小 / 红 / 书, and a page with 小 in its title (小程序)
// would outrank the pages about 小红书. So for a query in Chinese (or Japanese) the pages that contain
// each of its runs of characters as written come first, in Pagefind's order, and the status line says
// how many do; the other matches follow. Latin words are left to Pagefind, which matches whole words
// (a substring test would let "Ross" match "cross").
(function () {
  "use strict";
  var form = document.getElementById("search");
  if (!form) return;
  var input = form.elements.q;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var pageSize = parseInt(form.dataset.pageSize, 10) || 20;
  var root = new URL(form.dataset.root, window.location.href);
  var pagefind = null;
  var shown = [], next = 0, current = 0;
  var CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  // Only text and <mark> from Pagefind's excerpt: parsed in an inert document, never run.
  function excerpt(html) {
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var out = document.createElement("p");
    out.className = "excerpt";
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function item(data) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.className = "result-link";
    a.href = data.url;
    a.textContent = (data.meta && data.meta.title) || data.url;
    li.appendChild(a);
    var meta = data.meta || {};
    if (meta.status) {  // the case's status and its ruling's outcome, in one line beside its title
      var line = document.createElement("p");
      line.className = "result-status";
      line.textContent = "Status: " + meta.status + (meta.outcome ? " · Outcome: " + meta.outcome : "");
      li.appendChild(line);
    }
    li.appendChild(excerpt(data.excerpt || ""));
    return li;
  }

  function showMore(run) {
    var batch = shown.slice(next, next + pageSize);
    next += batch.length;
    return Promise.all(batch.map(function (r) { return r.data ? Promise.resolve(r.data) : r.result.data(); }))
      .then(function (datas) {
        if (run !== current) return;
        datas.forEach(function (data) { list.appendChild(item(data)); });
        more.hidden = next >= shown.length;
      });
  }

  function search(query, run) {
    var runs = (query.toLocaleLowerCase().match(CJK) || []);
    return load().then(function (pf) { return pf.search(query); }).then(function (found) {
      if (run !== current) return null;
      var results = (found && found.results) || [];
      if (!runs.length) {
        return { rows: results.map(function (r) { return { result: r }; }), whole: null };
      }
      return Promise.all(results.map(function (r) { return r.data(); })).then(function (datas) {
        var first = [], rest = [];
        datas.forEach(function (data, i) {
          var text = (data.content || "").toLocaleLowerCase();
          var row = { result: results[i], data: data };
          (runs.every(function (word) { return text.indexOf(word) >= 0; }) ? first : rest).push(row);
        });
        return { rows: first.concat(rest), whole: first.length };
      });
    }).then(function (ranked) {
      if (!ranked || run !== current) return;
      shown = ranked.rows;
      next = 0;
      var text = shown.length + " case" + (shown.length === 1 ? "" : "s") + " found";
      if (ranked.whole !== null) {
        text += "; " + ranked.whole + " contain " + runs.map(function (w) { return "“" + w + "”"; }).join(" and ")
          + " as written and come first";
      }
      status.textContent = text + ".";
      return showMore(run);
    });
  }

  function start(query) {
    current += 1;
    var run = current;
    list.textContent = "";
    more.hidden = true;
    query = query.trim();
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    if (!query) { status.textContent = ""; return; }
    status.textContent = "Searching…";
    search(query, run).catch(function (error) {
      if (run === current) status.textContent = "Search failed: " + error.message;
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { start(input.value); }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    start(input.value);
  });
  more.addEventListener("click", function () { showMore(current); });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) {
    input.value = q;
    start(q);
  }
})();
