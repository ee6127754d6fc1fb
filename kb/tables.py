"""The SQLite tables: SQLModel table classes derived from the models in `kb.models`.

Nothing here spells out a field by hand. Each registry becomes a table of its own (`courts`,
`parties`, `claims`, `products`, `cases`); plain fields become columns, a nested record becomes
prefixed columns (`ruling_damages_amount`), a list of names becomes a JSON column, and a list
marked with `Table(...)` becomes a child table keyed by `case_id` and `position`. A field marked
`Ref(...)` becomes a `<field>_id` column (`court_id`, `party_id`, `ruling_source_id`) with a
FOREIGN KEY to the record it names, and an index. A date becomes three columns: the text as
written and the first and last day of the period it names, so that `--since 2023-11` can compare
periods in SQL. Each case's whole record is kept as JSON in `case_records`, which is what
`kb show` and the exports read back.

`table_specs()` describes the tables in plain Python (what the store fills them from, without
importing SQLAlchemy); `table_classes()` declares them as SQLModel classes, whose metadata gives
the DDL the store runs. Change a model, or add a registry, and the tables follow; the store
notices and rebuilds (see `kb.store`).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # a JSON string, non-ASCII kept as is
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, Callable, Iterable, Iterator, Optional

from kb.dates import period
from kb.models import REGISTRIES, FieldSpec, Record, fields_of
from kb.registries import REGISTRY_LABELS

# The schema's version, stored as PRAGMA user_version: raise it when the layout changes.
SCHEMA_VERSION = 3

# Columns kb filters on besides the references (which are always indexed): `kb cases --status
# --kind --jurisdiction --since --until`, `kb timeline --since --until`.
FILTER_COLUMNS = {
    "cases": ("status", "kind", "jurisdiction", "filed_start", "filed_end", "decided_start", "decided_end"),
    "events": ("date_start", "date_end"),
}
RECORDS_TABLE = "case_records"
# json.dumps(value, ensure_ascii=False), without building an encoder for every value.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def _json(value: Any) -> str:
    """json.dumps(value, ensure_ascii=False), written directly for the lists of ids most values are."""
    if type(value) is list and all(type(item) is str for item in value):
        return "[" + ", ".join(map(encode_basestring, value)) + "]"
    return _encode(value)


@dataclass(frozen=True)
class Column:
    name: str
    py_type: type  # str, int or float
    get: Callable[[Any], Any]  # from a row source: a record's dump (a dict), or (case dump, position, item)
    nullable: bool = True
    description: Optional[str] = None
    field_path: tuple[str, ...] = ()  # the model field it holds ((): none, e.g. position)
    references: Optional[str] = None  # registry table whose `id` it holds
    index: bool = False


@dataclass(frozen=True)
class Link:
    """A relationship of a table class: `case.court`, `case.parties`, `case_party.party`."""

    name: str
    target: str  # table name
    column: str  # the foreign key column, on this table (to one) or on the target (to many)
    many: bool = False


@dataclass(frozen=True)
class TableSpec:
    name: str
    class_name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    rows: Callable[[Iterable[dict]], Iterator[tuple]]
    registry: str  # the registry it is filled from
    composite_refs: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()  # (columns, table, columns)
    unique: tuple[tuple[str, ...], ...] = ()
    links: list[Link] = field(default_factory=list)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def insert_sql(self) -> str:
        names = ", ".join(f'"{c.name}"' for c in self.columns)
        marks = ", ".join("?" for _ in self.columns)
        return f'INSERT INTO "{self.name}" ({names}) VALUES ({marks})'


def _getter(path: tuple[str, ...]) -> Callable[[Any], Any]:
    """Reads a value out of a record's dump (nested dicts), None where a level is missing."""
    if len(path) == 1:
        (key,) = path
        get_key = lambda d: d.get(key)  # noqa: E731
        get_key.key = key  # type: ignore[attr-defined]  # read inline by _row_function
        return get_key

    def get(d: Any) -> Any:
        for key in path:
            if d is None:
                return None
            d = d.get(key)
        return d

    return get


def _self(row: Any) -> Any:
    return row


def _py_type(spec: FieldSpec) -> type:
    return spec.type if spec.type in (int, float) else str


def _description(model: type[Record], name: str) -> Optional[str]:
    return model.model_fields[name].description


