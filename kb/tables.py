"""The SQLite tables, derived from the models in `kb.models`.

Each registry becomes a table of its own (`courts`, `parties`, `claims`, `products`,
`cases`); plain fields become columns, a nested record becomes prefixed columns
(`ruling_damages_amount`), a list of names becomes a JSON column, and a list marked with
`Table(...)` becomes a child table keyed by `case_id` and `position`. A date becomes three
columns: the text as written and the first and last day of the period it names, so that
`--since 2023-11` can compare periods in SQL. Every row also keeps its whole record as JSON
in `record`, which is what `kb show` and the exports read back.

Change a model and the tables follow; the store notices and rebuilds (see `kb.store`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from kb.dates import period
from kb.models import REGISTRIES, Record, fields_of

_SQL_TYPES = {float: "REAL", int: "INTEGER", bool: "INTEGER"}


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    get: Callable[[Any], Any]


@dataclass(frozen=True)
class TableDef:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    indexes: tuple[str, ...]
    rows: Callable[[Iterable[Record]], Iterator[tuple]]

    def ddl(self) -> str:
        cols = ",\n  ".join(f'"{c.name}" {c.sql_type}' for c in self.columns)
        key = ", ".join(f'"{k}"' for k in self.key)
        statements = [f'CREATE TABLE "{self.name}" (\n  {cols},\n  PRIMARY KEY ({key})\n)']
        statements += [f'CREATE INDEX "{self.name}_{c}" ON "{self.name}" ("{c}")' for c in self.indexes]
        return ";\n".join(statements) + ";"

    def insert_sql(self) -> str:
        marks = ", ".join("?" for _ in self.columns)
        return f'INSERT INTO "{self.name}" VALUES ({marks})'


def _attr(get: Callable[[Any], Any], name: str) -> Callable[[Any], Any]:
    return lambda obj: None if (parent := get(obj)) is None else getattr(parent, name)


def _scalar_columns(model: type[Record], get: Callable = lambda obj: obj, prefix: str = "") -> Iterator[Column]:
    for spec in fields_of(model):
        if spec.table:
            continue
        getter = _attr(get, spec.name)
        name = prefix + spec.name
        if spec.model is not None and not spec.is_list:
            yield from _scalar_columns(spec.model, getter, name + "_")
        elif spec.is_list:
            yield Column(name, "TEXT", lambda obj, g=getter: json.dumps(g(obj), ensure_ascii=False))
        else:
            yield Column(name, _SQL_TYPES.get(spec.type, "TEXT"), getter)
            if spec.is_date:
                for i, suffix in enumerate(("_start", "_end")):
                    yield Column(name + suffix, "TEXT",
                                 lambda obj, g=getter, i=i: None if (v := g(obj)) is None else period(v)[i].isoformat())


def _registry_table(name: str, model: type[Record]) -> TableDef:
    columns = (*_scalar_columns(model), Column("record", "TEXT", _record_json))
    refs = tuple(s.name for s in fields_of(model) if s.ref and not s.is_list)
    return TableDef(name, columns, ("id",), refs, lambda records: (tuple(c.get(r) for c in columns) for r in records))


def _child_table(parent: type[Record], spec) -> TableDef:
    key = [Column("case_id", "TEXT", lambda row: row[0].id), Column("position", "INTEGER", lambda row: row[1])]
    item = lambda row: row[2]  # noqa: E731
    if spec.model is not None:
        columns = (*key, *_scalar_columns(spec.model, item))
        refs = tuple(s.name for s in fields_of(spec.model) if s.ref and s.ref != "sources")
    else:
        column = spec.ref.removesuffix("s").replace("partie", "party")
        columns, refs = (*key, Column(column, "TEXT", item)), (column,)

    def rows(records: Iterable[Record]) -> Iterator[tuple]:
        for record in records:
            for position, value in enumerate(getattr(record, spec.name)):
                row = (record, position, value)
                yield tuple(c.get(row) for c in columns)

    return TableDef(spec.table, columns, ("case_id", "position"), refs, rows)


def _record_json(record: Record) -> str:
    return json.dumps(record.model_dump(mode="json", exclude_none=True, exclude_defaults=True), ensure_ascii=False)


def derive_tables() -> dict[str, list[TableDef]]:
    """Tables per registry: the registry's own table first, then its child tables."""
    result = {}
    for name, model in REGISTRIES.items():
        result[name] = [_registry_table(name, model)]
        result[name] += [_child_table(model, spec) for spec in fields_of(model) if spec.table]
    return result


def schema_sql() -> str:
    return "\n".join(t.ddl() for tables in derive_tables().values() for t in tables)
