"""kb site: the static site's pages, feed, sitemap and safety, read from the built files."""

from __future__ import annotations

import json
import re
from html import unescape
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import CASES, write_data

pytest.importorskip("jinja2")


class Page(HTMLParser):
    """Links, scripts and the `lang` of every element of one page."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[str] = []
        self.scripts: list[dict] = []
        self.alternates: list[str] = []
        self.hreflangs: dict[str, str] = {}  # the editions of the page: language -> href
        self.licenses: list[tuple[str, str]] = []  # (tag, href) of every rel="license"
        self.langs: list[tuple[str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "script":
            self.scripts.append(a)
        if tag == "link" and a.get("rel") == "alternate":
            if "hreflang" in a:
                self.hreflangs[a["hreflang"]] = a.get("href")
            else:
                self.alternates.append(a.get("href"))
        if a.get("rel") == "license":
            self.licenses.append((tag, a.get("href")))
        if "lang" in a:
            self.langs.append((tag, a["lang"]))


@pytest.fixture
def built(run, tmp_path):
    out = tmp_path / "site"
    result = run("site", "-o", str(out), "--no-search", "--base-url", "https://example.org/kb",
                 "--repo-url", "https://github.com/example/kb")
    assert result.exit_code == 0, result.stderr
    return out


def test_a_page_per_case_and_per_court_party_claim_and_product(built):
    for path in ["index.html", "cases/index.html", "timeline/index.html", "search/index.html",
                 "cases/cn-2023-li-v-liu/index.html", "courts/cn-bj-internet/index.html", "parties/xingyin/index.html",
                 "claims/training-data-use/index.html", "products/trik-ai/index.html", "parties/index.html"]:
        assert (built / path).is_file(), path
    party = (built / "parties/xingyin/index.html").read_text(encoding="utf-8")
    assert "Painters v. Xiaohongshu" in party and "Illustrators boycott Xiaohongshu" in party
    assert "Li v. Liu" not in party


def test_the_case_page_says_everything_the_record_holds(built):
    html = (built / "cases/cn-2023-li-v-liu/index.html").read_text(encoding="utf-8")
    for text in ['<span lang="en">Li v. Liu</span> <span lang="zh-CN" class="zh">李某诉刘某案</span>', "ruling", "decided",
                 "Beijing Internet Court", "(2023)京0491民初11279号", "civil", "plaintiff", "defendant",
                 "Copyrightability of AI output", "Stable Diffusion", "Judgment for the plaintiff.",
                 'href="https://example.org/li-v-liu"', "Plaintiff won", "500.00 CNY", "similar facts",
                 "Painters v. Xiaohongshu", "<svg", "Cite this", "record.yaml",
                 "https://github.com/example/kb/blob/HEAD/data/cases.yaml#L1",
                 '<link rel="canonical" href="https://example.org/kb/cases/cn-2023-li-v-liu/">']:
        assert text in html, text
    # events in date order: the month-precise statement before the day-precise judgment
    assert html.index("Court publishes the case.") < html.index("Judgment for the plaintiff.")
    cite = re.sub(r"<[^>]+>", "", re.search(r'<p class="cite-text">(.*?)</p>', html, re.S).group(1))
    assert "Li v. Liu (李某诉刘某案), Beijing Internet Court, (2023)京0491民初11279号, 2023-11-27." in cite
    assert "https://example.org/kb/cases/cn-2023-li-v-liu/" in cite
    csl = json.loads(unescape(re.sub(r"<[^>]+>", "", re.search(r"<pre>(.*?)</pre>", html, re.S).group(1))))
    assert csl[0]["type"] == "legal_case" and csl[0]["number"] == "(2023)京0491民初11279号"
    record = (built / "cases/cn-2023-li-v-liu/record.yaml").read_text(encoding="utf-8")
    assert record.startswith("- id: cn-2023-li-v-liu\n") and "- id: cn-2023-painters" not in record
    assert (built / "cases/cn-2023-li-v-liu/graph.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_every_page_links_the_feed_has_no_script_from_data_and_marks_languages(built):
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 20
    allowed = {"static/search.js", "static/cases.js", "static/timeline.js"}
    for path in pages:
        page = Page(path.read_text(encoding="utf-8"))
        depth = len(path.relative_to(built).parts) - 1
        assert page.alternates == ["../" * depth + "feed.xml"], path
        for script in page.scripts:
            assert script.get("src", "").replace("../", "") in allowed, (path, script)
        assert ("html", "zh-CN" if path.relative_to(built).parts[0] == "zh" else "en") in page.langs


def test_every_page_states_the_data_license(built):
    cc_by = "https://creativecommons.org/licenses/by/4.0/"
    for path in sorted(built.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert Page(text).licenses == [("link", cc_by), ("a", cc_by)], path
        chinese = path.relative_to(built).parts[0] == "zh"
        assert ("所链接的每个来源适用其自身条款" if chinese else "each linked source keeps its own terms") in text, path
    feed = (built / "feed.xml").read_text(encoding="utf-8")
    assert "<rights>" in feed and f'rel="license" href="{cc_by}"' in feed


def test_feed_and_sitemap_are_what_readers_and_crawlers_take(built):
    import feedparser

    feed = feedparser.parse((built / "feed.xml").read_bytes())
    assert not feed.bozo and {e.title.split(" · ")[0] for e in feed.entries} >= {"2023-11-27", "2024-06-20"}
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [el.text for el in ET.parse(built / "sitemap.xml").getroot().iter(f"{ns}loc")]
    assert "https://example.org/kb/cases/cn-2023-li-v-liu/" in locs and "https://example.org/kb/" in locs
    assert len(locs) == len(list(built.rglob("*.html")))


def test_a_hostile_title_renders_as_text(tmp_path, run):
    data = write_data(tmp_path / "hostile", cases=CASES.replace(
        "title: Li v. Liu\n", "title: '<script>alert(1)</script><img src=x onerror=alert(2)>'\n", 1))
    out = tmp_path / "site"
    assert run("site", "-o", str(out), "--no-search", data=data).exit_code == 0
    for path in [out / "cases/cn-2023-li-v-liu/index.html", out / "cases/index.html", out / "parties/li/index.html"]:
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html


def test_rebuilding_replaces_a_site_but_never_another_folder(run, tmp_path):
    out = tmp_path / "site"
    assert run("site", "-o", str(out), "--no-search").exit_code == 0
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert run("site", "-o", str(out), "--no-search").exit_code == 0
    assert not (out / "stale.html").exists() and (out / "index.html").exists()
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me", encoding="utf-8")
    result = run("site", "-o", str(precious), "--no-search")
    assert result.exit_code == 1 and "is not a site kb built" in result.stderr and "Traceback" not in result.stderr
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "keep me"


def test_the_search_index_is_built_with_pagefind(run, tmp_path):
    pytest.importorskip("pagefind")
    out = tmp_path / "site"
    result = run("site", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert (out / "pagefind/pagefind.js").is_file() and list((out / "pagefind").glob("*.pf_meta"))
    # only the case pages are indexed, so a search finds cases
    assert "data-pagefind-body" in (out / "cases/cn-2023-li-v-liu/index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in (out / "parties/li/index.html").read_text(encoding="utf-8")


def test_the_pages_workflow_builds_the_site_without_secrets_and_pins_its_actions():
    import yaml

    root = Path(__file__).resolve().parent.parent
    text = (root / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert "secrets." not in text and workflow["jobs"]["deploy"]["permissions"]["pages"] == "write"
    assert "pages" not in workflow["permissions"]  # only the job that deploys may write
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert {u.split("@")[0] for u in uses} >= {"actions/upload-pages-artifact", "actions/deploy-pages"}
    assert all(re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", u) for u in uses), uses
    assert any("kb site -o _site" in s.get("run", "") for s in steps)
    pull_request = yaml.safe_load((root / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    assert any("kb site" in s.get("run", "") for s in pull_request["jobs"]["check"]["steps"])


# -- --base-url: canonical links, the sitemap and cite text ----------------------------------------------
def test_every_page_has_its_canonical_url_and_case_pages_cite_it(built):
    for path in sorted(built.rglob("*.html")):
        page = path.relative_to(built).as_posix()
        url = "https://example.org/kb/" + (page[: -len("index.html")] if page.endswith("index.html") else page)
        html = path.read_text(encoding="utf-8")
        assert html.count('rel="canonical"') == 1 and f'<link rel="canonical" href="{url}">' in html, page
        if page.startswith("cases/") and page.count("/") == 2:
            cite = unescape(re.sub(r"<[^>]+>", "", re.search(r'<p class="cite-text">(.*?)</p>', html, re.S).group(1)))
            assert cite.endswith(f" {url}"), page


def test_cite_text_and_csl_title_drop_descriptive_parentheticals(run, tmp_path):
    data = write_data(tmp_path / "described", cases=CASES.replace(
        "title: Li v. Liu\n", "title: 'Li v. Liu (copyright in an AI-generated image, \"Spring Breeze\" case)'\n", 1))
    out = tmp_path / "site"
    assert run("site", "-o", str(out), "--no-search", "--base-url", "https://example.org/kb/", data=data).exit_code == 0
    html = (out / "cases/cn-2023-li-v-liu/index.html").read_text(encoding="utf-8")
    cite = unescape(re.sub(r"<[^>]+>", "", re.search(r'<p class="cite-text">(.*?)</p>', html, re.S).group(1)))
    assert cite.startswith("Li v. Liu (李某诉刘某案), Beijing Internet Court, (2023)京0491民初11279号, 2023-11-27.")
    assert "Spring Breeze" not in cite and cite.endswith(" https://example.org/kb/cases/cn-2023-li-v-liu/")
    csl = json.loads(unescape(re.sub(r"<[^>]+>", "", re.search(r"<pre>(.*?)</pre>", html, re.S).group(1))))
    assert (csl[0]["title"], csl[0]["number"]) == ("Li v. Liu", "(2023)京0491民初11279号")
    assert "Spring Breeze" in html  # the page's own heading keeps the full title


def test_without_a_base_url_the_site_says_what_it_lacks(run, tmp_path):
    out = tmp_path / "site"
    result = run("site", "-o", str(out), "--no-search")
    assert result.exit_code == 0
    assert "no canonical link" in result.stderr and "no page URL" in result.stderr
    html = (out / "cases/cn-2023-li-v-liu/index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in html and "http" not in re.search(r'<p class="cite-text">(.*?)</p>', html).group(1)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert "cases/cn-2023-li-v-liu/" in [el.text for el in ET.parse(out / "sitemap.xml").getroot().iter(f"{ns}loc")]


@pytest.mark.parametrize("url", ["ftp://example.org/kb/", "example.org/kb", "https://", "javascript:alert(1)",
                                 "https://exa mple.org/", "http://[::1"])
def test_a_base_url_that_is_not_http_is_refused_before_building(run, tmp_path, url):
    out = tmp_path / "site"
    result = run("site", "-o", str(out), "--no-search", "--base-url", url)
    assert result.exit_code == 2
    assert f"--base-url: '{url}' is not an http(s) address" in result.stderr and "Traceback" not in result.output
    assert not out.exists() and not run.db.exists()


# -- the site as a newsroom tool: currency, what's new, outcomes, about, previews, downloads, languages ----
import csv
import datetime as dt
import io
from typing import get_args

ROOT = Path(__file__).resolve().parent.parent
BUILD_DAY = dt.date(2026, 12, 4)


def _build(data: Path, out: Path, today: dt.date, base_url=None):
    from kb import store
    from kb.web.build import build_site

    paths = store.Paths(data, out.parent / f"{out.name}.sqlite")
    dataset, findings = store.build(paths)
    assert dataset is not None, findings
    con = store.connect_readonly(paths.db)
    try:
        build_site(con, out, data, base_url=base_url, search_index=False, today=today)
    finally:
        con.close()
    return out


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The repository's own data, built as of a fixed day, with its database for comparisons."""
    from kb import store

    tmp = tmp_path_factory.mktemp("shipped")
    out = _build(ROOT / "data", tmp / "site", BUILD_DAY, base_url="https://example.org/kb/")
    con = store.connect_readonly(tmp / "site.sqlite")
    yield {"out": out, "con": con}
    con.close()


