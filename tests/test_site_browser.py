"""The site in a real browser (headless Chromium): built from the repository's data, served on
127.0.0.1, read the way readers read it. Screenshots land in build/screenshots/ for people to look at."""

from __future__ import annotations

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
    build_site(con, out, ROOT / "data")
    records = {json.loads(r)["id"]: json.loads(r) for (r,) in con.execute("SELECT record FROM case_records")}
    con.close()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{server.server_address[1]}/", "out": out, "records": records}
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
                assert f"{len(saying)} contain “小红书” as written" in page.inner_text("#search-status")
                assert page.locator("#search-results mark").count() > 0
                shoot(page, "search-1280.png")
            assert page.input_value("input[name=q]") == query
        page.fill("input[name=q]", "Xiaohongshu")
        page.press("input[name=q]", "Enter")
        page.wait_for_function("() => new URL(location.href).searchParams.get('q') === 'Xiaohongshu'")
        page.wait_for_selector("#search-results .result-link[href*=xiaohongshu]", timeout=15000)
        assert page.console_errors == []


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
