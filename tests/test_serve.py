"""`kb serve`: a real Datasette on 127.0.0.1 over a database built from a small fixture, asked over HTTP
the way a browser or a script asks it, and once through a real headless Chromium."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from browser import chromium_page
from conftest import CASES, write_data

pytest.importorskip("datasette")

EXTRA = """\
- id: cn-2024-ultraman
  title: Ultraman licensee v. an image-generator site
  title_zh: 奥特曼案
  kind: lawsuit
  jurisdiction: CN
  court: cn-bj-internet
  status: decided
  filed: 2024-02
  claims: [copyright-infringement]
  summary: A site made Ultraman pictures on request.
  summary_zh: 网站按用户要求生成奥特曼图片，并克隆了配音演员的声音。
  sources:
    - {id: s1, url: "https://example.org/ultraman", title: Ultraman, publisher: Example News}
"""
PAINTERS = "cn-2023-painters-v-xiaohongshu"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data: Path, db: Path):
        self.data, self.db, self.port = data, db, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(db.with_suffix(".log"), "w+")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kb", "--data", str(data), "--db", str(db), "serve", "--port", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.get("/-/versions.json")
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    self.log.seek(0)
                    raise AssertionError(f"kb serve did not start: {self.log.read()}")
                time.sleep(0.2)

    def get(self, path: str, **params: str) -> str:
        url = self.url + path + ("?" + urllib.parse.urlencode(params) if params else "")
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.read().decode()

    def json(self, path: str, **params: str) -> dict:
        return json.loads(self.get(path, **params))

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    data = write_data(tmp / "data", cases=CASES + EXTRA)
    srv = Server(data, tmp / "kb.sqlite")  # kb serve builds the database first
    try:
        yield srv
    finally:
        srv.stop()


def search(server: Server, words: str) -> list[str]:
    found = server.json("/kb/cases.json", _search=words, _shape="objects", _col="title")
    return sorted(row["id"] for row in found["rows"])


def test_search_box_of_cases_finds_english_and_chinese(server):
    # the painters' suit names 小红书; the boycott has Xingyin, whose other name is 小红书, as its subject
    assert search(server, "小红书") == [PAINTERS, "cn-2023-xiaohongshu-boycott"]
    assert search(server, "Ultraman") == search(server, "奥特曼") == ["cn-2024-ultraman"]
    assert search(server, "声音") == ["cn-2024-ultraman"]
    assert search(server, "drawings") == [PAINTERS]
    assert search(server, "nowhere") == []  # a search that finds nothing shows nothing, not every row
    page = server.get("/kb/cases", _search="奥特曼")
    assert "奥特曼案" in page and 'name="_search"' in page  # the original text, and the search box


def test_foreign_keys_show_labels(server):
    rows = server.json("/kb/cases.json", _labels="on", _shape="objects", id="cn-2023-li-v-liu")["rows"]
    assert rows[0]["court_id"] == {"value": "cn-bj-internet", "label": "Beijing Internet Court"}
    parties = server.json("/kb/case_parties.json", _labels="on", _shape="objects", case_id=PAINTERS)["rows"]
    assert [p["party_id"]["label"] for p in parties] == ["Painter A", "Xingyin Information Technology"]
    assert parties[0]["case_id"]["label"] == "Painters v. Xiaohongshu"
    products = server.json("/kb/products.json", _labels="on", _shape="objects", id="trik-ai")["rows"]
    assert products[0]["operator_id"]["label"] == "Xingyin Information Technology"


def test_cases_have_the_default_facets(server):
    facets = server.json("/kb/cases.json", _shape="objects")["facet_results"]
    assert list(facets) == ["jurisdiction", "status", "court_id", "claim_ids"]
    counts = {f: {r["value"]: r["count"] for r in facets[f]["results"]} for f in facets}
    assert counts["jurisdiction"] == {"CN": 4, "US": 1}
    assert counts["court_id"]["cn-bj-internet"] == 3
    assert {r["label"] for r in facets["court_id"]["results"]} >= {"Beijing Internet Court"}
    assert counts["claim_ids"] == {"copyright-infringement": 3, "training-data-use": 2, "copyrightability-ai-output": 1}
    by_claim = server.json("/kb/cases.json", _shape="objects", claim_ids__arraycontains="training-data-use")
    assert sorted(r["id"] for r in by_claim["rows"]) == [PAINTERS, "us-2023-andersen-v-stability"]


def test_metadata_comes_from_the_models_and_internal_tables_are_hidden(server):
    from kb.models import Case
    from kb.tables import table_specs

    meta = server.json("/-/metadata.json")
    assert meta["title"].startswith("kb") and meta["license"].startswith("CC BY 4.0")
    assert "own terms" in meta["license"] and meta["license_url"].endswith("/licenses/by/4.0/")
    tables = {t["name"]: t for t in server.json("/kb.json")["tables"]}
    shown = {name for name, t in tables.items() if not t["hidden"]}
    assert shown == set(table_specs()) - {"case_records"}  # every model's table, derived: none listed by hand
    assert {"meta", "cases_fts", "cases_fts_data", "case_search", "vocabulary", "rarities"} <= {
        n for n, t in tables.items() if t["hidden"]}
    page = server.get("/kb/cases")
    assert Case.__doc__.strip().split("\n")[0] in page  # the table's description
    assert f'data-column-description="{Case.model_fields["status"].description}"' in page
    # both languages where Datasette takes kb's own text: the title, the description, each registry's title
    assert "生成式人工智能" in meta["title"] and "每一项事实均注明来源" in meta["description"]
    assert meta["databases"]["kb"]["tables"]["cases"].get("title") == "cases · 案件", meta["databases"]["kb"]["tables"]["cases"].keys()
    assert "<h1>cases · 案件</h1>" in page


def test_case_row_page_shows_the_case_and_links_to_what_belongs_to_it(server):
    page = server.get(f"/kb/cases/{PAINTERS}")
    assert "Painters v. Xiaohongshu" in page and "画师诉小红书案" in page and ">pending<" in page
    assert '<a href="/kb/courts/cn-bj-internet">Beijing Internet Court</a>' in page  # the court, by name
    assert ">2023-10<" in page and ">2024-06<" in page  # filed, as of
    for table in ("events", "case_parties", "sources", "case_claims"):
        assert f'href="/kb/{table}?case_id={PAINTERS}"' in page, table


def test_a_refresh_after_a_rebuild_shows_the_new_data(server):
    assert search(server, "Zarathustra") == []
    before = server.json("/kb/cases.json", _shape="objects", id="us-2023-andersen-v-stability")["rows"][0]["title"]
    assert before == "Andersen v. Stability AI"
    cases = server.data / "cases.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace(
        "title: Andersen v. Stability AI", "title: Andersen v. Stability AI (Zarathustra)"), encoding="utf-8")
    inode = server.db.stat().st_ino
    load = subprocess.run([sys.executable, "-m", "kb", "--data", str(server.data), "--db", str(server.db), "load"],
                          capture_output=True, text=True, timeout=120)
    assert load.returncode == 0, load.stderr
    assert server.db.stat().st_ino != inode  # a new file was renamed over the old one
    after = server.json("/kb/cases.json", _shape="objects", id="us-2023-andersen-v-stability")["rows"][0]["title"]
    assert after == "Andersen v. Stability AI (Zarathustra)"
    assert search(server, "Zarathustra") == ["us-2023-andersen-v-stability"]
    assert "Zarathustra" in server.get("/kb/cases/us-2023-andersen-v-stability")
    deleted = [os.readlink(f"/proc/{server.proc.pid}/fd/{fd}") for fd in os.listdir(f"/proc/{server.proc.pid}/fd")]
    assert not [f for f in deleted if f.endswith("(deleted)")]  # the old file is let go


def test_searching_in_a_real_browser_finds_the_case(server):
    with chromium_page() as page:
        page.goto(server.url + "/kb/cases")
        page.fill('input[name="_search"]', "小红书")
        page.press('input[name="_search"]', "Enter")
        page.wait_for_url("**_search=*")
        rows = page.locator("table.rows-and-columns tbody tr")
        assert rows.count() == 2  # the painters' suit, and the boycott of Xingyin (小红书)
        assert "Painters v. Xiaohongshu" in rows.first.inner_text()
        assert "Illustrators boycott Xiaohongshu" in rows.nth(1).inner_text()
        assert page.console_errors == []


def test_serve_without_datasette_says_how_to_install_it(run, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "datasette" else real(name, *a))
    result = run("serve")
    assert result.exit_code == 1
    assert "pip install -e '.[web]'" in result.stderr


def test_serve_on_a_port_in_use_says_so(run):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port))
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}: address already in use" in result.stderr
    assert not run.db.exists()  # refused before anything was built


# -- the shipped data: the labelled searches of tests/search_queries.py in Datasette ---------------------

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped_server(tmp_path_factory):
    srv = Server(ROOT / "data", tmp_path_factory.mktemp("serve-shipped") / "kb.sqlite")
    try:
        yield srv
    finally:
        srv.stop()


def ranked(server: Server, query: str) -> list[str]:
    """The canned query `search`: the cases best match first."""
    return [row["id"] for row in server.json("/kb/search.json", q=query, _shape="objects")["rows"]]


def test_a_case_number_whole_or_in_part_ranks_its_case_first_in_datasette(shipped_server):
    from search_queries import NUMBERS

    for query, case_id in NUMBERS:
        assert ranked(shipped_server, query)[:1] == [case_id], query
        assert case_id in search(shipped_server, query), query  # the search box of `cases` finds it too


def test_readers_words_find_their_group_in_datasette(shipped_server):
    from search_queries import FACE_SWAP, NYT

    assert set(search(shipped_server, "deepfake")) >= set(FACE_SWAP)
    assert set(ranked(shipped_server, "NYT")[:len(NYT)]) == set(NYT)
    assert set(search(shipped_server, "纽约时报")) >= set(NYT)


def test_chinese_matches_the_whole_phrase_in_datasette(shipped_server):
    found = ranked(shipped_server, "小红书")
    assert {"cn-2023-illustrators-v-xiaohongshu", "cn-2024-xingyin-v-ai-writing-goose"} <= set(found)
    single = set(ranked(shipped_server, "小"))
    assert len(found) < len(single)  # the single character alone brings in more: the phrase does not


def test_the_related_canned_query_ranks_as_kb_related(shipped_server):
    from kb import links
    from kb.store import connect_readonly
    from search_queries import RELATED

    con = connect_readonly(shipped_server.db)
    try:
        for case_id in RELATED:
            rows = shipped_server.json("/kb/related.json", case=case_id, _shape="objects", _size="max")["rows"]
            expected = links.related(con, case_id)
            assert [r["id"] for r in rows] == [r["id"] for r in expected], case_id
            assert all(abs(a["score"] - b["score"]) <= 0.011 for a, b in zip(rows, expected)), case_id
    finally:
        con.close()


# -- every request bounded: anyone who reaches the server may run any read-only SQL --------------------
def answer(server: Server, path: str, **params: str) -> tuple[int, dict]:
    """Status and JSON of a request that may fail (Datasette answers a bad query with 400 and its error)."""
    try:
        return 200, server.json(path, **params)
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read().decode())


def peak_memory_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


ROWS_1000 = "with recursive n(x) as (select 1 union all select x + 1 from n where x < 1000) "


@pytest.mark.parametrize("database", ["kb", "_memory"])
def test_a_huge_value_is_refused_at_once_and_the_server_stays_small(server, database):
    status, body = answer(server, f"/{database}.json", sql="select randomblob(1000000000)")
    assert status == 400 and body["error"] == "string or blob too big" and not body["rows"]
    status, body = answer(server, f"/{database}.json", sql="select zeroblob(1000000000)")
    assert status == 400 and body["error"] == "string or blob too big"
    status, body = answer(server, f"/{database}.json", sql=ROWS_1000 + "select randomblob(1000000) from n")
    assert status == 400 and body["error"].startswith("the result is larger than 32 MiB") and not body["rows"]
    assert answer(server, "/kb.json", sql="select count(*) as n from cases")[1]["rows"] == [[5]]
    assert peak_memory_mb(server.proc.pid) < 400  # a 1 GB value, or 1,000 rows of 1 MB, never held


def test_errors_a_reader_causes_write_no_traceback_to_the_log(server):
    server.log.seek(0, os.SEEK_END)
    start = server.log.tell()
    for path, params in [("/nothing", {}), ("/kb/no_such_table", {}), ("/kb/cases", {"_sort": "bogus"}),
                         ("/kb/cases.json", {"_sort_desc": "secret"})]:
        with pytest.raises(urllib.error.HTTPError):
            server.get(path, **params)
    time.sleep(0.2)
    server.log.seek(start)
    log = server.log.read()
    assert "Traceback" not in log and "locals" not in log, log[:2000]


@pytest.mark.parametrize("host, warned", [("0.0.0.0", True), ("::", True), ("127.0.0.1", False), ("localhost", False)])
def test_serving_to_the_network_warns_that_anyone_may_run_sql(run, monkeypatch, host, warned):
    monkeypatch.setattr("kb.web.datasette.serve", lambda *args, **kwargs: None)
    monkeypatch.setattr("kb.web.datasette.address_problem", lambda *args: None)
    result = run("serve", "--host", host)
    assert result.exit_code == 0, result.stderr
    assert ("open to the network: anyone who can reach it can read the data and run any read-only SQL"
            in result.stderr) is warned