class Tree(HTMLParser):
    """Every text node with the `lang` of its nearest element that has one; skip links, badges, meta tags."""
    VOID = {"meta", "link", "br", "img", "input", "hr", "wbr", "source", "area", "col", "embed", "param", "track"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, Optional[str], dict]] = []
        self.texts: list[tuple[str, str, str]] = []  # (text, lang, tag)
        self.metas: dict[str, str] = {}
        self.empty_badges: list[str] = []
        self.first_in_body: Optional[tuple[str, dict]] = None
        self.feed(text)

    def lang(self) -> str:
        return next((lang for _, lang, _ in reversed(self.stack) if lang is not None), "")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.metas[a.get("property") or a.get("name")] = a.get("content") or ""
        if self.stack and self.stack[-1][0] == "body" and self.first_in_body is None:
            self.first_in_body = (tag, a)
        if tag not in self.VOID:
            self.stack.append((tag, a.get("lang"), {"class": a.get("class") or "", "text": ""}))

    def handle_endtag(self, tag):
        if tag not in (name for name, _, _ in self.stack):
            return
        while self.stack:
            name, _, info = self.stack.pop()
            if {"role", "kind", "status", "outcome", "answer"} & set(info["class"].split()) and not info["text"].strip():
                self.empty_badges.append(info["class"])
            if self.stack:
                self.stack[-1][2]["text"] += info["text"]
            if name == tag:
                break

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2]["text"] += data
            if data.strip():
                self.texts.append((data, self.lang(), self.stack[-1][0]))


