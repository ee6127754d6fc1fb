// Search the case pages in the browser, ranked as `kb search` ranks them; reads ?q= so that a search can be linked.
//
// Two indexes: Pagefind's, of the pages' words, and search/lookup.json (kb/web/lookup.py): per case its
// title, case numbers and names (parties, court, products and their other names), the alias groups of
// readers' words, and the vocabulary for "did you mean".
//
// Order: cases whose number holds the query (whole or in part: 京0491民初11279号) first; then cases whose
// title says it, then whose names say it, then whose text says it, each in Pagefind's order. A reader's
// word is widened to its alias group (deepfake also finds 换脸 and face swap; NYT The New York Times).
// Pagefind cuts a Chinese query into words with its own dictionary, which often knows no word for a name
// (小红书 becomes 小 / 红 / 书): when some pages contain the query's Chinese as written, the pages that
// match only its single characters are left out, and the status line says so. Latin words match whole
// words (a substring test would let "Ross" match "cross"). A query that finds nothing, or little, gets
// "did you mean" with the nearest names of the data.
(function () {
  "use strict";
  var form = document.getElementById("search");
  if (!form) return;
  var input = form.elements.q;
  var status = document.getElementById("search-status");
  var suggest = document.getElementById("search-suggest");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var pageSize = parseInt(form.dataset.pageSize, 10) || 20;
  var root = new URL(form.dataset.root, window.location.href);
  var pagefind = null, lookup = null, lookupData = null;
  var shown = [], next = 0, current = 0;
  var CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
  var RANKED = 200;  // pages whose place kb ranks; any beyond follow in Pagefind's order
  // A case's title in the page's language: the Chinese edition shows the record's Chinese title where it has one.
  function titleOf(c) {
    return (document.documentElement.lang === "zh-CN" && c.title_zh) || c.title;
  }
  // The page's own words (its edition's language), from the form's data-* attributes.
  function say(name, values) {
    return (form.dataset[name] || "").replace(/\{(\w+)\}/g, function (all, key) { return values[key]; });
  }

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname }).then(function () { return module; });
      });
    }
    if (!lookup) {
      lookup = fetch(new URL("search/lookup.json", root).href).then(function (r) {
        if (!r.ok) throw new Error("search/lookup.json: " + r.status);
        return r.json();
      }).then(prepare);
    }
    return Promise.all([pagefind, lookup]);
  }

  // Folded as kb.search folds: lower case, full-width to half-width, accents removed.
  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase();
  }
  // Words and Chinese runs separated by single spaces: "Face-Swap" reads as "face swap".
  function words(text) {
    return " " + (fold(text).match(/[\p{L}\p{N}]+/gu) || []).join(" ") + " ";
  }
  // A case number without spaces or brackets: (2023)京0491民初11279号 -> 2023京0491民初11279号.
  function bare(text) {
    return fold(text).replace(/[\s()（）〔〕\[\]]+/g, "");
  }
  // Whether `text` says `term`: Chinese as written, Latin as whole words.
  function says(text, term) {
    var t = words(term).trim();
    if (!t) return false;
    if (/\s/.test(term.trim()) && CJK.test(t)) {  // Latin and Chinese mixed (Trik 训练): every part
      return term.trim().split(/\s+/).every(function (part) { return says(text, part); });
    }
    if (CJK.test(t)) return words(text).replace(/ /g, "").indexOf(t.replace(/ /g, "")) >= 0;
    return words(text).indexOf(" " + t + " ") >= 0;
  }

  function prepare(data) {
    var byTerm = {};
    data.aliases.forEach(function (group) {
      group.forEach(function (term) { byTerm[words(term).trim()] = group; });
    });
    var byId = {};
    data.cases.forEach(function (c) {
      c.titles = c.title + "\n" + c.title_zh;
      c.nameText = c.names.join("\n");
      c.bareNumbers = c.numbers.map(bare);
      byId[c.id] = c;
    });
    data.byTerm = byTerm;
    data.byId = byId;
    data.folded = data.vocabulary.map(function (v) { return words(v).trim(); });
    lookupData = data;
    return data;
  }

  // Levenshtein distance, for "did you mean".
  function distance(a, b) {
    var prev = [], row, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      row = [i];
      for (j = 1; j <= b.length; j++) {
        row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      prev = row;
    }
    return prev[b.length];
  }

  // The nearest names of the data: similarity (1 - distance / longer length) of at least 0.75, best first.
  function nearest(data, query) {
    var q = words(query).trim();
    if (!q) return [];
    var scored = [];
    data.folded.forEach(function (v, i) {
      if (v === q || Math.abs(v.length - q.length) > q.length / 2) return;
      var similarity = 1 - distance(q, v) / Math.max(q.length, v.length);
      if (similarity >= 0.75) scored.push([similarity, data.vocabulary[i]]);
    });
    scored.sort(function (a, b) { return b[0] - a[0] || (a[1] < b[1] ? -1 : 1); });
    return scored.slice(0, 3).map(function (s) { return s[1]; });
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

  function item(row, data) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.className = "result-link";
    if (data) {
      a.href = data.url;
      a.textContent = (data.meta && data.meta.title) || data.url;
    } else {
      a.href = new URL("cases/" + encodeURIComponent(row.id) + "/", root).pathname;
      a.textContent = row.title;
    }
    li.appendChild(a);
    var meta = (data && data.meta) || (lookupData.byId[row.id] || {}).meta || {};
    if (meta.status) {  // the case's status and its ruling's outcome, in one line beside its title
      var line = document.createElement("p");
      line.className = "result-status";
      line.textContent = say("status", { status: meta.status })
        + (meta.outcome ? say("outcome", { outcome: meta.outcome }) : "");
      li.appendChild(line);
    }
    if (row.local) {
      li.appendChild(localExcerpt(lookupData.byId[row.id], row.local));
    } else if (row.number) {
      var p = document.createElement("p");
      p.className = "excerpt";
      var mark = document.createElement("mark");
      mark.textContent = row.number;
      p.appendChild(mark);
      li.appendChild(p);
    } else {
      li.appendChild(excerpt((data && data.excerpt) || ""));
    }
    return li;
  }

  function showMore(run) {
    var batch = shown.slice(next, next + pageSize);
    next += batch.length;
    return Promise.all(batch.map(function (r) {
      if (r.data || !r.result) return Promise.resolve(r.data || null);
      return r.result.data();
    })).then(function (datas) {
      if (run !== current) return;
      datas.forEach(function (data, i) { list.appendChild(item(batch[i], data)); });
      more.hidden = next >= shown.length;
    });
  }

  function caseId(url) {
    var m = /\/cases\/([^/]+)\/?$/.exec(url || "");
    return m ? decodeURIComponent(m[1]) : null;
  }

  function showSuggestions(data, query) {
    suggest.textContent = "";
    var near = nearest(data, query);
    if (!near.length) { suggest.hidden = true; return; }
    suggest.appendChild(document.createTextNode(say("didyou", {})));
    near.forEach(function (name, i) {
      if (i) suggest.appendChild(document.createTextNode(i === near.length - 1 ? say("or", {}) : ", "));
      var a = document.createElement("a");
      a.href = "?q=" + encodeURIComponent(name);
      a.textContent = name;
      a.addEventListener("click", function (event) {
        event.preventDefault();
        input.value = name;
        start(name);
      });
      suggest.appendChild(a);
    });
    suggest.appendChild(document.createTextNode("?"));
    suggest.hidden = false;
  }

  // Terms that the lookup index answers by itself: Chinese written without spaces (小红书, AI换脸).
  function local(term) {
    return CJK.test(term) && !/\s/.test(term.trim());
  }

  function count(text, term) {
    var t = words(term).replace(/ /g, ""), hay = words(text).replace(/ /g, ""), n = 0, at = hay.indexOf(t);
    while (t && at >= 0) { n += 1; at = hay.indexOf(t, at + t.length); }
    return n;
  }

  // A window of the case's Chinese text around the first term it says, the term marked.
  function localExcerpt(c, terms) {
    var out = document.createElement("p");
    out.className = "excerpt";
    var text = c.zh, at = -1, len = 0;
    terms.forEach(function (t) {
      var i = text.toLocaleLowerCase().indexOf(t.toLocaleLowerCase());
      if (i >= 0 && (at < 0 || i < at)) { at = i; len = t.length; }
    });
    if (at < 0) { out.textContent = text.slice(0, 96); return out; }
    var from = Math.max(0, at - 40), to = Math.min(text.length, at + len + 60);
    out.appendChild(document.createTextNode((from ? "…" : "") + text.slice(from, at)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + len);
    out.appendChild(mark);
    out.appendChild(document.createTextNode(text.slice(at + len, to) + (to < text.length ? "…" : "")));
    return out;
  }

  function search(query, run) {
    return load().then(function (loaded) {
      var pf = loaded[0], data = loaded[1];
      var group = data.byTerm[words(query).trim()];
      var terms = group ? [query].concat(group.filter(function (t) { return words(t) !== words(query); })) : [query];
      var rows = {};
      // case numbers: the query, without spaces and brackets, inside a case's number
      var q = bare(query);
      if (q.length >= 4 && /\d/.test(q)) {
        data.cases.forEach(function (c) {
          var at = c.bareNumbers.findIndex(function (n) { return n.indexOf(q) >= 0; });
          if (at >= 0) rows[c.id] = { id: c.id, title: titleOf(c), number: c.numbers[at], tier: 0, source: 0, rank: 0 };
        });
      }
      // Chinese as written, from the lookup index: title, then names, then text; more mentions first
      var chinese = terms.filter(local);
      data.cases.forEach(function (c) {
        if (rows[c.id] || !chinese.length) return;
        var said = function (text) { return chinese.some(function (t) { return says(text, t); }); };
        var tier = said(c.titles) ? 1 : said(c.nameText) ? 2 : said(c.zh) ? 3 : -1;
        if (tier < 0) return;
        var mentions = chinese.reduce(function (n, t) { return n + count(c.zh, t); }, 0);
        rows[c.id] = { id: c.id, title: titleOf(c), tier: tier, source: 0, rank: -mentions, local: chinese };
      });
      // Pagefind: the words; and the Chinese only when no case says any term (then its characters match)
      var whole = Object.keys(rows).length > 0;
      var asked = terms.filter(function (t) { return !local(t); });
      return Promise.all(asked.map(function (t) { return pf.search(t); })).then(function (founds) {
        var any = whole || founds.some(function (f) { return f && f.results && f.results.length; });
        if (any || !chinese.length) return { founds: founds, asked: asked };
        return Promise.all(chinese.map(function (t) { return pf.search(t); })).then(function (more) {
          return { founds: founds.concat(more), asked: asked.concat(chinese) };
        });
      }).then(function (found) {
        return { data: data, terms: terms, asked: found.asked, founds: found.founds, rows: rows, whole: whole };
      });
    }).then(function (got) {
      if (run !== current) return null;
      var data = got.data, rows = got.rows;
      // Pagefind's results of every term, each page once, in order; a page's address (and so its case) is in
      // its data: read for the first RANKED pages, the rest follow in Pagefind's order.
      var seen = {}, results = [];
      got.founds.forEach(function (found) {
        ((found && found.results) || []).forEach(function (r) {
          if (!seen[r.id]) { seen[r.id] = true; results.push(r); }
        });
      });
      var head = results.slice(0, RANKED), tail = results.slice(RANKED);
      return Promise.all(head.map(function (r) { return r.data(); })).then(function (datas) {
        datas.forEach(function (d, i) {
          var id = caseId(d.url), c = data.byId[id];
          if (!c) return;
          if (rows[id]) { if (!rows[id].data && !rows[id].local) rows[id].data = d; return; }
          var said = function (text) { return got.asked.some(function (t) { return says(text, t); }); };
          var tier = said(c.titles) ? 1 : said(c.nameText) ? 2 : said(d.content || "") ? 3 : 4;
          rows[id] = { id: id, title: titleOf(c), tier: tier, source: 1, rank: i, data: d };
        });
        var list = Object.keys(rows).map(function (id) { return rows[id]; });
        list.sort(function (a, b) { return a.tier - b.tier || a.source - b.source || a.rank - b.rank; });
        return { data: data, terms: got.terms, whole: got.whole, fallback: got.asked.some(local), rows: list.concat(
          tail.map(function (r) { return { result: r, tier: 4 }; })) };
      });
    }).then(function (ranked) {
      if (!ranked || run !== current) return;
      var data = ranked.data, terms = ranked.terms;
      shown = ranked.rows;
      next = 0;
      var quoted = function (words) {
        return words.map(function (w) { return "“" + w + "”"; }).join(say("or", {}));
      };
      var text = shown.length === 1 ? say("foundOne", {}) : say("found", { n: shown.length });
      if (terms.length > 1) {
        text += say("for", { words: quoted(terms) });
      }
      var chinese = terms.filter(local);
      if (chinese.length && ranked.whole) {
        text += say("only", { words: quoted(chinese) });
      } else if (chinese.length && shown.length && ranked.fallback) {
        text += say("none", { words: quoted(chinese) });
      }
      status.textContent = text + say("end", {});
      // weak: no case has the query (or a term of its group) in its number, title, names or text
      if (!shown.some(function (r) { return r.tier < 4; })) showSuggestions(data, input.value.trim());
      return showMore(run);
    });
  }

  function start(query) {
    current += 1;
    var run = current;
    list.textContent = "";
    more.hidden = true;
    suggest.hidden = true;
    suggest.textContent = "";
    query = query.trim();
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    if (!query) { status.textContent = ""; return; }
    status.textContent = say("searching", {});
    search(query, run).catch(function (error) {
      if (run === current) status.textContent = say("failed", {}) + error.message;
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
