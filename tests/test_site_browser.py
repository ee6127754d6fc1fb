"""The site in a real browser (headless Chromium): built from the repository's data, served on
127.0.0.1, read the way readers read it. Screenshots land in build/screenshots/ for people to look at."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import threading
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from browser import chromium_page

pytest.importorskip("jinja2")
pytest.importorskip("pagefind")

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "screenshots"
CASE = "cn-2024-ultraman-guangzhou"
TRIK = "cn-2023-illustrators-v-xiaohongshu"
BUILD_DAY = dt.date(2026, 12, 4)

# The boxes of every label and node of the page's picture, as the browser lays them out.
OVERLAPS = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg.kb-graph')) {
    const boxes = [];
    for (const t of svg.querySelectorAll('g.links text, g.nodes text')) boxes.push(['label ' + t.textContent, t.getBBox()]);
    for (const c of svg.querySelectorAll('g.nodes circle')) boxes.push(['node', c.getBBox()]);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [na, a] = boxes[i], [nb, b] = boxes[j];
      if (na === 'node' && nb === 'node') continue;
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) out.push([na, nb]);
    }
  }
  return out;
}"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from kb import store
    from kb.web.build import build_site

    tmp = tmp_path_factory.mktemp("site")
    paths = store.Paths(ROOT / "data", tmp / "kb.sqlite")
    dataset, findings = store.build(paths)
    assert dataset is not None, findings
    con = store.connect_readonly(paths.db)
    out = tmp / "site"
    built = build_site(con, out, ROOT / "data", today=BUILD_DAY)
    records = {json.loads(r)["id"]: json.loads(r) for (r,) in con.execute("SELECT record FROM case_records")}
    con.close()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{server.server_address[1]}/", "out": out, "records": records,
               "templates": built.templates}
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 375])
def test_home_and_case_page_read_at_desktop_and_phone_width(site, width):
    with chromium_page(width=width, height=800) as page:
        page.goto(site["url"])
        assert "AI-generated content" in page.inner_text("h1")
        assert page.locator("ul.counts a", has_text="CN").count() == 1
        assert no_horizontal_scroll(page)
        shoot(page, f"home-{width}.png")
        page.goto(f"{site['url']}cases/{CASE}/")
        record = site["records"][CASE]
        assert page.inner_text("h1 [lang=en]") == record["title"]
        assert page.inner_text("h1 [lang=zh-CN]") == record["title_zh"]
        assert page.locator("figure.graph svg").count() == 1
        assert page.evaluate(OVERLAPS) == []
        assert no_horizontal_scroll(page)
        shoot(page, f"case-{width}.png")
        assert page.console_errors == []


def test_search_finds_the_right_cases_in_chinese_and_english(site):
    # 小红书: the Trik suits name Xiaohongshu's operator as a party (known as 小红书); a case with 小 in its
    # title (小程序) must not push them off the first results, as Pagefind alone did.
    with chromium_page() as page:
        for query, expected in [("小红书", "cn-2023-illustrators-v-xiaohongshu"), ("伊普西龙", "cn-2023-illustrators-v-xiaohongshu"),
                                ("Ultraman", CASE)]:
            page.goto(f"{site['url']}search/?q={query}")
            page.wait_for_selector("#search-results .result-link", timeout=15000)
            while page.is_visible("#search-more"):
                page.click("#search-more")
            found = [urlsplit(a.get_attribute("href")).path for a in page.query_selector_all("#search-results .result-link")]
            ids = [p.strip("/").split("/")[-1] for p in found]
            # the cases whose indexed text says the query: all found, and ahead of every other match
            saying = set()
            for path in (site["out"] / "cases").glob("*/index.html"):
                html = path.read_text(encoding="utf-8")
                indexed = html[html.index("data-pagefind-body"):html.index("data-pagefind-ignore")]
                if query.casefold() in indexed.casefold():
                    saying.add(path.parent.name)
            assert expected in saying and saying <= set(ids), (query, ids)
            assert set(ids[:len(saying)]) == saying, (query, ids)
            if query == "小红书":
                assert set(ids) == saying, ids  # pages that match only 小, 红 or 书 are left out, and it is said
                assert "only cases that contain “小红书” as written, not its single characters" in page.inner_text(
                    "#search-status")
                assert page.locator("#search-results mark").count() > 0
                shoot(page, "search-1280.png")
            assert page.input_value("input[name=q]") == query
        page.fill("input[name=q]", "Xiaohongshu")
        page.press("input[name=q]", "Enter")
        page.wait_for_function("() => new URL(location.href).searchParams.get('q') === 'Xiaohongshu'")
        page.wait_for_selector("#search-results .result-link[href*=xiaohongshu]", timeout=15000)
        assert page.console_errors == []


def _results(page, query: str) -> list[str]:
    page.goto(f"{page.site}search/?q={query}")
    page.wait_for_function("() => !/Searching/.test(document.getElementById('search-status').textContent)"
                           " && document.getElementById('search-status').textContent !== ''", timeout=15000)
    while page.is_visible("#search-more"):
        page.click("#search-more")
    return [urlsplit(a.get_attribute("href")).path.strip("/").split("/")[-1]
            for a in page.query_selector_all("#search-results .result-link")]


def test_the_labelled_queries_in_the_browser(site):
    """The labelled sets of tests/search_queries.py in the site's search: case numbers first, readers'
    words widened to their group, Chinese whole phrases before single characters, typos answered with
    "did you mean"."""
    from search_queries import DEEPFAKE, NUMBERS, NYT, TRIK, TYPOS

    with chromium_page() as page:
        page.site = site["url"]
        for query, case_id in NUMBERS:
            assert _results(page, query)[:1] == [case_id], query
        xiaohongshu = TRIK + ["cn-2024-xingyin-v-ai-writing-goose", "cn-2025-xingyin-v-ai-writing-goose-appeal"]
        assert set(_results(page, "小红书")[:4]) == set(xiaohongshu)
        found = _results(page, "deepfake")
        assert set(found) >= set(DEEPFAKE) - {"eu-2024-ai-act-gpai"}, found
        found = _results(page, "NYT")
        assert set(found[:len(NYT)]) == set(NYT), found
        for query, meant in TYPOS[:2]:
            _results(page, query)
            page.wait_for_selector("#search-suggest a", timeout=15000)
            assert meant in [a.inner_text() for a in page.query_selector_all("#search-suggest a")], query
        page.click(f"#search-suggest a:text-is('{TYPOS[1][1]}')")
        page.wait_for_selector("#search-results .result-link", timeout=15000)
        assert page.input_value("input[name=q]") == TYPOS[1][1] and page.is_hidden("#search-suggest")
        assert page.console_errors == []
        page.set_viewport_size({"width": 375, "height": 800})
        _results(page, TYPOS[0][0])
        page.wait_for_selector("#search-suggest a", timeout=15000)
        assert no_horizontal_scroll(page)
        shoot(page, "search-suggest-375.png")


def test_the_case_list_filters_in_the_browser(site):
    cn = sorted(i for i, r in site["records"].items() if r["jurisdiction"] == "CN")
    with chromium_page(width=375) as page:
        page.goto(f"{site['url']}cases/?jurisdiction=CN")
        visible = page.locator("ul.caselist > li:not([hidden])")
        assert visible.count() == len(cn)
        page.select_option("select[name=status]", "decided")
        want = [i for i in cn if site["records"][i]["status"] == "decided"]
        assert page.locator("ul.caselist > li:not([hidden])").count() == len(want) > 0
        assert "status=decided" in page.url
        assert no_horizontal_scroll(page)
        assert page.console_errors == []


def test_a_case_page_prints_without_the_site_furniture(site):
    with chromium_page() as page:
        page.goto(f"{site['url']}cases/{CASE}/")
        page.emulate_media(media="print")
        assert not page.is_visible("header.site nav") and page.is_visible("h1")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("href", "src") and value:
                self.found.append(value)


def test_a_crawl_of_every_page_finds_no_broken_internal_link(site):
    base = site["url"]
    seen, queue, pages, broken = set(), [base], 0, []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            response = urllib.request.urlopen(url)
        except urllib.error.HTTPError as exc:
            broken.append((url, exc.code))
            continue
        if not response.headers.get_content_type() == "text/html":
            continue
        pages += 1
        parser = Links()
        parser.feed(response.read().decode())
        for href in parser.found:
            target = urljoin(url, href).split("#")[0]
            if target.startswith(base):
                queue.append(target.split("?")[0])
    assert broken == []
    built = {p for p in site["out"].rglob("*.html")}
    assert pages == len(built)  # every page is reachable, and was checked


# Text nodes holding Chinese whose nearest lang is not Chinese (or Japanese), as the browser sees them.
UNMARKED_CJK = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!/[\\u3400-\\u9fff]/.test(node.textContent)) continue;
    const holder = node.parentElement.closest('[lang]');
    const lang = holder ? holder.getAttribute('lang') : '';
    if (!(lang.startsWith('zh-CN') || lang.startsWith('ja'))) out.push(node.textContent.slice(0, 30));
  }
  return out;
}"""