def ref_column(path: tuple[str, ...], spec: FieldSpec) -> str:
    """The column of a reference: `court` → `court_id`, `ruling.source` → `ruling_source_id`."""
    return "_".join(path[:-1] + (spec.ref_column or f"{path[-1]}_id",))


def _scalar_columns(model: type[Record], prefix: tuple[str, ...] = (), item: Callable = _self,
                    optional: bool = False) -> Iterator[Column]:
    for spec in fields_of(model):
        if spec.table:
            continue
        path = (*prefix, spec.name)
        info = model.model_fields[spec.name]
        nullable = optional or not info.is_required()
        if spec.model is not None and not spec.is_list:
            yield from _scalar_columns(spec.model, path, item, optional=nullable)
            continue
        get = _getter(path)
        getter = (lambda row, g=get: g(item(row))) if item is not _self else get
        description = _description(model, spec.name)
        if spec.is_list:
            yield Column("_".join(path), str, lambda row, g=getter: _json(g(row)),
                         nullable, (description or "") + " (a JSON list)", path)
        elif spec.ref:
            registry = spec.ref if spec.ref != "sources" else None
            yield Column(ref_column(path, spec), str, getter, nullable, description, path, registry,
                         index=registry is not None)
        else:
            yield Column("_".join(path), _py_type(spec), getter, nullable, description, path)
            if spec.is_date:
                for i, suffix in enumerate(("start", "end")):
                    yield Column(f"{'_'.join(path)}_{suffix}", str, _bound_getter(getter, i),
                                 nullable, f"The {('first', 'last')[i]} day of the period `{'_'.join(path)}` names.")


def _bound_getter(getter: Callable[[Any], Any], i: int) -> Callable[[Any], Any]:
    """The first (i=0) or last (i=1) day of the period of the date `getter` reads."""
    get_bound = lambda row: _bound(getter(row), i)  # noqa: E731
    get_bound.bound_of = (getter, i)  # type: ignore[attr-defined]  # read inline by _row_function
    return get_bound


def _bound(value: Optional[str], i: int) -> Optional[str]:
    return None if value is None else _bounds(value)[i]


@lru_cache(maxsize=65536)  # a data set repeats a few thousand dates many times, in several columns
def _bounds(value: str) -> tuple[str, str]:
    """The first and last day of the period a partial date names, as ISO text."""
    start, end = period(value)
    return start.isoformat(), end.isoformat()


def _row_function(getters: list[Callable[[Any], Any]], leading: tuple[str, ...] = ()) -> Callable[..., tuple]:
    """One function giving the tuple of the values `getters` read from a value `v`, after the `leading`
    arguments as they are. A getter of one key of a dump is read inline (`v.get("title")`), as is the period
    of such a date; any other is called. Built once per table, it spares a call and a loop for each value."""
    names: dict[str, Any] = {"_bound": _bound}
    parts = list(leading)
    for i, g in enumerate(getters):
        inner, bound = getattr(g, "bound_of", (g, None))
        key = getattr(inner, "key", None)
        if isinstance(key, str):
            read = f"v.get({key!r})"
        else:
            names[f"g{i}"] = inner
            read = f"g{i}(v)"
        parts.append(read if bound is None else f"_bound({read}, {bound})")
    return eval(f"lambda {', '.join((*leading, 'v'))}: ({', '.join(parts)},)", names)  # noqa: S307


def _class_name(table: str) -> str:
    return "".join(part.capitalize() for part in table.split("_")).removesuffix("s").replace("Partie", "Party")


def _with_index(columns: Iterable[Column], table: str) -> tuple[Column, ...]:
    wanted = FILTER_COLUMNS.get(table, ())
    return tuple(Column(**{**c.__dict__, "index": True}) if c.name in wanted else c for c in columns)


def _source_refs(columns: Iterable[Column], owner: str) -> tuple:
    """Composite foreign keys of the columns that name a source of the same case."""
    return tuple(((owner, c.name), "sources", ("case_id", "id")) for c in columns
                 if c.references is None and c.name.endswith("source_id"))


