"""kb site into a folder that holds a site kb built: only the pages whose inputs changed are rendered
again (kb.web.incremental), and the result is, byte for byte, the site a full build makes: after an
edit, a new case, a deleted case, a renamed case, a party's new name (its neighbours' pages change)
and another --base-url; a manifest that cannot be trusted means a full build."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from conftest import CASES, PARTIES, write_data

pytest.importorskip("jinja2")
ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 12, 4)


def build(data: Path, out: Path, base_url=None, full=False, search=False):
    """The site of `data` built into `out` as of DAY, from a database of its own."""
    from kb import store
    from kb.web.build import build_site

    paths = store.Paths(data, data.parent / f"{data.name}-{out.name}.sqlite")
    if paths.db.exists():
        paths.db.unlink()
    dataset, findings = store.build(paths)
    assert dataset is not None, findings
    con = store.connect_readonly(paths.db)
    try:
        return build_site(con, out, data, base_url=base_url, search_index=search, today=DAY, full=full)
    finally:
        con.close()


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a site (hidden ones too) and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_as_full(data: Path, site: Path, tmp: Path, base_url=None, search=False) -> int:
    fresh = build(data, tmp / f"fresh-{len(list(tmp.glob('fresh-*')))}", base_url=base_url, search=search)
    mine, theirs = files(site), files(fresh.out)
    assert sorted(mine) == sorted(theirs)
    assert [rel for rel in mine if mine[rel] != theirs[rel]] == []
    return fresh.rendered


NEW_CASE = """\
- id: cn-2024-new-case
  title: A new case
  kind: lawsuit
  jurisdiction: CN
  court: cn-bj-internet
  status: pending
  as_of: 2024-09
  parties:
    - {party: li, role: plaintiff}
  claims: [copyright-infringement]
  sources:
    - {id: s1, url: "https://example.org/new", title: New, publisher: Example News}