from typing import Optional  # noqa: E402

from kb.web.lang import CJK  # noqa: E402


def test_every_chinese_text_is_marked_and_every_page_has_previews_a_skip_link_and_no_empty_badge(shipped):
    pages = sorted(shipped["out"].rglob("*.html"))
    unmarked, marked = [], 0
    for path in pages:
        tree = Tree(path.read_text(encoding="utf-8"))
        for text, lang, tag in tree.texts:
            if CJK.search(text) and tag not in ("title", "script", "style"):
                if lang.startswith(("zh-CN", "ja")):
                    marked += 1
                else:
                    unmarked.append((str(path.relative_to(shipped["out"])), text[:40], lang))
        for key in ("description", "og:title", "og:description", "og:type", "og:url", "twitter:card",
                    "twitter:title", "twitter:description"):
            assert tree.metas.get(key), (path, key)
        assert tree.first_in_body == ("a", {"class": "skip", "href": "#main"}), path
        assert tree.empty_badges == [], (path, tree.empty_badges)
        html = path.read_text(encoding="utf-8")
        parts = path.relative_to(shipped["out"]).parts
        depth = len(parts) - 1 - (parts[0] == "zh")  # the Chinese edition's links stay inside it
        assert 'href="' + "../" * depth + 'about/"' in html, path
        assert ' lang="zh"' not in html, path
    assert unmarked == [] and marked > 1000


def test_a_case_page_preview_says_its_status_and_outcome(shipped):
    html = (shipped["out"] / "cases/cn-2023-li-v-liu/index.html").read_text(encoding="utf-8")
    metas = Tree(html).metas
    assert metas["og:description"].startswith("Status: decided (as of ")
    assert "Outcome: Plaintiff won in part" in metas["og:description"] and len(metas["og:description"]) <= 200
    assert metas["og:url"] == "https://example.org/kb/cases/cn-2023-li-v-liu/" and metas["og:type"] == "article"


def test_an_open_case_not_checked_for_six_months_says_it_may_be_out_of_date_as_kb_stale_does(shipped):
    from kb.freshness import stale

    out = shipped["out"]
    trik = (out / "cases/cn-2023-illustrators-v-xiaohongshu/index.html").read_text(encoding="utf-8")
    assert "pending <span class=\"asof\">(as of <time>2025-12-18</time>)</span>" in trik
    assert "May be out of date." in trik and "built on <time>2026-12-04</time>" in trik
    warned = {p.parent.name for p in (out / "cases").glob("*/index.html")
              if 'class="stale-warning"' in p.read_text(encoding="utf-8")}
    listed = {r["id"] for r in stale(shipped["con"], today=BUILD_DAY)}
    assert warned == listed and "cn-2023-illustrators-v-xiaohongshu" in warned
    assert "cn-2023-li-v-liu" not in warned  # decided: never stale
    rows = re.findall(r'<li data-jurisdiction[^>]*data-stale="(yes|no)"[^>]*>\s*<a href="[^"]*cases/([^/]+)/"',
                      (out / "cases/index.html").read_text(encoding="utf-8"))
    total = shipped["con"].execute("SELECT count(*) FROM cases").fetchone()[0]
    assert {rid for flag, rid in rows if flag == "yes"} == listed and len(rows) == total
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Data last reviewed" in home and "Newest event" in home and "newest source was checked" not in home
    assert f"<strong>{len(listed)}</strong> of" in home and 'href="cases/?checked=stale"' in home


