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
from kb.queries import REGISTRY_LABELS

_SQL_TYPES = {float: "REAL", int: "INTEGER", bool: "INTEGER"}


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    get: Callable[[Any], Any]  # from a row source: a record's dump (a dict), or (case dump, position, item)


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


def _getter(path: tuple[str, ...]) -> Callable[[Any], Any]:
    """Reads a value out of a record's dump (nested dicts), None where a level is missing."""
    if len(path) == 1:
        (key,) = path
        return lambda d: d.get(key)

    def get(d: Any) -> Any:
        for key in path:
            if d is None:
                return None
            d = d.get(key)
        return d

    return get


def _scalar_columns(model: type[Record], prefix: tuple[str, ...] = (), item: Callable = lambda row: row) -> Iterator[
        Column]:
    for spec in fields_of(model):
        if spec.table:
            continue
        path = (*prefix, spec.name)
        name = "_".join(path)
        if spec.model is not None and not spec.is_list:
            yield from _scalar_columns(spec.model, path, item)
            continue
        get = _getter(path)
        getter = (lambda row, g=get: g(item(row))) if item is not _SELF else get
        if spec.is_list:
            yield Column(name, "TEXT", lambda row, g=getter: json.dumps(g(row), ensure_ascii=False))
        else:
            yield Column(name, _SQL_TYPES.get(spec.type, "TEXT"), getter)
            if spec.is_date:
                for i, suffix in enumerate(("_start", "_end")):
                    yield Column(name + suffix, "TEXT",
                                 lambda row, g=getter, i=i: None if (v := g(row)) is None else period(v)[i].isoformat())


def _self(row: Any) -> Any:
    return row


_SELF = _self


def _registry_table(name: str, model: type[Record]) -> TableDef:
    columns = (*_scalar_columns(model, item=_SELF), Column("record", "TEXT", lambda dump: dump["__json__"]))
    refs = tuple(s.name for s in fields_of(model) if s.ref and not s.is_list)

    def rows(dumps: Iterable[dict]) -> Iterator[tuple]:
        getters = [c.get for c in columns]
        for d in dumps:
            yield tuple(g(d) for g in getters)

    return TableDef(name, columns, ("id",), refs, rows)


def _child_table(parent: type[Record], spec) -> TableDef:
    key = [Column("case_id", "TEXT", lambda row: row[0]["id"]), Column("position", "INTEGER", lambda row: row[1])]
    if spec.model is not None:
        columns = (*key, *_scalar_columns(spec.model, item=lambda row: row[2]))
        refs = tuple(s.name for s in fields_of(spec.model) if s.ref and s.ref != "sources")
    else:
        column = REGISTRY_LABELS[spec.ref]
        columns, refs = (*key, Column(column, "TEXT", lambda row: row[2])), (column,)

    def rows(dumps: Iterable[dict]) -> Iterator[tuple]:
        getters = [c.get for c in columns]
        for d in dumps:
            for position, value in enumerate(d[spec.name]):
                row = (d, position, value)
                yield tuple(g(row) for g in getters)

    return TableDef(spec.table, columns, ("case_id", "position"), refs, rows)


def dump_all(model: type[Record], records: list[Record]) -> list[dict]:
    """What the tables are filled from: each record as plain data, and as the JSON kept in `record`.

    One bulk dump of the whole list is four times faster than dumping record by record.
    """
    from pydantic import TypeAdapter

    dumps = TypeAdapter(list[model]).dump_python(records)
    for d, record in zip(dumps, records):
        d["__json__"] = record.model_dump_json(exclude_none=True, exclude_defaults=True)
    return dumps


def derive_tables() -> dict[str, list[TableDef]]:
    """Tables per registry: the registry's own table first, then its child tables."""
    result = {}
    for name, model in REGISTRIES.items():
        result[name] = [_registry_table(name, model)]
        result[name] += [_child_table(model, spec) for spec in fields_of(model) if spec.table]
    return result


def schema_sql() -> str:
    return "\n".join(t.ddl() for tables in derive_tables().values() for t in tables)