def _id_lists(model: type[Record]) -> Iterator[Column]:
    """Beside a child table of plain references (`case_claims`), the ids as a JSON list on the record's
    own row (`cases.claim_ids`), which Datasette offers as a facet (its facets read one table)."""
    for spec in fields_of(model):
        if spec.table and spec.ref and spec.model is None:
            yield Column(f"{REGISTRY_LABELS[spec.ref]}_ids", str,
                         lambda d, key=spec.name: _json(d.get(key) or []), False,
                         f"The ids in `{spec.table}`, as a JSON list.", (spec.name,))


def _registry_table(name: str, model: type[Record]) -> TableSpec:
    columns = _with_index((*_scalar_columns(model), *_id_lists(model)), name)

    def rows(dumps: Iterable[dict]) -> Iterator[tuple]:
        return map(_row_function([c.get for c in columns]), dumps)

    links = [Link(c.name.removesuffix("_id"), c.references, c.name) for c in columns if c.references]
    return TableSpec(name, model.__name__, (model.__doc__ or "").strip(), columns, ("id",), rows, name,
                     _source_refs(columns, "id"), links=links)


def _child_table(registry: str, spec: FieldSpec) -> TableSpec:
    label = REGISTRY_LABELS[registry]
    owner = f"{label}_id"
    key = [Column(owner, str, lambda row: row[0]["id"], False, f"The {label} this row belongs to.",
                  references=registry, index=True),
           Column("position", int, lambda row: row[1], False, f"Order within the {label}'s `{spec.name}`.")]
    if spec.model is not None:
        of_item = tuple(_scalar_columns(spec.model))  # read from the item itself
        columns = (*key, *(Column(**{**c.__dict__, "get": lambda row, g=c.get: g(row[2])}) for c in of_item))
        item_getters = [c.get for c in of_item]
        description = (spec.model.__doc__ or "").strip()
        class_name = spec.model.__name__
    else:
        item_label = REGISTRY_LABELS[spec.ref]
        columns = (*key, Column(f"{item_label}_id", str, lambda row: row[2], False, f"A {item_label} of the {label}.",
                                (spec.name,), spec.ref, index=True))
        item_getters = None  # the item is the value
        description = f"The {spec.name} of each {label}, in order."
        class_name = _class_name(spec.table)
    columns = _with_index(columns, spec.table)

    def rows(dumps: Iterable[dict]) -> Iterator[tuple]:
        # The same values as the columns' getters give (d, position, item), read from the item directly.
        name = spec.name
        if item_getters is None:
            for d in dumps:
                owner_id = d["id"]
                for position, value in enumerate(d[name]):
                    yield owner_id, position, value
            return
        row = _row_function(item_getters, ("owner_id", "position"))
        for d in dumps:
            owner_id = d["id"]
            for position, item in enumerate(d[name]):
                yield row(owner_id, position, item)

    links = [Link(c.name.removesuffix("_id"), c.references, c.name) for c in columns if c.references]
    unique = (((owner, "id"),) if spec.table == "sources" else ())
    return TableSpec(spec.table, class_name, description, columns, (owner, "position"), rows, registry,
                     _source_refs(columns[1:], owner), unique, links)


def _records_table() -> TableSpec:
    columns = (Column("case_id", str, lambda d: d["id"], False, "The case.", references="cases"),
               Column("record", str, lambda d: d["__json__"], False, "The case's whole record as JSON."))

    def rows(dumps: Iterable[dict]) -> Iterator[tuple]:
        return ((d["id"], d["__json__"]) for d in dumps)

    return TableSpec(RECORDS_TABLE, "CaseRecord", "Each case's record as JSON, as `kb show` reads it.", columns,
                     ("case_id",), rows, "cases")


@cache
def table_specs() -> dict[str, TableSpec]:
    """Every table by name: each registry's own table, then its child tables; last the case records."""
    specs: dict[str, TableSpec] = {}
    for registry, model in REGISTRIES.items():
        own = _registry_table(registry, model)
        specs[registry] = own
        for spec in fields_of(model):
            if spec.table:
                child = _child_table(registry, spec)
                specs[child.name] = child
                own.links.append(Link(spec.name, child.name, child.key[0], many=True))
    specs[RECORDS_TABLE] = _records_table()
    for spec in specs.values():  # name the links of child tables back to their owner (`event.case`)
        for c in spec.columns:
            if c.references and spec.key[0] == c.name and spec.name != c.references and not any(
                    link.column == c.name for link in spec.links):
                spec.links.insert(0, Link(c.name.removesuffix("_id"), c.references, c.name))
    # and each registry's links to what names it (`court.cases`, `claim.case_claims`, `party.products`),
    # where the name is free and the link is the only one between the two tables
    for spec in specs.values():
        for c in spec.columns:
            target = specs.get(c.references or "")
            if (target is None or target is spec or spec.name == RECORDS_TABLE or target.registry != target.name
                    or sum(o.references == target.name for o in spec.columns) > 1):
                continue
            taken = {link.name for link in target.links} | {o.name for o in target.columns}
            if spec.name not in taken and not any(link.target == spec.name and link.column == c.name
                                                  for link in target.links):
                target.links.append(Link(spec.name, spec.name, c.name, many=True))
    return specs