def test_staleness_counts_from_the_build_day(tmp_path):
    data = write_data(tmp_path / "data")
    early = _build(data, tmp_path / "early", dt.date(2024, 12, 31))
    late = _build(data, tmp_path / "late", dt.date(2025, 3, 1))
    page = "cases/cn-2023-painters-v-xiaohongshu/index.html"
    assert "stale-warning" not in (early / page).read_text(encoding="utf-8")
    assert "stale-warning" in (late / page).read_text(encoding="utf-8")
    assert "(checked <time>2024-06</time>)</span> <strong class=\"stale\">may be out of date" in (
        late / "cases/index.html").read_text(encoding="utf-8")


def test_outcomes_stand_beside_the_status_wherever_a_case_is_listed(shipped):
    out = shipped["out"]
    outcome = "Plaintiff won in part (claimed CNY 5,000; awarded CNY 500 plus a public apology)"
    line = f'<span class="status status-decided">decided</span> · <span class="outcome">{outcome}</span>'
    for page in ["cases/index.html", "courts/cn-bj-internet/index.html", "parties/li-yunkai/index.html",
                 "claims/copyrightability/index.html", "timeline/index.html"]:
        if (out / page).exists():
            assert line in (out / page).read_text(encoding="utf-8"), page
    judge_pages = [p for p in (out / "judges").glob("*/index.html") if "cn-2023-li-v-liu" in p.read_text(encoding="utf-8")]
    assert judge_pages and all(line in p.read_text(encoding="utf-8") for p in judge_pages)
    case = (out / "cases/cn-2023-li-v-liu/index.html").read_text(encoding="utf-8")
    assert f'<dd class="outcome">{outcome}</dd>' in case
    # the search index's text keeps label and value pairs apart
    assert '<dd>ruling</dd>\n<dt><span class="sep" aria-hidden="true"> · </span>Status</dt>' in case
    assert 'data-pagefind-meta="outcome[data-value]" data-value="' + outcome in case


def test_the_about_page_explains_every_status_of_the_model(shipped):
    from kb.models import CaseStatus
    from kb.web.about import STATUS_MEANINGS

    assert list(STATUS_MEANINGS) == list(get_args(CaseStatus))
    html = (shipped["out"] / "about/index.html").read_text(encoding="utf-8")
    for status in get_args(CaseStatus):
        assert f'<dt id="status-{status}">' in html, status
    for heading in ["What counts as a case here", "How a fact is sourced", "Weak sources", "What each status means",
                    "Report an error or add a case", "Licenses", "How to cite", "How current it is"]:
        assert heading in html, heading
    assert "pending, filed, appealed, ongoing" in html and "before <time>2026-06-04</time>" in html


def test_the_case_list_downloads_as_csv_and_json(shipped):
    out = shipped["out"]
    html = (out / "cases/index.html").read_text(encoding="utf-8")
    assert 'href="cases.csv"' in html and 'href="cases.json"' in html
    rows = list(csv.DictReader(io.StringIO((out / "cases/cases.csv").read_text(encoding="utf-8-sig"))))
    records = json.loads((out / "cases/cases.json").read_text(encoding="utf-8"))
    ids = [r["id"] for r in rows]
    total = shipped["con"].execute("SELECT count(*) FROM cases").fetchone()[0]
    assert len(rows) == len(records) == total and ids == [r["id"] for r in records] and len(set(ids)) == total
    li = next(r for r in rows if r["id"] == "cn-2023-li-v-liu")
    assert li["case_number"] == "(2023)京0491民初11279号" and li["status"] == "decided"


def test_the_case_list_offers_every_filter_value_it_can_match(shipped):
    html = (shipped["out"] / "cases/index.html").read_text(encoding="utf-8")
    for name, said in (("jurisdiction", "jurisdiction"), ("status", "status"), ("claim", "claim"), ("court", "court"),
                       ("year", "year"), ("checked", "checked"), ("sort", "sort order")):
        assert f'<select name="{name}" data-name="{said}">' in html, name  # data-name: how a notice names it
    assert '<option value="newest">newest first</option>' in html
    assert '<option value="GB">GB</option>' in html and '<option value="2023">2023</option>' in html
    assert '<option value="cn-bj-internet">Beijing Internet Court</option>' in html


def test_whats_new_lists_changes_newest_first_and_says_where_each_date_comes_from(shipped, tmp_path):
    from kb.dates import sort_key

    html = (shipped["out"] / "new/index.html").read_text(encoding="utf-8")
    dates = re.findall(r'<li data-source="(git|as_of)"><time>([^<]+)</time>', html)
    assert dates and [d for _, d in dates] == sorted((d for _, d in dates), key=sort_key, reverse=True)
    assert "Where each date comes from" in html
    if (ROOT / ".git").exists():
        assert any(src == "git" for src, _ in dates) and "git history" in html
    assert 'href="new/"' in (shipped["out"] / "index.html").read_text(encoding="utf-8")
    # a copy of the data with no git history: every date is the record's as_of, and the page says so
    data = write_data(tmp_path / "data")
    page = (_build(data, tmp_path / "site", BUILD_DAY) / "new/index.html").read_text(encoding="utf-8")
    assert "this copy of the data has no git history" in page
    assert '<li data-source="as_of"><time>2024-08</time>' in page and 'data-source="git"' not in page


