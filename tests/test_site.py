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
    for text in ['<span lang="en">Li v. Liu</span> <span lang="zh" class="zh">李某诉刘某案</span>', "ruling", "decided",
                 "Beijing Internet Court", "(2023)京0491民初11279号", "civil", "plaintiff", "defendant",
                 "Copyrightability of AI output", "Stable Diffusion", "Judgment for the plaintiff.",
                 'href="https://example.org/li-v-liu"', "Plaintiff won", "500.00 CNY", "similar facts",
                 "Painters v. Xiaohongshu", "<svg", "Cite this", "record.yaml",
                 "https://github.com/example/kb/blob/HEAD/data/cases.yaml#L1",
                 '<link rel="canonical" href="https://example.org/kb/cases/cn-2023-li-v-liu/">']:
        assert text in html, text
    # events in date order: the month-precise statement before the day-precise judgment
    assert html.index("Court publishes the case.") < html.index("Judgment for the plaintiff.")
    cite = re.search(r'<p class="cite-text">(.*?)</p>', html, re.S).group(1)
    assert "Li v. Liu (李某诉刘某案), Beijing Internet Court, (2023)京0491民初11279号, 2023-11-27." in cite
    assert "https://example.org/kb/cases/cn-2023-li-v-liu/" in cite
    csl = json.loads(unescape(re.search(r"<pre>(.*?)</pre>", html, re.S).group(1)))
    assert csl[0]["type"] == "legal_case" and csl[0]["number"] == "(2023)京0491民初11279号"
    record = (built / "cases/cn-2023-li-v-liu/record.yaml").read_text(encoding="utf-8")
    assert record.startswith("- id: cn-2023-li-v-liu\n") and "- id: cn-2023-painters" not in record
    assert (built / "cases/cn-2023-li-v-liu/graph.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_every_page_links_the_feed_has_no_script_from_data_and_marks_languages(built):
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 20
    allowed = {"static/search.js", "static/cases.js"}
    for path in pages:
        page = Page(path.read_text(encoding="utf-8"))
        depth = len(path.relative_to(built).parts) - 1
        assert page.alternates == ["../" * depth + "feed.xml"], path
        for script in page.scripts:
            assert script.get("src", "").replace("../", "") in allowed, (path, script)
        assert ("html", "en") in page.langs


def test_every_page_states_the_data_license(built):
    cc_by = "https://creativecommons.org/licenses/by/4.0/"
    for path in sorted(built.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert Page(text).licenses == [("link", cc_by), ("a", cc_by)], path
        assert "each linked source keeps its own terms" in text, path
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
            cite = unescape(re.search(r'<p class="cite-text">(.*?)</p>', html, re.S).group(1))
            assert cite.endswith(f" {url}"), page


def test_cite_text_and_csl_title_drop_descriptive_parentheticals(run, tmp_path):
    data = write_data(tmp_path / "described", cases=CASES.replace(
        "title: Li v. Liu\n", "title: 'Li v. Liu (copyright in an AI-generated image, \"Spring Breeze\" case)'\n", 1))
    out = tmp_path / "site"
    assert run("site", "-o", str(out), "--no-search", "--base-url", "https://example.org/kb/", data=data).exit_code == 0
    html = (out / "cases/cn-2023-li-v-liu/index.html").read_text(encoding="utf-8")
    cite = unescape(re.search(r'<p class="cite-text">(.*?)</p>', html, re.S).group(1))
    assert cite.startswith("Li v. Liu (李某诉刘某案), Beijing Internet Court, (2023)京0491民初11279号, 2023-11-27.")
    assert "Spring Breeze" not in cite and cite.endswith(" https://example.org/kb/cases/cn-2023-li-v-liu/")
    csl = json.loads(unescape(re.search(r"<pre>(.*?)</pre>", html, re.S).group(1)))
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