def dump_all(model: type[Record], records: list[Record], *, with_json: bool) -> list[dict]:
    """What the tables are filled from: each record as plain data (and, for cases, as JSON).

    One bulk dump of the whole list is four times faster than dumping record by record.
    """
    from pydantic import TypeAdapter

    dumps = TypeAdapter(list[model]).dump_python(records)
    if with_json:
        for d, record in zip(dumps, records):
            d["__json__"] = record.model_dump_json(exclude_none=True, exclude_defaults=True)
    return dumps


# -- the SQLModel classes --------------------------------------------------------------------------
@cache
def table_classes() -> dict[str, type]:
    """The SQLModel table class of every table, by table name (`Case`, `Court`, `CaseParty`, ...).

    They have their own SQLAlchemy registry and metadata, so they never clash with a user's classes.
    Relationships are read-only: the database is rebuilt from the YAML, never written through them.
    """
    from sqlalchemy import Float, ForeignKeyConstraint, Integer, Text, UniqueConstraint
    from sqlalchemy.orm import registry, relationship
    from sqlmodel import Field, Relationship, SQLModel

    class KbTable(SQLModel, registry=registry()):
        pass

    sa_types = {str: Text, int: Integer, float: Float}
    specs = table_specs()
    classes: dict[str, type] = {}
    for spec in specs.values():
        annotations: dict[str, Any] = {}
        namespace: dict[str, Any] = {"__tablename__": spec.name, "__doc__": spec.description,
                                     "__module__": "kb.db", "__annotations__": annotations}
        for c in spec.columns:
            annotations[c.name] = Optional[c.py_type] if c.nullable else c.py_type
            namespace[c.name] = Field(
                default=None if c.nullable else ...,
                primary_key=c.name in spec.key,
                foreign_key=f"{c.references}.id" if c.references else None,
                index=c.index and c.name != spec.key[0],
                nullable=c.nullable,
                sa_type=sa_types[c.py_type],
                description=c.description,
            )
        args: list[Any] = [ForeignKeyConstraint(list(cols), [f"{table}.{k}" for k in keys])
                           for cols, table, keys in spec.composite_refs]
        args += [UniqueConstraint(*cols) for cols in spec.unique]
        namespace["__table_args__"] = tuple(args)
        for link in spec.links:
            target = specs[link.target].class_name
            if link.many:
                order = ", ".join(f"{target}.{k}" for k in specs[link.target].key)
                rel = relationship(target, foreign_keys=f"[{target}.{link.column}]", viewonly=True,
                                   order_by=f"[{order}]")
            else:
                remote = {"remote_side": f"[{target}.id]"} if link.target == spec.name else {}
                rel = relationship(target, foreign_keys=f"[{spec.class_name}.{link.column}]", viewonly=True,
                                   **remote)
            namespace[link.name] = Relationship(sa_relationship=rel)
        classes[spec.name] = type(KbTable)(spec.class_name, (KbTable,), namespace, table=True)
    classes["__metadata__"] = KbTable.metadata  # type: ignore[assignment]
    return classes


def schema_sql() -> list[str]:
    """The CREATE TABLE and CREATE INDEX statements, as SQLAlchemy compiles the table classes for SQLite."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    metadata = table_classes()["__metadata__"]
    dialect = sqlite.dialect()
    statements = []
    for name in table_specs():
        table = metadata.tables[name]
        statements.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        statements += [str(CreateIndex(i).compile(dialect=dialect)) for i in sorted(table.indexes, key=lambda i: i.name)]
    return statements