def test_the_feed_links_each_entry_to_its_case_page_with_the_source_inside(shipped):
    import feedparser

    feed = feedparser.parse((shipped["out"] / "feed.xml").read_bytes())
    assert not feed.bozo and feed.entries
    for entry in feed.entries:
        assert entry.link.startswith("https://example.org/kb/cases/"), entry.link
        vias = [link.href for link in entry.links if link.rel == "via"]
        assert vias and vias[0] in entry.summary, entry.id


def test_language_marks_wrap_chinese_runs_and_leave_addresses_and_markup_alone():
    from markupsafe import Markup

    from kb.web.lang import mark, whole

    assert mark("Illustrator 'Xueyu' (是雪鱼啊) <sues>") == (
        'Illustrator &#39;Xueyu&#39; (<span lang="zh-CN">是雪鱼啊</span>) &lt;sues&gt;')
    assert mark("Asahi (朝日新聞) and ヤフー") == 'Asahi (<span lang="ja">朝日新聞</span>) and <span lang="ja">ヤフー</span>'
    assert mark("https://example.cn/案例/1") == "https://example.cn/案例/1" and mark(Markup("<b>李</b>")) == "<b>李</b>"
    assert mark(None) is None and mark("plain English") == "plain English"
    assert whole("(2023)京0491民初11279号") == '<span lang="zh-CN">(2023)京0491民初11279号</span>'
    assert whole("3:23-cv-00201") == "3:23-cv-00201"


def test_kb_site_says_how_many_pages_and_charts_it_wrote(run, tmp_path):
    result = run("site", "-o", str(tmp_path / "site"), "--no-search")
    assert result.exit_code == 0 and " pages and 3 charts (SVG, PNG, CSV) without a search index in " in result.stderr


def test_the_charts_page_shows_each_chart_with_its_files_and_source(built):
    html = (built / "charts/index.html").read_text(encoding="utf-8")
    for slug in ("cases-per-year", "answers-by-court", "timeline"):
        assert f'<section class="chart" id="{slug}">' in html
        for ext in ("svg", "png", "csv"):
            assert f'href="{slug}.{ext}" download' in html and (built / f"charts/{slug}.{ext}").is_file()
    assert html.count("<svg") == 3 and "<script" not in html
    assert "Source: kb, a knowledge base of cases about AI-generated content, data as of 2024-08. CC BY 4.0" in html
    for path in sorted(built.rglob("*.html")):  # every page links the charts from its navigation
        parts = path.relative_to(built).parts
        depth = len(parts) - 1 - (parts[0] == "zh")  # the Chinese edition's links stay inside it
        name = "图表" if parts[0] == "zh" else "Charts"
        assert f'<a href="{"../" * depth}charts/">{name}</a>' in path.read_text(encoding="utf-8"), path


def test_the_timeline_has_a_page_per_jurisdiction_and_year_anchors(built):
    everything = (built / "timeline/index.html").read_text(encoding="utf-8")
    cn = (built / "timeline/CN/index.html").read_text(encoding="utf-8")
    assert "Li v. Liu" in cn and "Painters v. Xiaohongshu" in cn
    assert 'href="../../timeline/">all</a>' in cn and 'aria-current="page">CN <span class="n">5</span>' in cn
    # the US case of the fixture has no dated event: no page, and no link to one
    assert not (built / "timeline/US").exists() and "timeline/US/" not in everything
    for html in (everything, cn):
        for year in ("2023", "2024"):
            assert f'id="y{year}"' in html and f'<a href="#y{year}">{year} <span class="n">' in html
        # the newest year is open, the others are folded and say how many events they hold
        assert '<details class="timeline-year" id="y2024" open>' in html
        assert '<details class="timeline-year" id="y2023">' in html
    assert '<a href="#y2023">2023 <span class="n">4</span></a>' in cn  # with how many events the year has
    assert '<summary><h2>2023</h2> <span class="n">4 events</span></summary>' in cn
    assert 'aria-current="page">all</strong>' in everything
    assert everything.count("<li><time>") == cn.count("<li><time>") == 5


# -- the Chinese edition -----------------------------------------------------------------------------------
def _edition_pages(built: Path) -> tuple[set, set]:
    english = {p.relative_to(built).as_posix() for p in built.rglob("*.html") if p.relative_to(built).parts[0] != "zh"}
    chinese = {p.relative_to(built / "zh").as_posix() for p in (built / "zh").rglob("*.html")}
    return english, chinese


def test_every_page_has_its_chinese_counterpart_linked_both_ways(built):
    import posixpath

    english, chinese = _edition_pages(built)
    assert english == chinese and len(english) > 20
    for rel in sorted(english):
        here = rel.removesuffix("index.html")
        for path, other in [(built / rel, f"zh/{here}"), (built / "zh" / rel, here)]:
            page = Page(path.read_text(encoding="utf-8"))
            # hreflang alternates, absolute with --base-url: each edition, and English as the default
            assert page.hreflangs == {"en": f"https://example.org/kb/{here}", "zh-CN": f"https://example.org/kb/zh/{here}",
                                      "x-default": f"https://example.org/kb/{here}"}, path
            # the language switch leads to the same page in the other edition, which exists
            switch = re.search(r'<a class="language" href="([^"]+)"', path.read_text(encoding="utf-8")).group(1)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path.relative_to(built).as_posix()), switch))
            assert target == (other.rstrip("/") or "."), (path, switch)
            assert (built / target / "index.html").is_file() or (built / target).is_file(), target


