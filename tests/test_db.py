"""The typed Python API (`from kb import open_db`), and the README's "Use the database" examples run as written."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASES, write_data

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def session(data_dir, tmp_path):
    from kb import open_db

    with open_db(data_dir, tmp_path / "kb.sqlite") as s:
        yield s


def test_select_and_relationships(session):
    from sqlmodel import select

    from kb.db import Case, Court, Party

    cases = session.exec(select(Case).where(Case.court_id == "cn-bj-internet").order_by(Case.id)).all()
    assert [c.id for c in cases] == ["cn-2023-li-v-liu", "cn-2023-painters-v-xiaohongshu"]
    li = cases[0]
    assert li.court.name == "Beijing Internet Court" and li.title_zh == "李某诉刘某案"
    assert [(p.party.name, p.role) for p in li.parties] == [("Li", "plaintiff"), ("Liu", "defendant")]
    assert [e.what for e in li.events] == ["Judgment for the plaintiff.", "Court publishes the case."]  # file order
    assert [c.claim.name for c in li.claims] == ["Copyrightability of AI output", "Copyright infringement"]
    assert [p.product.name for p in li.products] == ["Stable Diffusion"]
    assert [s.url for s in li.sources] == ["https://example.org/li-v-liu"]
    assert li.ruling_damages_amount == 500 and li.decided_start == "2023-11-27"
    painters = cases[1]
    assert [(r.related_case.title, r.relation) for r in painters.related] == [("Li v. Liu", "similar-facts")]
    assert sorted(c.id for c in session.get(Court, "cn-bj-internet").cases) == [li.id, painters.id]
    assert [p.id for p in session.get(Party, "xingyin").products] == ["trik-ai"]


def test_pandas_reads_through_the_session(session):
    import pandas
    from sqlmodel import select

    from kb.db import Case

    frame = pandas.read_sql(select(Case.id, Case.jurisdiction), session.get_bind())
    assert frame.groupby("jurisdiction").size().to_dict() == {"CN": 3, "US": 1}
    assert len(pandas.read_sql("SELECT * FROM case_parties", session.get_bind())) == 7


def test_the_session_is_read_only(session):
    from sqlalchemy.exc import OperationalError

    from kb.db import Court

    session.add(Court(id="x-court", name="X", jurisdiction="CN"))
    with pytest.raises(OperationalError, match="readonly"):
        session.commit()


def test_open_db_builds_a_missing_or_stale_database_and_refuses_bad_data(tmp_path):
    from kb import open_db
    from kb.db import Case, DataError

    data, db = write_data(tmp_path / "data"), tmp_path / "kb.sqlite"
    with open_db(data, db) as s:
        assert s.get(Case, "cn-2023-li-v-liu").title == "Li v. Liu"
    write_data(data, cases=CASES.replace("title: Li v. Liu", "title: Li v. Liu (renamed)"))
    with open_db(data, db) as s:
        assert s.get(Case, "cn-2023-li-v-liu").title == "Li v. Liu (renamed)"
    before = db.read_bytes()
    write_data(data, cases=CASES.replace("court: us-cand", "court: no-such-court"))
    with pytest.raises(DataError, match=r"1 error\(s\).*cases\.yaml:\d+:\d+"):
        open_db(data, db)
    assert db.read_bytes() == before


def test_importing_kb_stays_light():
    code = "import sys, kb; print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic') if m in sys.modules)); " \
           "from kb import open_db; print(open_db.__module__)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[:2] == ["[]", "kb.db"]


def _section(title: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_readme_use_the_database_examples_run(tmp_path):
    pytest.importorskip("sqlite_utils")
    section = _section("Use the database")
    python = re.findall(r"^```python\n(.*?)^```$", section, re.S | re.M)
    shell = re.findall(r"^```sh\n(.*?)^```$", section, re.S | re.M)
    assert len(python) == 1 and len(shell) == 1
    (tmp_path / "data").mkdir()
    for yaml in (ROOT / "data").glob("*.yaml"):
        shutil.copy(yaml, tmp_path / "data" / yaml.name)
    env = {k: v for k, v in os.environ.items() if k not in ("KB_DATA", "KB_DB")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run([sys.executable, "-c", python[0]], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert sum(line.endswith("| Beijing Internet Court") for line in lines) == 3
    assert "events, the last:" in result.stdout and "jurisdiction" in result.stdout
    con = sqlite3.connect(tmp_path / "data" / "kb.sqlite")  # the example built it where kb keeps it
    assert con.execute("SELECT count(*) FROM cases WHERE court_id = 'cn-bj-internet'").fetchone()[0] >= 3
    outputs = []
    for line in shell[0].strip().splitlines():
        done = subprocess.run(line, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (line, done.stderr)
        outputs.append(done.stdout)
    assert "Xiaohongshu" in outputs[0] and "cn-bj-internet" in outputs[1]