def visible_ids(page) -> list[str]:
    return [a.get_attribute("href").strip("/").split("/")[-1]
            for a in page.query_selector_all("ul.caselist > li:not([hidden]) > a")]


@pytest.mark.parametrize("width", [1280, 375])
def test_a_reporter_on_deadline_finds_currency_news_outcomes_and_the_method(site, width):
    records = site["records"]
    with chromium_page(width=width, height=800) as page:
        page.goto(site["url"])
        # a skip link first, visible when focused, with a visible focus ring
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.className, getComputedStyle(document.activeElement).outlineStyle]")
        assert focused[0] == "skip" and focused[1] != "none"
        box = page.locator("a.skip").bounding_box()
        assert box["y"] >= 0 and box["x"] >= 0 and box["x"] + box["width"] <= width
        # currency: data reviewed and newest event apart
        currency = page.inner_text("section.currency")
        assert "Data last reviewed" in currency and "Newest event" in currency and "Site built\n2026-12-04" in currency
        assert no_horizontal_scroll(page)
        shoot(page, f"home-currency-{width}.png")
        # What's new and About are one click from home
        page.click("header.site nav a:text-is(\"What's new\")")
        assert page.inner_text("h1") == "What's new"
        first = page.locator("ol.news li").first
        # dated once, by the change (the status line inside may add when an open case was checked)
        assert first.locator(":scope > time").count() == 1 and "date from git history" in first.inner_text()
        assert no_horizontal_scroll(page)
        page.click("header.site nav a:text-is('About')")
        assert page.inner_text("h1") == "About and method"
        assert page.locator("dl.statuses dt").count() == 10
        assert no_horizontal_scroll(page)
        shoot(page, f"about-{width}.png")
        # the Trik suit says plainly that it may be out of date
        page.goto(f"{site['url']}cases/{TRIK}/")
        warning = page.locator("p.stale-warning")
        assert warning.is_visible() and "May be out of date" in warning.inner_text() and "2025-12-18" in warning.inner_text()
        assert page.locator('meta[property="og:description"]').get_attribute("content").startswith("Status: pending (as of 2025-12-18)")
        assert page.evaluate(UNMARKED_CJK) == []
        assert no_horizontal_scroll(page)
        shoot(page, f"case-stale-{width}.png")
        # the timeline shows outcomes beside the status
        page.goto(f"{site['url']}timeline/")
        assert page.locator("ol.events .outcome").count() > 50
        assert page.evaluate(UNMARKED_CJK) == []
        assert page.console_errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_the_case_list_filters_by_link_refuses_unknown_values_and_downloads(site, width):
    records = site["records"]
    with chromium_page(width=width, height=800) as page:
        page.goto(f"{site['url']}cases/?jurisdiction=US&status=decided")
        want = sorted(i for i, r in records.items() if r["jurisdiction"] == "US" and r["status"] == "decided")
        assert sorted(visible_ids(page)) == want and want
        assert page.locator("ul.caselist > li:not([hidden]) .outcome").count() == len(want)
        # an unknown value is said, shows nothing, and suggests the right one
        page.goto(f"{site['url']}cases/?jurisdiction=UK")
        assert visible_ids(page) == [] and page.is_visible("#unknown")
        notice = page.inner_text("#unknown")
        assert "No jurisdiction “UK”" in notice and "Did you mean GB" in notice
        assert no_horizontal_scroll(page)
        shoot(page, f"cases-unknown-{width}.png")
        page.click("#unknown a.suggestion")
        page.wait_for_function("() => new URL(location.href).searchParams.get('jurisdiction') === 'GB'")
        assert sorted(visible_ids(page)) == sorted(i for i, r in records.items() if r["jurisdiction"] == "GB")
        assert not page.is_visible("#unknown")
        # court and year, from the address and from the form
        page.goto(f"{site['url']}cases/?court=cn-bj-internet&year=2023")
        years = lambda r: {str(d)[:4] for d in (r.get("filed"), r.get("decided"), (r.get("ruling") or {}).get("date")) if d}
        want = sorted(i for i, r in records.items() if r.get("court") == "cn-bj-internet" and "2023" in years(r))
        assert sorted(visible_ids(page)) == want and want
        page.select_option("select[name=year]", "")
        assert "year=" not in page.url and "court=cn-bj-internet" in page.url
        page.goto(f"{site['url']}cases/?checked=stale")
        stale = [li for li in page.query_selector_all("ul.caselist > li:not([hidden])")]
        assert stale and all("may be out of date" in li.inner_text() for li in stale)
        # the downloads are one click away and hold every case
        csv_text = page.request.get(page.locator("a[href='cases.csv']").evaluate("a => a.href")).text()
        assert csv_text.count("\r\n") >= len(records) + 1 and "(2023)京0491民初11279号" in csv_text
        data = page.request.get(page.locator("a[href='cases.json']").evaluate("a => a.href")).json()
        assert len(data) == len(records)
        assert no_horizontal_scroll(page)
        assert page.console_errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_search_results_show_status_and_outcome_with_labels_kept_apart(site, width):
    with chromium_page(width=width, height=800) as page:
        page.goto(f"{site['url']}search/?q=Spring%20Breeze")
        page.wait_for_selector("#search-results .result-status", timeout=15000)
        line = page.inner_text("#search-results li >> nth=0")
        assert "Status: decided" in line and "Outcome: Plaintiff won in part" in line
        content = page.evaluate("""async () => {
          const pf = await import(new URL('../pagefind/pagefind.js', location.href).href);
          const found = await pf.search('Spring Breeze');
          return (await found.results[0].data()).content; }""")
        assert "Kind ruling · Status decided" in content and "Kindruling" not in content
        assert no_horizontal_scroll(page)
        shoot(page, f"search-status-{width}.png")
        assert page.console_errors == []


