import sqlite3

import pytest

from conftest import write_data
from kb import store
from kb.errors import StoreError
from kb.models import REGISTRIES, fields_of
from kb.tables import table_specs


def paths(tmp_path, data=None):
    return store.Paths(data or write_data(tmp_path / "data"), tmp_path / "out" / "kb.sqlite")


def test_build_writes_every_table(tmp_path):
    p = paths(tmp_path)
    dataset, findings = store.build(p)
    assert findings == [] and dataset is not None
    con = sqlite3.connect(p.db)
    counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in
              ("courts", "parties", "claims", "products", "cases", "case_parties", "case_claims", "case_products",
               "events", "sources", "relations")}
    assert counts == {"courts": 2, "parties": 5, "claims": 3, "products": 2, "cases": 4, "case_parties": 7,
                      "case_claims": 5, "case_products": 3, "events": 5, "sources": 4, "relations": 2}
    meta = dict(con.execute("SELECT key, value FROM meta"))
    assert meta["application"] == "kb" and meta["content_hash"] == store.content_hash(p.data)


def test_every_model_field_has_a_column_or_a_table():
    tables = {t.name: {c.field_path for c in t.columns} for t in table_specs().values()}
    for registry, model in REGISTRIES.items():
        for spec in fields_of(model):
            if spec.table:
                assert spec.table in tables
            elif spec.model is None:
                assert (spec.name,) in tables[registry], (registry, spec.name)


def test_dates_store_their_period(tmp_path):
    p = paths(tmp_path)
    store.build(p)
    row = sqlite3.connect(p.db).execute(
        "SELECT filed, filed_start, filed_end FROM cases WHERE id = 'cn-2023-li-v-liu'").fetchone()
    assert row == ("2023-05", "2023-05-01", "2023-05-31")


def test_failed_load_leaves_the_old_database_byte_for_byte(tmp_path):
    p = paths(tmp_path)
    store.build(p)
    before = p.db.read_bytes()
    (p.data / "cases.yaml").write_text("- id: broken\n", encoding="utf-8")
    dataset, findings = store.build(p)
    assert dataset is None and findings
    assert p.db.read_bytes() == before
    assert [f.name for f in p.db.parent.iterdir()] == ["kb.sqlite"]  # no temporary file left


def test_interrupted_build_leaves_old_database_and_no_temp_file(tmp_path, monkeypatch):
    p = paths(tmp_path)
    store.build(p)
    before = p.db.read_bytes()

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("kb.search.build", interrupt)
    with pytest.raises(KeyboardInterrupt):
        store.build(p, full=True)
    assert p.db.read_bytes() == before
    assert [f.name for f in p.db.parent.iterdir()] == ["kb.sqlite"]
    # and an incremental rebuild, interrupted while it changes its copy of the database
    cases = p.data / "cases.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace("Li v. Liu", "Li v Liu"), encoding="utf-8")
    monkeypatch.setattr("kb.search.add", interrupt)
    with pytest.raises(KeyboardInterrupt):
        store.build(p)
    assert p.db.read_bytes() == before
    assert [f.name for f in p.db.parent.iterdir()] == ["kb.sqlite"]


def test_staleness_follows_the_data(tmp_path):
    p = paths(tmp_path)
    assert store.staleness(p) == "no database yet"
    store.build(p)
    assert store.staleness(p) is None
    cases = p.data / "cases.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace("Li v. Liu", "Li v Liu"), encoding="utf-8")
    assert store.staleness(p) == "the data changed"


def test_touching_a_file_without_changing_it_is_not_stale(tmp_path):
    p = paths(tmp_path)
    store.build(p)
    cases = p.data / "cases.yaml"
    cases.write_bytes(cases.read_bytes())
    assert store.staleness(p) is None


def test_foreign_files_are_detected_and_never_overwritten(tmp_path):
    p = paths(tmp_path)
    p.db.parent.mkdir(parents=True)
    p.db.write_bytes(b"not a database at all")
    assert store.staleness(p) == "not a kb database"
    with pytest.raises(StoreError, match="not a kb database"):
        store.build(p)
    assert p.db.read_bytes() == b"not a database at all"

    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE notes (x)").connection.commit()
    before = other.read_bytes()
    with pytest.raises(StoreError):
        store.build(store.Paths(p.data, other))
    assert other.read_bytes() == before


def test_read_connection_is_read_only(tmp_path):
    p = paths(tmp_path)
    store.build(p)
    con = store.connect_readonly(p.db)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        con.execute("DELETE FROM cases")


def test_resolve_paths_prefers_options_then_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_DATA", str(tmp_path / "env-data"))
    monkeypatch.setenv("KB_DB", str(tmp_path / "env.sqlite"))
    assert store.resolve_paths() == store.Paths(tmp_path / "env-data", tmp_path / "env.sqlite")
    assert store.resolve_paths("x", "y.sqlite") == store.Paths(store.Path("x"), store.Path("y.sqlite"))
    monkeypatch.delenv("KB_DB")
    assert store.resolve_paths().db == tmp_path / "env-data" / "kb.sqlite"


def test_store_knows_the_data_files_without_importing_the_models():
    from kb.models import REGISTRIES

    assert store.DATA_FILE_NAMES == tuple(REGISTRIES)