def test_the_chinese_case_page_speaks_chinese_and_puts_the_records_chinese_first(built):
    html = (built / "zh/cases/cn-2023-li-v-liu/index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    assert '<h1><span lang="zh-CN">李某诉刘某案</span> <span lang="en" class="en">Li v. Liu</span></h1>' in html
    assert "<title>李某诉刘某案 · kb</title>" in html
    for text in ['<a href="../../cases/">案件</a>', '<a href="../../search/">检索</a>', "状态</dt>\n<dd>已判决",
                 "<dt>类型</dt>\n<dd>裁判</dd>", "<h2>当事人</h2>", '<span class="role">原告</span>', "案号</dt>",
                 "<h2>来源</h2>", '<a class="language" href="../../../cases/cn-2023-li-v-liu/" hreflang="en"']:
        assert text in html, text
    assert "Parties</h2>" not in html and "Status</dt>" not in html
    # a record with no Chinese title: the English one, marked as English
    us = (built / "zh/cases/us-2023-andersen-v-stability/index.html")
    us = us if us.exists() else next(p for p in (built / "zh/cases").glob("us-*/index.html"))
    assert re.search(r'<h1><span lang="en" class="untranslated">[^<]+</span></h1>', us.read_text(encoding="utf-8"))
    # English stays as it was: English first, Chinese after
    english = (built / "cases/cn-2023-li-v-liu/index.html").read_text(encoding="utf-8")
    assert '<h1><span lang="en">Li v. Liu</span> <span lang="zh-CN" class="zh">李某诉刘某案</span></h1>' in english
    assert "Status</dt>\n<dd>decided" in english


def test_the_chinese_edition_has_every_page_type_in_chinese(built):
    for path, text in [("zh/index.html", "<h1>生成式人工智能内容的诉讼与争议</h1>"),
                       ("zh/cases/index.html", "<h1>全部案件</h1>"),
                       ("zh/courts/index.html", "<h1>法院与机关</h1>"),
                       ("zh/courts/cn-bj-internet/index.html", '<h1><span lang="zh-CN">北京互联网法院</span>'),
                       ("zh/parties/li/index.html", '<h1><span lang="zh-CN">李某</span>'),
                       ("zh/claims/index.html", "<h1>案由</h1>"),
                       ("zh/timeline/index.html", "<h1>时间线</h1>"),
                       ("zh/search/index.html", "<h1>检索</h1>"), ("zh/about/index.html", "<h1>关于与方法</h1>"),
                       ("zh/new/index.html", "<h1>最新变动</h1>"), ("zh/questions/index.html", "<h1>法律问题</h1>")]:
        html = (built / path).read_text(encoding="utf-8")
        assert '<html lang="zh-CN">' in html and text in html, path
    cases = (built / "zh/cases/index.html").read_text(encoding="utf-8")
    assert 'data-shown="共 {total} 件，显示 {count} 件，按时间先后排列。"' in cases
    assert '<option value="pending">审理中</option>' in cases or '<option value="decided">已判决</option>' in cases
    search = (built / "zh/search/index.html").read_text(encoding="utf-8")
    assert 'data-root="../"' in search and 'src="../../static/search.js"' in search
    assert 'data-found="找到 {n} 件案件"' in search


def test_each_edition_has_its_own_search_index_over_its_own_pages(run, tmp_path):
    pytest.importorskip("pagefind")
    out = tmp_path / "site"
    assert run("site", "-o", str(out)).exit_code == 0
    cases = len(list((out / "cases").glob("*/index.html")))
    for folder in (out / "pagefind", out / "zh/pagefind"):
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert sum(lang["page_count"] for lang in entry["languages"].values()) == cases, folder


def test_the_shipped_data_builds_both_editions(tmp_path):
    """Every page of the shipped data in both editions; a Chinese case shows its own Chinese first."""
    from kb import store
    from kb.web.build import build_site

    root = Path(__file__).resolve().parent.parent
    paths = store.Paths(root / "data", tmp_path / "kb.sqlite")
    assert store.build(paths)[0] is not None
    con = store.connect_readonly(paths.db)
    site = build_site(con, tmp_path / "site", root / "data", search_index=False)
    records = {json.loads(r)["id"]: json.loads(r) for (r,) in con.execute("SELECT record FROM case_records")}
    con.close()
    english, chinese = _edition_pages(site.out)
    assert english == chinese and len(site.pages) == 2 * len(english)
    with_zh = [r for r in records.values() if r.get("title_zh")]
    assert len(with_zh) >= 30
    for record in with_zh:
        html = (site.out / "zh/cases" / record["id"] / "index.html").read_text(encoding="utf-8")
        h1 = re.search(r"<h1>(.*?)</h1>", html).group(1)
        assert h1.startswith(f'<span lang="zh-CN">{escape(record["title_zh"])}</span>'), record["id"]
        assert f"<dd>{LABELS[record['status']]}" in html, record["id"]



def test_a_chinese_cases_timeline_and_holding_are_in_chinese_on_both_editions(shipped):
    """On the Chinese page of a Chinese case no event or holding is left in English alone; the English page
    gives the Chinese after the English."""
    records = {json.loads(r)["id"]: json.loads(r) for (r,) in shipped["con"].execute("SELECT record FROM case_records")}
    chinese = [r for r in records.values() if r["jurisdiction"] == "CN"]
    held = [r for r in chinese if (r.get("ruling") or {}).get("holding")]
    assert len(chinese) >= 40 and len(held) >= 30
    for record in chinese:
        zh = (shipped["out"] / "zh/cases" / record["id"] / "index.html").read_text(encoding="utf-8")
        timeline = re.search(r'<ol class="events">(.*?)</ol>', zh, re.S)
        assert timeline is None or "untranslated" not in timeline.group(1), record["id"]
        for e in record.get("events") or []:
            assert f'<span lang="zh-CN">{escape(e["what_zh"])}</span>' in zh, (record["id"], e["date"])
    for record in held:
        zh = (shipped["out"] / "zh/cases" / record["id"] / "index.html").read_text(encoding="utf-8")
        en = (shipped["out"] / "cases" / record["id"] / "index.html").read_text(encoding="utf-8")
        holding = re.search(r"<dt>裁判要旨</dt>\n<dd>(.*?)</dd>", zh, re.S)
        assert holding and "untranslated" not in holding.group(1), record["id"]
        assert holding.group(1).startswith(f'<span lang="zh-CN">{escape(record["ruling"]["holding_zh"])}</span>')
        holding_en = re.search(r"<dt>Holding</dt>\n<dd>(.*?)</dd>", en, re.S)
        assert holding_en and holding_en.group(1).endswith(
            f'<span lang="zh-CN" class="zh">{escape(record["ruling"]["holding_zh"])}</span>'), record["id"]


LABELS = {}


def escape(text: str) -> str:
    from markupsafe import escape as markup_escape

    return str(markup_escape(text))


@pytest.fixture(autouse=True, scope="module")
def _labels():
    from kb.glossary import glossary

    LABELS.update(glossary()["values"]["status"])


def test_the_chinese_timeline_charts_related_reasons_cite_and_previews_speak_chinese(shipped):
    """The shipped data's Chinese edition: the timeline's introduction and bars, the charts page around
    the charts (drawn once, in English, which the page says), the reasons of related cases, the cite
    text and the link previews are Chinese; the English edition keeps its words."""
    out = shipped["out"]
    # one filing recorded in several cases (the same date, kind, words and source) is listed once
    n_events = shipped["con"].execute(
        "SELECT count(*) FROM (SELECT DISTINCT e.date, e.kind, e.what, e.what_zh, s.url FROM events e "
        "LEFT JOIN sources s ON s.case_id = e.case_id AND s.id = e.source_id WHERE e.date IS NOT NULL)").fetchone()[0]
    zh = (out / "zh/timeline/index.html").read_text(encoding="utf-8")
    en = (out / "timeline/index.html").read_text(encoding="utf-8")
    assert f"<p>全部案件共有 {n_events} 个注明日期的事件，按时间由远及近排列，每个事件均注明来源；最近一年默认展开" in zh
    assert '<span class="label">法域：</span>' in zh and '<span class="label">年份：</span>' in zh
    assert '<strong aria-current="page">全部</strong>' in zh and re.search(r'<span class="n">\d+ 个事件</span>', zh)
    assert "dated events" not in zh and "Jurisdiction:" not in zh and " events</span>" not in zh
    assert (f"<p>{n_events} dated events across all cases, oldest first, each with its source;\n"
            "the newest year is open, the others open from the list of years.\nFollow new ones in the") in en
    assert '<span class="label">Jurisdiction:</span>' in en and re.search(r'<span class="n">\d+ events</span>', en)
    assert "<p>全部 CN 的案件" not in (out / "zh/timeline/CN/index.html").read_text(encoding="utf-8")
    assert "CN 的案件共有" in (out / "zh/timeline/CN/index.html").read_text(encoding="utf-8")

    zh = (out / "zh/charts/index.html").read_text(encoding="utf-8")
    en = (out / "charts/index.html").read_text(encoding="utf-8")
    for text in ["<h1>图表</h1>", "<h2>各法域每年案件数</h2>", "<h2>各法域案件事件时间线</h2>",
                 "图表只绘制一套，以英文标注", "来源：kb，生成式人工智能内容案例库", "数据（CSV）",
                 "案件按起诉年份计入"]:
        assert text in zh, text
    assert zh.count('<div lang="en"><svg') == 3  # the English charts are marked as English inside the page
    assert "<h2>Cases per year by jurisdiction</h2>" in en and "Source: kb, a knowledge base" in en
    assert "<h2>Charts" not in zh and "A case counts in the year" not in zh and '<div lang="en">' not in en

    zh = (out / "zh/cases/cn-2023-li-v-liu/index.html").read_text(encoding="utf-8")
    en = (out / "cases/cn-2023-li-v-liu/index.html").read_text(encoding="utf-8")
    reasons = re.findall(r'<span class="reason">(.*?)</span></li>', zh)
    assert reasons and all(re.sub(r"<[^>]+>", "", r).startswith(("相同", "明示关联", "回答了", "同一法院", "同类"))
                           for r in reasons), reasons
    assert "shared claim" not in zh and "explicit relation" not in zh
    # the courts and claims they share, by the Chinese names their records have
    plain = " ".join(re.sub(r"<[^>]+>", "", r) for r in reasons)
    assert "同一法院：北京互联网法院" in plain and "著作权侵权" in plain and "Copyright infringement" not in plain
    assert re.search(r'<span class="reason">(explicit relation|shared claim)', en)
    assert "载于：kb，生成式人工智能内容案例库，记录</span> cn-2023-li-v-liu" in zh
    assert "In: kb, a knowledge base of cases about AI-generated content, record cn-2023-li-v-liu (as of " in en

    for path, zh_start, en_start in [("cases/cn-2023-li-v-liu/", "状态：已判决（截至 ", "Status: decided (as of "),
                                     ("timeline/", "全部案件共有 ", f"{n_events} dated events across all cases"),
                                     ("charts/", "生成式人工智能内容案件的图表", "Charts of the cases about"),
                                     ("courts/cn-bj-internet/", "北京互联网法院：kb 收录的 ", "Beijing Internet Court: "),
                                     ("about/", "kb 的收录范围", "What kb covers"),
                                     ("new/", "新增或变更的案件记录", "Case records added or changed")]:
        zh_meta = Tree((out / "zh" / path / "index.html").read_text(encoding="utf-8")).metas
        en_meta = Tree((out / path / "index.html").read_text(encoding="utf-8")).metas
        for key in ("description", "og:description", "twitter:description"):
            assert zh_meta[key].startswith(zh_start), (path, key, zh_meta[key])
            assert en_meta[key].startswith(en_start), (path, key, en_meta[key])


def test_the_home_page_says_each_latest_happening_once_with_its_cases_on_the_shipped_data(shipped):
    """A filing recorded in each case of an MDL is one item of "Latest events", listing every case it is
    recorded in; no two items hold the same date, words and source."""
    from markupsafe import escape

    from kb import queries
    from kb.web.news import latest_events

    home = (shipped["out"] / "index.html").read_text(encoding="utf-8")
    section = home[home.index('<ol class="events">'):]
    section = section[:section.index("</ol>")]
    items = re.findall(r'^<li(?: class="shared")?><time>([^<]+)</time> (.*)$', section, re.M)
    assert len(items) == 12
    seen = [(date, re.sub(r"<a [^>]*>.*?</a>", "", rest)) for date, rest in items]
    assert len(set(seen)) == len(seen), seen
    timeline = queries.timeline(shipped["con"])
    shared = [e for e in latest_events(timeline, 12) if len(e["cases"]) > 1]
    for entry in shared:
        recorded = {e["case"]["id"] for e in timeline if (e["date"], e["what"], e["source"]["url"])
                    == (entry["date"], entry["what"], entry["source"]["url"])}
        assert {c["id"] for c in entry["cases"]} == recorded and len(recorded) > 1
        at = section.index(f'<li class="shared"><time>{entry["date"]}</time> {escape(entry["what"])}')
        block = section[at:section.index("</ul>", at)]
        assert f"In {len(recorded)} cases:" in block
        assert re.findall(r'href="cases/([^/"]+)/"', block) == [c["id"] for c in entry["cases"]]


def test_the_timeline_lists_a_filing_recorded_in_several_cases_once_on_the_shipped_data(shipped):
    """Every dated happening once (the same date, kind, words and source in several cases is one), under
    its year, and a shared one with each of its cases."""
    from markupsafe import escape

    con = shipped["con"]
    distinct = con.execute(
        "SELECT e.date, e.what, count(DISTINCT e.case_id) FROM events e LEFT JOIN sources s ON s.case_id = e.case_id "
        "AND s.id = e.source_id WHERE e.date IS NOT NULL GROUP BY e.date, e.kind, e.what, e.what_zh, s.url").fetchall()
    html = (shipped["out"] / "timeline/index.html").read_text(encoding="utf-8")
    items = re.findall(r'^<li(?: class="shared")?><time>', html, re.M)
    assert len(items) == len(distinct)
    shared = [(d, w, n) for d, w, n in distinct if n > 1]
    assert html.count('<li class="shared">') == len(shared)
    for date, what, n in shared:
        at = html.index(f'<li class="shared"><time>{date}</time> {escape(what)}')
        assert f"In {n} cases:" in html[at:html.index("</ul>", at)]
    assert "is listed once, with its cases." in html


def test_a_ruling_given_in_chinese_is_shown_in_chinese_on_the_chinese_pages(run, data_dir, tmp_path):
    cases = CASES.replace("    outcome: Plaintiff won\n", "    outcome: Plaintiff won\n    outcome_zh: 原告胜诉\n"
                          "    holding: An AI image can be a work.\n    holding_zh: AI生成的图片可以构成作品。\n")
    (data_dir / "cases.yaml").write_text(cases, encoding="utf-8")
    out = tmp_path / "site"
    assert run("site", "-o", str(out), "--no-search").exit_code == 0
    zh = (out / "zh/cases/cn-2023-li-v-liu/index.html").read_text("utf-8")
    en = (out / "cases/cn-2023-li-v-liu/index.html").read_text("utf-8")
    ruling_zh = zh[zh.index('<h2>裁判</h2>'):]
    assert ruling_zh.index('<span lang="zh-CN">原告胜诉</span>') < ruling_zh.index('<span lang="en" class="en">Plaintiff won')
    assert '<span lang="zh-CN">AI生成的图片可以构成作品。</span>' in ruling_zh
    assert '<dd class="outcome" lang="zh-CN">原告胜诉</dd>' in zh  # the facts at the top too
    assert '<span lang="en">Plaintiff won</span> <span lang="zh-CN" class="zh">原告胜诉</span>' in en
    listing = (out / "zh/cases/index.html").read_text("utf-8")
    assert '<span class="outcome" lang="zh-CN">原告胜诉</span>' in listing and "Plaintiff won" not in listing
    import sqlite3

    con = sqlite3.connect(run.db)
    assert con.execute("SELECT c.id FROM cases_fts JOIN cases c ON c.rowid = cases_fts.rowid "
                       "WHERE cases_fts MATCH '构成作品'").fetchall() == [("cn-2023-li-v-liu",)]