# Every block of text of a page, with its width and how many lines its text takes; every date that
# breaks across lines. See test_no_block_of_text_is_squeezed for what counts as a block of text.
BLOCKS = """() => {
  const display = el => getComputedStyle(el).display;
  const isBlock = el => {
    const d = display(el);
    if (['block', 'list-item', 'table-cell', 'table-caption', 'flow-root', 'flex', 'grid'].includes(d)) return true;
    const parent = el.parentElement && display(el.parentElement);
    return parent === 'flex' || parent === 'grid';  // a flex or grid item is laid out as a block
  };
  const holder = node => {
    for (let el = node.parentElement; el; el = el.parentElement) if (isBlock(el)) return el;
    return null;
  };
  const blocks = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || node.parentElement.closest('svg, script, style, template')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    if (!rects.length) continue;  // not shown (a closed <details>, a hidden element)
    const el = holder(node);
    if (!el) continue;
    if (!blocks.has(el)) blocks.set(el, {text: '', rects: []});
    const b = blocks.get(el);
    b.text += node.textContent;
    b.rects.push(...rects);
  }
  const out = [];
  for (const [el, b] of blocks) {
    b.rects.sort((p, q) => p.top - q.top);
    let lines = 0, bottom = -Infinity;
    for (const r of b.rects) {
      if (r.top >= bottom - 2) { lines += 1; bottom = r.bottom; } else bottom = Math.max(bottom, r.bottom);
    }
    const text = b.text.replace(/\\s+/g, ' ').trim();
    const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '');
    out.push({name, text: text.slice(0, 60), chars: [...text].length, lines, width: el.getBoundingClientRect().width});
  }
  const dates = [...document.querySelectorAll('time')].filter(t => t.getClientRects().length > 1)
    .map(t => t.textContent);
  return {blocks: out, brokenDates: dates, scrolls: document.documentElement.scrollWidth > window.innerWidth};
}"""

