"""The database as a product: sqlite-utils finds cases_fts, and the read path stays light."""

import os
import subprocess
import sys

from conftest import write_data

def test_sqlite_utils_finds_cases_fts_in_english_and_chinese(tmp_path):
    import sqlite_utils

    from kb import store

    p = store.Paths(write_data(tmp_path / "data"), tmp_path / "kb.sqlite")
    store.build(p)
    db = sqlite_utils.Database(p.db)
    assert db["cases"].detect_fts() == "cases_fts"
    hits = {r["id"] for r in db["cases"].search("小红书")}
    # each hit says 小红书, or is a case of a party known by that name (Xingyin's other name)
    named = {case_id for (case_id,) in db.execute(
        "SELECT cp.case_id FROM case_parties cp JOIN parties p ON p.id = cp.party_id "
        "WHERE p.aliases LIKE '%小红书%' OR p.name_zh LIKE '%小红书%'")}
    says = {r["id"] for r in db["cases"].rows_where("id in (%s)" % ",".join("?" * len(hits)), list(hits))
            if "小红书" in (r["title_zh"] or "") + (r["summary_zh"] or "") + r["title"]}
    assert says and hits == says | (named & hits) and named <= hits


def test_read_commands_never_import_sqlalchemy_or_sqlmodel(tmp_path):
    data = write_data(tmp_path / "data")
    env = {**os.environ, "KB_DATA": str(data), "KB_DB": str(tmp_path / "kb.sqlite")}
    kb = [sys.executable, "-c", "from kb.cli import main; main()"]
    subprocess.run([*kb, "load"], env=env, check=True, capture_output=True)
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", "from kb.cli import main; main()",
                             "cases", "--json"], env=env, capture_output=True, text=True)
    assert result.returncode == 0 and '"cn-2023-li-v-liu"' in result.stdout
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert "kb" in imported and not imported & {"sqlalchemy", "sqlmodel", "pydantic", "networkx"}