"""
BOYCOTT = CASES[CASES.index("- id: cn-2023-xiaohongshu-boycott"):]

EDITS = {
    "a title": dict(cases=CASES.replace("title: Li v. Liu\n", "title: Li v. Liu, as corrected\n")),
    "a new case": dict(cases=CASES + NEW_CASE),
    "a deleted case": dict(cases=CASES.replace(BOYCOTT, "")),
    "a renamed case": dict(cases=CASES.replace("cn-2023-li-v-liu", "cn-2023-li-v-liu-renamed")),
    "a party's name": dict(parties=PARTIES.replace("name: Painter A\n", "name: Painter Alpha\n")),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_after_an_edit_the_site_is_the_one_a_full_build_makes_with_fewer_pages_rendered(tmp_path, edit):
    data = write_data(tmp_path / "data")
    out = tmp_path / "site"
    first = build(data, out)
    assert first.reused == 0 and first.full_reason and first.rendered == len(first.pages)
    write_data(data, **EDITS[edit])
    again = build(data, out)
    assert again.full_reason is None
    full = assert_same_as_full(data, out, tmp_path)
    assert again.rendered + again.reused == len(again.pages) == full
    assert 0 < again.rendered < full and again.reused > 0, (again.rendered, again.reused)
    if edit == "a party's name":  # the party's page and the pages of its cases, which name it, are new
        for page in ("parties/painter-a/index.html", "cases/us-2023-andersen-v-stability/index.html",
                     "cases/cn-2023-painters-v-xiaohongshu/index.html"):
            assert "Painter Alpha" in (out / page).read_text(encoding="utf-8"), page
        assert "Painter Alpha" not in (out / "courts/us-cand/index.html").read_text(encoding="utf-8")
    if edit == "a title":  # the case it is related to shows the new title
        related = (out / "cases/cn-2023-painters-v-xiaohongshu/index.html").read_text(encoding="utf-8")
        assert "Li v. Liu, as corrected" in related
    if edit == "a deleted case":
        assert not (out / "cases/cn-2023-xiaohongshu-boycott").exists()
    if edit == "a renamed case":
        assert not (out / "cases/cn-2023-li-v-liu").exists() and (out / "cases/cn-2023-li-v-liu-renamed").is_dir()


def test_nothing_changed_reuses_every_page_of_a_record_and_the_charts(tmp_path, monkeypatch):
    from kb.web import charts

    data = write_data(tmp_path / "data")
    out = tmp_path / "site"
    first = build(data, out)
    drawn = []
    real_save = charts._save
    monkeypatch.setattr(charts, "_save", lambda fig, chart, folder: drawn.append(chart.slug) or real_save(fig, chart, folder))
    again = build(data, out)
    assert drawn == []  # the charts' numbers did not change: their files are the ones drawn before
    per_record = [p for p in first.pages if first.templates[p] in ("case.html", "entity.html")]
    assert len(per_record) > len(first.pages) / 2
    assert again.reused == len(per_record) and again.rendered == len(first.pages) - len(per_record)
    assert_same_as_full(data, out, tmp_path)


def test_a_new_case_draws_the_charts_again(tmp_path, monkeypatch):
    from kb.web import charts

    data = write_data(tmp_path / "data")
    out = tmp_path / "site"
    build(data, out)
    drawn = []
    real_save = charts._save
    monkeypatch.setattr(charts, "_save", lambda fig, chart, folder: drawn.append(chart.slug) or real_save(fig, chart, folder))
    write_data(data, cases=CASES + NEW_CASE.replace("  as_of: 2024-09\n", "  as_of: 2024-09\n  filed: 2021-03\n"))
    build(data, out)
    assert "cases-per-year" in drawn  # a case in a year the chart did not have
    assert_same_as_full(data, out, tmp_path)


def test_an_unchanged_edition_keeps_its_search_index(tmp_path, monkeypatch):
    pytest.importorskip("pagefind")
    from kb.web import searchindex

    data = write_data(tmp_path / "data")
    out = tmp_path / "site"
    build(data, out, search=True)
    indexed = []
    real_index = searchindex._index
    monkeypatch.setattr(searchindex, "_index", lambda sites: indexed.append(sites) or real_index(sites))
    build(data, out, search=True)
    assert indexed == []
    write_data(data, cases=CASES.replace("title: Li v. Liu\n", "title: Li v. Liu, as corrected\n"))
    build(data, out, search=True)
    assert len(indexed) == 1 and len(indexed[0]) == 2  # both editions show the title on a case page
    assert_same_as_full(data, out, tmp_path, search=True)


def test_another_kb_builds_everything_again(tmp_path, monkeypatch):
    import kb

    data = write_data(tmp_path / "data")
    out = tmp_path / "site"
    build(data, out)
    monkeypatch.setattr(kb, "__version__", kb.__version__ + ".post1")
    again = build(data, out)
    assert again.reused == 0 and again.full_reason == "the site built before was built by another kb or with other options"


def test_another_base_url_builds_everything_again(tmp_path):
    data = write_data(tmp_path / "data")
    out = tmp_path / "site"
    build(data, out, base_url="https://example.org/kb/")
    again = build(data, out, base_url="https://example.org/other/")
    assert again.reused == 0 and again.full_reason == "the site built before was built by another kb or with other options"
    assert_same_as_full(data, out, tmp_path, base_url="https://example.org/other/")
    assert "https://example.org/other/cases/cn-2023-li-v-liu/" in (
        out / "cases/cn-2023-li-v-liu/index.html").read_text(encoding="utf-8")


def _tamper_page(out: Path) -> None:
    (out / "cases/cn-2023-li-v-liu/index.html").write_text("changed by hand", encoding="utf-8")


def _tamper_manifest_digest(out: Path) -> None:
    manifest = json.loads((out / ".kb-manifest.json").read_text(encoding="utf-8"))
    manifest["units"]["cases/cn-2023-li-v-liu"]["files"]["cases/cn-2023-li-v-liu/index.html"] = "0" * 32
    (out / ".kb-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _truncate_manifest(out: Path) -> None:
    text = (out / ".kb-manifest.json").read_text(encoding="utf-8")
    (out / ".kb-manifest.json").write_text(text[: len(text) // 2], encoding="utf-8")


def _remove_page(out: Path) -> None:
    (out / "parties/li/index.html").unlink()


def _no_manifest(out: Path) -> None:
    (out / ".kb-manifest.json").unlink()


@pytest.mark.parametrize("damage, reason", [
    (_tamper_page, "the site built before differs from its manifest"),
    (_tamper_manifest_digest, "the site built before differs from its manifest"),
    (_remove_page, "the site built before differs from its manifest"),
    (_truncate_manifest, "the manifest of the site built before cannot be read"),
    (_no_manifest, "no site built before with a manifest"),
])
def test_a_site_that_is_not_what_its_manifest_says_is_built_whole(tmp_path, damage, reason):
    data = write_data(tmp_path / "data")
    out = tmp_path / "site"
    build(data, out)
    damage(out)
    write_data(data, cases=CASES.replace("title: Li v. Liu\n", "title: Li v. Liu, as corrected\n"))
    again = build(data, out)
    assert again.reused == 0 and again.full_reason == reason
    assert_same_as_full(data, out, tmp_path)


def test_leftovers_of_a_killed_build_are_never_reused(tmp_path):
    """A build killed midway left a half-written folder (with a manifest that names files it never wrote)
    beside the site: the next build reuses only what the site itself holds, and removes the leftovers."""
    from kb.web import outdir

    data = write_data(tmp_path / "data")
    out = tmp_path / "site"
    build(data, out)
    half = tmp_path / ".site.building-999999999"
    shutil.copytree(out, half)
    (half / "cases/cn-2023-li-v-liu/index.html").write_text("half written", encoding="utf-8")
    write_data(data, parties=PARTIES.replace("name: Li\n", "name: Li Mou\n"))
    again = build(data, out)
    assert again.full_reason is None and again.reused > 0 and outdir.leftovers(out) == []
    assert_same_as_full(data, out, tmp_path)


def test_full_renders_everything_and_the_command_says_what_it_reused(run, tmp_path):
    out = tmp_path / "site"
    result = run("site", "-o", str(out), "--no-search")
    assert result.exit_code == 0 and "rendered all " in result.stderr
    assert "(no site built before with a manifest)" in result.stderr
    result = run("site", "-o", str(out), "--no-search")
    assert result.exit_code == 0
    line = next(line for line in result.stderr.splitlines() if line.startswith("rendered "))
    rendered, reused = (int(word) for word in line.split() if word.isdigit())
    assert 0 < rendered < reused and line.endswith("unchanged from the site built before")
    result = run("site", "-o", str(out), "--no-search", "--full")
    assert result.exit_code == 0 and f"rendered all {rendered + reused} pages (--full)" in result.stderr


def test_a_reused_file_is_never_written_through_a_link_to_the_old_site(tmp_path, monkeypatch):
    """Reused files may be hard links to the site being replaced: the build never opens one to write,
    so the old site stays as it was until it is swapped out whole."""
    import os

    data = write_data(tmp_path / "data")
    out = tmp_path / "site"
    build(data, out)
    before = files(out)
    linked: list[str] = []
    real_link = os.link

    def link(src, dst, *args, **kwargs):
        linked.append(str(dst))
        return real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", link)
    real_open = Path.open

    def guarded_open(self, mode="r", *args, **kwargs):
        if any(c in mode for c in "wa+") and str(self) in linked:
            raise AssertionError(f"{self} is a link to the old site and was opened to write")
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    write_data(data, cases=CASES.replace("title: Li v. Liu\n", "title: Li v. Liu, as corrected\n"))
    old = tmp_path / "old"  # links of our own to the old site's files: whatever writes to them shows here
    shutil.copytree(out, old, copy_function=real_link)
    build(data, out)
    assert linked  # links were made
    assert files(old) == before and files(out) != before


def test_the_shipped_data_rebuilt_after_an_edit_is_what_a_full_build_makes(tmp_path):
    """The repository's data (copied, so that its git history does not date the copy's changes): one title
    edited, the site rebuilt with its search index, against a full build."""
    pytest.importorskip("pagefind")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    out = tmp_path / "site"
    first = build(data, out, search=True)
    text = (data / "cases.yaml").read_text(encoding="utf-8")
    edited = text.replace("\n  title: Li v. Liu (copyright", "\n  title: Li v. Liu, edited (copyright", 1)
    assert edited != text
    (data / "cases.yaml").write_text(edited, encoding="utf-8")
    again = build(data, out, search=True)
    assert again.full_reason is None and 0 < again.rendered < len(first.pages) // 2
    assert_same_as_full(data, out, tmp_path, search=True)