MIN_WIDTH = {375: 120, 1280: 200}
RUNNING_TEXT = 20  # characters: this much text is running text, whatever its lines


def pages_to_measure(site) -> dict[str, list[str]]:
    """For every template, the pages with the most text (the longest names, the most rows) and the first."""
    by_template: dict[str, list[str]] = {}
    for path, template in site["templates"].items():
        by_template.setdefault(template, []).append(path)
    chosen = {}
    for template, paths in sorted(by_template.items()):
        largest = sorted(paths, key=lambda p: -(site["out"] / p).stat().st_size)[:2]
        chosen[template] = list(dict.fromkeys(largest + [sorted(paths)[0]]))
    # the cases that answer questions of law: their answers block was the narrowest thing on the site
    answering = sorted((p for p in site["templates"] if p.startswith("cases/") and p.count("/") == 2
                        and 'class="answers"' in (site["out"] / p).read_text(encoding="utf-8")),
                       key=lambda p: -(site["out"] / p).read_text(encoding="utf-8").count("<dt><a"))
    chosen["case.html"] += answering[:2]
    chosen["search.html"] += ["search/index.html?q=Ultraman"]
    return chosen


@pytest.mark.parametrize("width", [375, 1280])
def test_no_block_of_text_is_squeezed(site, width):
    """On one or more pages of every template, at a phone's 375 px and a desktop's 1280 px, every block of
    text is at least 120 px (375) or 200 px (1280) wide, no date breaks across lines, and nothing scrolls
    sideways.

    A block of text is an element laid out as a block (display block, list-item, table-cell,
    table-caption, flow-root, flex or grid, or any item of a flex or grid container) that holds the line
    boxes of visible text: the text nodes whose nearest block ancestor it is, outside SVG pictures. Its
    width is its border box's. It counts when that text is at least 20 characters long or takes more
    than one line: a label that fits on one line (a date, a count, a code, "Kind") is not running text
    and may sit in a narrower column. A date is every <time> element; it must have a single line box.
    """
    pages = pages_to_measure(site)
    assert {"case.html", "question.html", "questions.html", "timeline.html", "charts.html", "entity.html",
            "registry.html", "home.html", "cases.html", "search.html"} <= set(pages)
    squeezed, broken, scrolling, measured = [], [], [], 0
    with chromium_page(width=width, height=900) as page:
        for template, paths in pages.items():
            for path in paths:
                page.goto(site["url"] + path.replace("index.html", ""))
                if "?q=" in path:
                    page.wait_for_selector("#search-results .result-link", timeout=15000)
                found = page.evaluate(BLOCKS)
                measured += len(found["blocks"])
                squeezed += [(path, b["name"], round(b["width"]), b["lines"], b["text"]) for b in found["blocks"]
                             if (b["chars"] >= RUNNING_TEXT or b["lines"] > 1) and b["width"] < MIN_WIDTH[width]]
                broken += [(path, d) for d in found["brokenDates"]]
                if found["scrolls"]:
                    scrolling.append(path)
        assert page.console_errors == []
    assert measured > 500
    assert squeezed == []
    assert broken == []
    assert scrolling == []


