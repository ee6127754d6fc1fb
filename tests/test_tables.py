"""The SQLite schema: SQLModel table classes derived from the models, with foreign keys and indexes."""

import sqlite3
from typing import Annotated, Optional

import pytest

from conftest import write_data
from kb import models, store, tables
from kb.models import REGISTRIES, Named, Ref, fields_of

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tables")
    p = store.Paths(write_data(tmp / "data"), tmp / "kb.sqlite")
    dataset, findings = store.build(p)
    assert dataset is not None, findings
    return sqlite3.connect(p.db)


def _leaf_paths(model, prefix=()):
    """Every scalar field of a model, nested records followed down: ("ruling", "damages", "amount")."""
    for spec in fields_of(model):
        if spec.table:
            continue
        if spec.model is not None and not spec.is_list:
            yield from _leaf_paths(spec.model, (*prefix, spec.name))
        else:
            yield (*prefix, spec.name)


def test_every_model_field_lands_in_a_column_of_the_built_database(built):
    specs = tables.table_specs()
    for registry, model in REGISTRIES.items():
        owned = [(registry, model)] + [(s.table, s.model) for s in fields_of(model) if s.table]
        for table, item_model in owned:
            columns = {c.field_path: c.name for c in specs[table].columns}
            in_db = {r[1] for r in built.execute(f'PRAGMA table_info("{table}")')}
            paths = list(_leaf_paths(item_model)) if item_model else [(spec.name,) for spec in fields_of(model)
                                                                       if spec.table == table]
            for path in paths:
                assert path in columns, (table, path)
                assert columns[path] in in_db, (table, columns[path])


def test_every_reference_is_a_foreign_key(built):
    fks = {}
    for (table,) in built.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for row in built.execute(f'PRAGMA foreign_key_list("{table}")'):
            fks.setdefault((table, row[0]), []).append((row[3], row[2], row[4]))
    single = {(t, cols[0][0]): cols[0][1] for (t, _), cols in fks.items() if len(cols) == 1}
    assert single[("cases", "court_id")] == "courts"
    assert single[("case_parties", "party_id")] == "parties" and single[("case_parties", "case_id")] == "cases"
    assert single[("case_claims", "claim_id")] == "claims" and single[("case_products", "product_id")] == "products"
    assert single[("relations", "related_case_id")] == "cases" and single[("claims", "parent_id")] == "claims"
    assert single[("products", "operator_id")] == "parties"
    composite = {t: sorted(cols) for (t, _), cols in fks.items() if len(cols) == 2}
    assert composite["events"] == [("case_id", "sources", "case_id"), ("source_id", "sources", "id")]
    assert composite["cases"] == [("id", "sources", "case_id"), ("ruling_source_id", "sources", "id")]
    assert built.execute("PRAGMA foreign_key_check").fetchall() == []


def test_column_names_are_not_sql_keywords_and_links_end_in_id(built):
    for (table,) in built.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'"):
        for (name,) in built.execute(f'SELECT name FROM pragma_table_info("{table}")').fetchall():
            built.execute(f'SELECT {name} FROM "{table}" WHERE {name} IS NULL LIMIT 0')  # no quotes needed
    for spec in tables.table_specs().values():
        for c in spec.columns:
            if c.references:
                assert c.name.endswith("_id"), (spec.name, c.name)


def test_every_filter_has_an_index(built):
    indexed = {(r[0], r[1]) for r in built.execute(
        "SELECT m.name, i.name FROM sqlite_master m, pragma_index_list(m.name) l, pragma_index_info(l.name) i "
        "WHERE m.type = 'table' AND i.seqno = 0")}
    for wanted in [("cases", "court_id"), ("case_parties", "party_id"), ("case_claims", "claim_id"),
                   ("case_products", "product_id"), ("cases", "status"), ("cases", "kind"), ("cases", "jurisdiction"),
                   ("cases", "filed_start"), ("cases", "decided_end"), ("events", "date_start"), ("events", "date_end"),
                   ("events", "case_id"), ("relations", "related_case_id")]:
        assert wanted in indexed, wanted


def test_schema_version_is_the_user_version(built):
    assert built.execute("PRAGMA user_version").fetchone()[0] == tables.SCHEMA_VERSION >= 2


def test_the_store_runs_the_ddl_sqlmodel_compiles(built):
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable

    case = tables.table_classes()["cases"]
    assert case.__name__ == "Case" and "court_id" in case.model_fields
    expected = str(CreateTable(case.__table__).compile(dialect=sqlite.dialect())).strip()
    (sql,) = built.execute("SELECT sql FROM sqlite_master WHERE name = 'cases'").fetchone()
    assert " ".join(sql.split()) == " ".join(expected.split())


def test_a_new_registry_gets_its_table_through_the_same_mechanism(monkeypatch):
    class Question(Named):
        """An open legal question that cases raise."""

        claim: Annotated[Optional[str], Ref("claims")] = None

    monkeypatch.setitem(models.REGISTRIES, "questions", Question)
    monkeypatch.setitem(tables.REGISTRY_LABELS, "questions", "question")
    tables.table_specs.cache_clear()
    tables.table_classes.cache_clear()
    try:
        spec = tables.table_specs()["questions"]
        assert {c.name for c in spec.columns} >= {"id", "name", "name_zh", "aliases", "claim_id"}
        assert spec.column("claim_id").references == "claims" and spec.description.startswith("An open legal")
        ddl = "\n".join(tables.schema_sql())
        assert "CREATE TABLE questions" in ddl and "FOREIGN KEY(claim_id) REFERENCES claims (id)" in ddl
    finally:
        tables.table_specs.cache_clear()
        tables.table_classes.cache_clear()