@pytest.mark.parametrize("width", [375, 1280])
def test_the_case_answers_and_question_tables_read_whole(site, width):
    """The blocks that were squeezed before: a case's answers to questions of law and a question's table."""
    with chromium_page(width=width, height=900) as page:
        page.goto(f"{site['url']}cases/{CASE}/")
        dds = page.evaluate("() => [...document.querySelectorAll('dl.answers dd')].map(d => d.getBoundingClientRect().width)")
        main = page.evaluate("() => document.querySelector('main').clientWidth")
        assert dds and min(dds) > 0.8 * main - 40
        page.goto(f"{site['url']}questions/ai-output-protection/")
        cells = page.evaluate("""() => [...document.querySelectorAll('table.matrix td[data-label=Holding]')]
                                 .map(d => d.getBoundingClientRect().width)""")
        assert cells and min(cells) >= MIN_WIDTH[width]
        one_line = page.evaluate("() => [...document.querySelectorAll('table.matrix time')].every(t => t.getClientRects().length === 1)")
        assert one_line
        shoot(page, f"question-{width}.png")


# Every text element of the charts, by the box the browser draws it in; the pairs that overlap.
LABELS = """() => {
  const out = {labels: 0, overlaps: [], outside: []};
  for (const svg of document.querySelectorAll('figure.chart svg')) {
    const frame = svg.getBoundingClientRect();
    const boxes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
      .map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
    out.labels += boxes.length;
    for (const [text, r] of boxes)
      if (r.left < frame.left - 0.5 || r.right > frame.right + 0.5 || r.top < frame.top - 0.5 || r.bottom > frame.bottom + 0.5)
        out.outside.push(text);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [ta, a] = boxes[i], [tb, b] = boxes[j];
      if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
        out.overlaps.push([ta, tb]);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_the_charts_labels_never_overlap_and_fit_the_page(site, width):
    with chromium_page(width=width, height=900) as page:
        page.goto(f"{site['url']}charts/")
        assert page.locator("figure.chart svg").count() == 3
        found = page.evaluate(LABELS)
        assert found["labels"] > 50
        assert found["overlaps"] == []
        assert found["outside"] == []
        assert no_horizontal_scroll(page)
        # every chart offers its SVG, PNG and CSV, and says its source
        for slug in ("cases-per-year", "answers-by-court", "timeline"):
            links = page.locator(f"#{slug} .chart-files a")
            assert [a.get_attribute("href") for a in links.all()] == [f"{slug}.svg", f"{slug}.png", f"{slug}.csv"]
            assert "Source: kb" in page.inner_text(f"#{slug} .chart-source")
        shoot(page, f"charts-{width}.png")
        assert page.console_errors == []


@pytest.mark.parametrize("width", [375, 1280])
def test_the_timeline_narrows_to_a_jurisdiction_and_jumps_to_a_year(site, width):
    with chromium_page(width=width, height=900) as page:
        page.goto(f"{site['url']}timeline/")
        total = page.locator("ol.events > li").count()
        # every year but the newest is folded: the page is a fraction of the whole list's height
        folded = page.evaluate("() => document.documentElement.scrollHeight")
        page.evaluate("() => document.querySelectorAll('details.timeline-year').forEach(d => { d.open = true; })")
        assert folded < page.evaluate("() => document.documentElement.scrollHeight") / 2
        page.click("nav.timeline-places a:has-text('CN')")
        assert urlsplit(page.url).path.endswith("/timeline/CN/")
        cn = page.locator("ol.events > li").count()
        cases = {a.get_attribute("href").strip("/").split("/")[-1]
                 for a in page.locator("ol.events > li > a:not(.source)").all()}
        assert 0 < cn < total and all(site["records"][c]["jurisdiction"] == "CN" for c in cases)
        years = page.locator("nav.timeline-years a")
        assert years.count() >= 3
        newest = years.nth(years.count() - 1).get_attribute("href")
        assert page.evaluate(f"() => document.querySelector('{newest}').open")  # the newest year is open
        link = years.nth(1)  # an older year, folded until its link is followed
        year = link.get_attribute("href").removeprefix("#y")
        assert link.inner_text().split()[0] == year
        folded = f"document.getElementById('y{year}')"
        assert not page.evaluate(f"() => {folded}.open")
        hidden_items = page.evaluate(f"() => {folded}.querySelectorAll('li').length")
        assert hidden_items > 0 and page.locator(f"#y{year} li").first.is_hidden()
        link.click()
        assert page.url.endswith(f"#y{year}")
        assert page.evaluate(f"() => {folded}.open")
        assert page.locator(f"#y{year} li").first.is_visible()
        top = page.evaluate(f"() => {folded}.getBoundingClientRect().top")
        assert -1 <= top < page.evaluate("() => window.innerHeight") and page.evaluate("() => window.scrollY") > 0
        # an address that names a year opens it too
        page.goto(f"{site['url']}timeline/#y{year}")
        assert page.evaluate(f"() => {folded}.open")
        page.goto(f"{site['url']}timeline/CN/")
        assert no_horizontal_scroll(page)
        shoot(page, f"timeline-cn-{width}.png")


# -- the Chinese edition -----------------------------------------------------------------------------------
@pytest.mark.parametrize("width", [1280, 375])
def test_the_chinese_edition_reads_at_desktop_and_phone_width(site, width):
    record = site["records"][CASE]
    with chromium_page(width=width, height=800) as page:
        page.goto(f"{site['url']}zh/")
        assert page.get_attribute("html", "lang") == "zh-CN"
        assert page.inner_text("h1") == "生成式人工智能内容的诉讼与争议"
        assert page.locator("nav a", has_text="案件").count() == 1
        hreflang = {e.get_attribute("hreflang"): e.get_attribute("href")
                    for e in page.query_selector_all("link[rel=alternate][hreflang]")}
        assert set(hreflang) == {"en", "zh-CN", "x-default"}
        assert no_horizontal_scroll(page)
        shoot(page, f"zh-home-{width}.png")
        page.goto(f"{site['url']}zh/cases/{CASE}/")
        assert page.get_attribute("html", "lang") == "zh-CN"
        assert page.inner_text("h1 [lang=zh-CN]") == record["title_zh"]
        assert page.inner_text("h1 [lang=en]") == record["title"]
        assert page.locator("dt", has_text="状态").count() == 1
        assert page.locator("figure.graph svg").count() == 1
        assert no_horizontal_scroll(page)
        shoot(page, f"zh-case-{width}.png")
        # the language switch opens the same case in English, and back
        page.click("nav a.language")
        assert urlsplit(page.url).path == f"/cases/{CASE}/"
        assert page.get_attribute("html", "lang") == "en" and page.inner_text("h1 [lang=en]") == record["title"]
        page.click("nav a.language")
        assert urlsplit(page.url).path == f"/zh/cases/{CASE}/"
        page.goto(f"{site['url']}zh/courts/")
        assert page.inner_text("h1") == "法院与机关" and no_horizontal_scroll(page)
        assert page.console_errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_the_chinese_timeline_and_charts_pages_read_in_chinese(site, width):
    with chromium_page(width=width, height=800) as page:
        page.goto(f"{site['url']}zh/timeline/")
        assert page.inner_text("h1") == "时间线"
        assert page.inner_text("main p").startswith("全部案件共有 ")
        assert page.inner_text(".timeline-places .label") == "法域："
        assert page.inner_text(".timeline-years .label") == "年份："
        assert "个事件" in page.inner_text("details.timeline-year[open] summary")
        assert no_horizontal_scroll(page)
        shoot(page, f"zh-timeline-{width}.png")
        page.goto(f"{site['url']}zh/charts/")
        assert page.inner_text("h1") == "图表"
        assert page.locator("section.chart h2").all_inner_texts() == [
            "各法域每年案件数", "各法律问题的回答（按法院与年份）", "各法域案件事件时间线"]
        assert page.locator("figure.chart [lang=en] svg").count() == 3  # drawn once, in English, and marked so
        assert no_horizontal_scroll(page)
        shoot(page, f"zh-charts-{width}.png")
        assert page.console_errors == []


def test_the_chinese_search_page_finds_xiaohongshu_in_its_own_edition(site):
    with chromium_page(width=375) as page:
        page.goto(f"{site['url']}zh/search/?q=小红书")
        page.wait_for_selector("#search-results .result-link", timeout=15000)
        links = [a.get_attribute("href") for a in page.query_selector_all("#search-results .result-link")]
        paths = [urlsplit(href).path for href in links]
        assert all(p.startswith("/zh/cases/") for p in paths), paths  # its own edition's pages
        ids = [p.strip("/").split("/")[-1] for p in paths]
        # the Chinese pages that say 小红书 as written (the Trik suit among them) come first, all of them
        saying = set()
        for path in (site["out"] / "zh/cases").glob("*/index.html"):
            html = path.read_text(encoding="utf-8")
            if "小红书" in html[html.index("data-pagefind-body"):html.index("data-pagefind-ignore")]:
                saying.add(path.parent.name)
        assert "cn-2023-illustrators-v-xiaohongshu" in saying
        assert set(ids) == saying, ids  # only the cases that say it as written, not its single characters
        status = page.inner_text("#search-status")
        assert status == f"找到 {len(ids)} 件案件；仅列出原文包含“小红书”的案件，不含只匹配单个字的。", status
        lines = [t for t in page.locator("#search-results li").all_inner_texts()]
        assert all("状态：" in t and "Status:" not in t for t in lines), lines  # each case's status, in Chinese
        first = page.locator("#search-results .result-link").first
        record = site["records"][ids[0]]
        assert first.inner_text().startswith(record.get("title_zh") or record["title"])  # Chinese title first
        assert no_horizontal_scroll(page)
        shoot(page, "zh-search-375.png")
        assert page.console_errors == []



def test_the_case_list_turns_newest_first_and_speaks_the_editions_language(site):
    """?sort=newest reads the list backwards, kept in the address with the filters; the notice of an
    unknown value, its suggestion and the count are said in the edition's language."""
    with chromium_page(width=1280, height=800) as page:
        page.goto(f"{site['url']}cases/")
        oldest = visible_ids(page)
        assert len(oldest) == len(site["records"]) and page.inner_text("#shown").endswith("cases, oldest first.")
        page.select_option("select[name=sort]", "newest")
        page.wait_for_function("() => new URL(location.href).searchParams.get('sort') === 'newest'")
        assert visible_ids(page) == oldest[::-1]
        assert page.inner_text("#shown") == f"{len(oldest)} of {len(oldest)} cases, newest first."
        page.goto(f"{site['url']}cases/?jurisdiction=CN&sort=newest")
        chinese = [i for i in oldest if site["records"][i]["jurisdiction"] == "CN"]
        assert visible_ids(page) == chinese[::-1] and page.input_value("select[name=sort]") == "newest"
        page.goto(f"{site['url']}cases/?sort=newst")
        assert visible_ids(page) == [] and page.inner_text("#unknown") == (
            "No sort order “newst” in this list, so no case is shown. Did you mean newest (newest first)? Known: newest.")

        page.goto(f"{site['url']}zh/cases/?jurisdiction=UK")
        codes = sorted({r["jurisdiction"] for r in site["records"].values()})
        assert page.inner_text("#unknown") == (
            f"本列表中没有法域“UK”，所以不显示任何案件。是否要找 GB？可选的值：{'，'.join(codes)}。")
        page.goto(f"{site['url']}zh/cases/?sort=newest")
        assert page.inner_text("#shown") == f"共 {len(oldest)} 件，显示 {len(oldest)} 件，由新到旧排列。"
        assert visible_ids(page) == oldest[::-1]
        assert page.console_errors == []
