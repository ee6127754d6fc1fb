"""`kb serve`: the database in Datasette, described by the models, fresh after every rebuild.

`metadata()` derives what Datasette shows from the table specs (`kb.tables`), so a new registry or
field is described without a line here: the title, description, license and source; each table's
and column's description from the model's docstring and field descriptions; a label column per
table (its `name` or `title`) so that a foreign key shows the name it points to; the default facets
of `cases` (jurisdiction, status, court and claims); and every table that is not one of the model's
(`meta`, the search indexes and their shadow tables, the derived `vocabulary` and `rarities`) hidden.

kb rebuilds its database in a new file and renames it over the old one, so a server that keeps a
connection open reads the old file forever (its inode stays alive while it is open). `FreshDatabase`
checks the file at its path (device, inode, modification time, size) before each query and reopens
its connection when another file is there; `fresh_app()` makes Datasette re-read the schema then.
The check is one `stat` per query.

Every request is bounded, since anyone who can reach the server may run any read-only SQL: besides
Datasette's own limits (1 s per query, at most 1,000 rows), each connection refuses a text or blob
longer than `MAX_VALUE_BYTES` (SQLite's SQLITE_LIMIT_LENGTH: `randomblob(1000000000)` fails at once
instead of filling memory, which the time limit cannot stop) and a result of more than `MAX_COLUMNS`
columns, and a query whose rows add up to more than `MAX_RESULT_BYTES` is stopped with an error. The
errors a reader can cause (a page that is not there, a bad `_sort`) are answered without writing a
traceback to the server's log.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import types
import weakref
from pathlib import Path
from typing import Any, Optional

from kb.links import ABROAD
from kb.version import DATA_LICENSE_URL as LICENSE_URL

DATABASE = "kb"  # the name in Datasette's addresses: /kb/cases
TITLE = "kb: court cases and controversies about AI-generated content · 生成式人工智能内容诉讼与争议案例库"
# Datasette has one language per instance: its own interface stays English, and kb gives both languages where
# the metadata allows text of its own (the title, the description, each registry table's title).
DESCRIPTION_ZH = "收录与生成式人工智能内容有关的诉讼、判决、监管与公共争议，每一项事实均注明来源。"
TABLE_TITLES_ZH = {"cases": "案件", "courts": "法院与机关", "parties": "当事人", "claims": "案由",
                   "products": "人工智能产品", "questions": "法律问题", "judges": "法官"}
LICENSE = "CC BY 4.0 (the records; each source they link to keeps its own terms)"
FACETS = {"cases": ["jurisdiction", "status", "court_id", {"array": "claim_ids"}]}
LABEL_COLUMNS = ("name", "title")
MAX_VALUE_BYTES = 2**20  # the longest value in kb's database is a few dozen KiB
MAX_COLUMNS = 100  # kb's widest table has about 30
MAX_RESULT_BYTES = 32 * 2**20  # of all values of one query's rows (1,000 whole case records are about 10 MiB)


def bound(conn: sqlite3.Connection) -> None:
    """Limit what one query on `conn` can make: each value, the columns, and all its rows together."""
    if hasattr(conn, "setlimit"):  # Python 3.11+
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        conn.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, MAX_COLUMNS)
    make_row = conn.row_factory
    sizes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # bytes fetched so far, per cursor

    def row(cursor: sqlite3.Cursor, values: tuple) -> Any:
        size = sizes.get(cursor, 0) + sum(len(v) if isinstance(v, (str, bytes)) else 8 for v in values)
        if size > MAX_RESULT_BYTES:
            raise sqlite3.OperationalError(f"the result is larger than {MAX_RESULT_BYTES // 2**20} MiB, the most "
                                           "one query may return here; ask for fewer rows or shorter values")
        sizes[cursor] = size
        return make_row(cursor, values) if make_row is not None else values

    conn.row_factory = row


# The cases' table search orders rows by id; this canned query orders them by relevance (the index's
# ranking, see kb.fts: a case number first, then titles), as `kb search` and the site's search do.
SEARCH_QUERY = {
    "title": "Search the cases, best match first",
    "description": "Words, Chinese as written, case numbers (whole or in part), readers' words "
                   "(deepfake, NYT, 合理使用): the best matches first.",
    "sql": "select cases.id, cases.title, cases.title_zh, cases.case_number, cases.jurisdiction, cases.status "
           "from cases_fts join cases on cases.rowid = cases_fts.rowid "
           "where cases_fts match escape_fts(:q) order by cases_fts.rank, cases.id",
}


# `kb related` as a canned query: the same ranking as kb.links.related (depth 1), written in SQL so that
# Datasette answers it from the database alone; a test checks that both give the same cases in the same
# order with the same scores, for every shipped case.
RELATED_QUERY = {
    "title": "Cases related to a case, nearest in law first",
    "description": "As `kb related`: explicit relations first, then shared claims and questions of law weighted "
                   f"by rarity (within the case's jurisdiction; {ABROAD} of it across jurisdictions), products, the same "
                   "kind of AI product, the same court, judges, and shared parties counted once.",
    "sql": f"""with me as (select id, jurisdiction, court_id from cases where id = :case),
sizes as (select jurisdiction, count(*) as n from cases group by jurisdiction),
total as (select count(*) as n from cases),
hubs as (
  select 'claim' as kind, t.claim_id as hub, t.case_id as case_id from case_claims t
  union select 'question', t.question_id, t.case_id from answers t),
df as (
  select h.kind, h.hub, c.jurisdiction, count(distinct h.case_id) as n from hubs h join cases c on c.id = h.case_id
  where h.hub in (select hub from hubs where case_id = :case) group by 1, 2, 3),
df_all as (select kind, hub, sum(n) as n from df group by 1, 2),
links as (
  select related_case_id as other, 'relation' as kind, relation as what, 8.0 as weight
    from relations where case_id = :case
  union select case_id, 'relation', relation || ' (from the other case)', 8.0 from relations where related_case_id = :case
  union select o.case_id, h.kind, coalesce(n.name, h.hub),
    2.0 * case when c.jurisdiction = me.jurisdiction
               then ln((select n from sizes where jurisdiction = c.jurisdiction) + 1.0) - ln(d.n)
               else (ln((select n from total) + 1.0) - ln(a.n)) * {ABROAD} end
    from hubs h join hubs o on o.kind = h.kind and o.hub = h.hub and o.case_id != :case
    join cases c on c.id = o.case_id join me
    join df d on d.kind = h.kind and d.hub = h.hub and d.jurisdiction = c.jurisdiction
    join df_all a on a.kind = h.kind and a.hub = h.hub
    left join (select 'claim' as kind, id, name from claims union all select 'question', id, name from questions) n
      on n.kind = h.kind and n.id = h.hub
    where h.case_id = :case
  union select o.case_id, 'product', coalesce(p.name, p.id), 2.0 from case_products s
    join case_products o on o.product_id = s.product_id and o.case_id != :case join products p on p.id = s.product_id
    where s.case_id = :case
  union select o.id, 'court', coalesce(ct.name, ct.id), 1.0 from me join cases o on o.court_id = me.court_id
    and o.id != :case join courts ct on ct.id = me.court_id
  union select o.case_id, 'judge', coalesce(j.name, j.id), 1.0 from case_judges s
    join case_judges o on o.judge_id = s.judge_id and o.case_id != :case join judges j on j.id = s.judge_id
    where s.case_id = :case
  union select o.case_id, 'party', coalesce(pa.name, pa.id), 1.0 from case_parties s
    join case_parties o on o.party_id = s.party_id and o.case_id != :case join parties pa on pa.id = s.party_id
    where s.case_id = :case
  union select o.case_id, 'product-kind', replace(p.kind, '-', ' '), 0.5 from case_products s
    join products p on p.id = s.product_id join products q on q.kind = p.kind join case_products o on o.product_id = q.id
    where s.case_id = :case and o.case_id != :case and p.kind != 'other'
      and o.product_id not in (select product_id from case_products where case_id = :case)
      and not exists (select 1 from case_products x join case_products y on y.product_id = x.product_id
                      where x.case_id = :case and y.case_id = o.case_id)),
scored as (
  select other, max(kind = 'relation') as relation,
    round(sum(case when kind = 'party' then 0 else weight end) + max(case when kind = 'party' then weight else 0 end), 2)
      as score,
    group_concat(kind || ': ' || what, '; ') as reasons, sum(kind = 'claim') as shared_claims
  from links group by other)
select cases.id, cases.title, scored.score, scored.reasons from scored join cases on cases.id = scored.other
order by scored.relation desc, scored.score desc,
  scored.shared_claims * 1.0 / max(coalesce(json_array_length(cases.claim_ids), 0), 1) desc, cases.id""",
}


def _table_names(db_path: Path) -> list[str]:
    from kb.store import connect_readonly

    con = connect_readonly(db_path)
    try:
        return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    finally:
        con.close()


def metadata(db_path: Path, repo_url: Optional[str] = None) -> dict[str, Any]:
    """Datasette's metadata for kb's database, derived from the table specs."""
    import kb
    from kb.fts import TABLE as FTS_TABLE
    from kb.tables import RECORDS_TABLE, table_specs

    specs = table_specs()
    tables: dict[str, Any] = {}
    for name, spec in specs.items():
        table: dict[str, Any] = {"description": spec.description,
                                 "columns": {c.name: c.description for c in spec.columns if c.description}}
        label = next((c.name for c in spec.columns if c.name in LABEL_COLUMNS), None)
        if label:
            table["label_column"] = label
        if name in FACETS:
            table["facets"] = FACETS[name]
        if name == "cases":
            table["fts_table"] = FTS_TABLE
        if name in TABLE_TITLES_ZH:
            table["title"] = f"{name} · {TABLE_TITLES_ZH[name]}"
        if name == RECORDS_TABLE:  # the JSON `kb show` reads: every field is in the other tables
            table["hidden"] = True
        tables[name] = table
    for name in _table_names(db_path):
        if name not in specs:  # meta, the search indexes and their shadow tables, vocabulary, rarities
            tables[name] = {"hidden": True}
    source = {"source": "kb", **({"source_url": repo_url} if repo_url else {})}
    description = (kb.__doc__ or "").strip().split("\n")[0].removeprefix("kb: ")
    return {
        "title": TITLE,
        "description": f"{description[:1].upper()}{description[1:]} Every fact is tied to a listed source. "
                       f"{DESCRIPTION_ZH}",
        "license": LICENSE,
        "license_url": LICENSE_URL,
        **source,
        "databases": {DATABASE: {"tables": tables, "queries": {"search": SEARCH_QUERY, "related": RELATED_QUERY}}},
    }


def _identity(path: str) -> Optional[tuple[int, int, int, int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size


def fresh_database_class():
    """A Datasette `Database` that reopens its file when another file has been renamed over it."""
    from datasette.database import Database

    class FreshDatabase(Database):
        def __init__(self, ds, path, **kwargs):
            super().__init__(ds, path=str(path), is_mutable=True, **kwargs)
            self._local = threading.local()
            self._held: Optional[tuple] = None  # (identity, connection) when Datasette runs without threads

        def identity(self) -> Optional[tuple[int, int, int, int]]:
            return _identity(self.path)

        def _fresh(self, held: Optional[tuple]) -> tuple:
            identity = self.identity()
            if held is not None and (identity is None or held[0] == identity):
                return held
            if held is not None:
                held[1].close()
                if held[1] in self._all_file_connections:
                    self._all_file_connections.remove(held[1])
            conn = self.connect()
            self.ds._prepare_connection(conn, self.name)
            return identity, conn

        async def execute_fn(self, fn):
            if self.ds.executor is None:
                self._held = self._fresh(self._held)
                return fn(self._held[1])

            def in_thread():
                self._local.held = self._fresh(getattr(self._local, "held", None))
                return fn(self._local.held[1])

            import asyncio

            return await asyncio.get_running_loop().run_in_executor(self.ds.executor, in_thread)

    return FreshDatabase


def fresh_app(ds) -> Any:
    """Datasette's ASGI app, re-reading a database's schema when its file was replaced since the last
    request (Datasette compares `PRAGMA schema_version`, which a rebuilt file may share)."""
    app = ds.app()
    seen: dict[str, Any] = {name: db.identity() for name, db in ds.databases.items() if hasattr(db, "identity")}

    async def forget_schema(name: str) -> None:
        internal = ds.get_database("_internal")
        await internal.execute_write("DELETE FROM databases WHERE database_name = ?", [name])

    async def fresh(scope, receive, send):
        if scope["type"] == "http":
            for name, db in list(ds.databases.items()):
                if not hasattr(db, "identity"):
                    continue
                identity = db.identity()
                if identity != seen.get(name):
                    seen[name] = identity
                    db._cached_table_counts = None
                    if ds.internal_db_created:
                        await forget_schema(name)
        await app(scope, receive, send)

    return fresh


def references() -> dict[str, dict[str, str]]:
    """Each table's columns that name a record of another table: {"cases": {"court_id": "courts"}}."""
    from kb.tables import table_specs

    return {name: {c.name: c.references for c in spec.columns if c.references}
            for name, spec in table_specs().items()}


def _register_plugin() -> None:
    """Datasette's row page shows a foreign key as its bare value (its table page shows the label): kb's
    plugin shows the label there too, linked to the row (`cn-bj-internet` → Beijing Internet Court)."""
    from datasette import hookimpl
    from datasette.plugins import pm
    from datasette.utils import tilde_encode
    from markupsafe import Markup

    @hookimpl
    def render_cell(value, column, table, database, datasette):
        target = getattr(datasette, "kb_references", {}).get(table, {}).get(column)
        if target is None or database != DATABASE or not isinstance(value, str):
            return None

        async def link():
            db = datasette.get_database(database)
            label_column = await db.label_column_for_table(target)
            label = None
            if label_column:
                row = (await db.execute(f'SELECT "{label_column}" FROM "{target}" WHERE id = ?', [value])).first()
                label = row[0] if row else None
            href = datasette.urls.row(database, target, tilde_encode(value))
            if label is None:
                return Markup('<a href="{}">{}</a>').format(href, value)
            return Markup('<a href="{}">{}</a>&nbsp;<em>{}</em>').format(href, label, value)

        return link()

    @hookimpl
    def prepare_connection(conn, database, datasette):
        bound(conn)  # every database Datasette serves, `_memory` too

    if pm.get_plugin("kb-labels") is None:
        plugin = types.ModuleType("kb_labels", "Foreign keys on row pages shown by their labels; every query bounded.")
        plugin.render_cell = render_cell
        plugin.prepare_connection = prepare_connection
        pm.register(plugin, name="kb-labels")
    # Datasette's last-resort error handler prints, through Rich when it is installed, a traceback with
    # every local variable for any error, a 404 or a bad `_sort` too: a reader could fill the log at will.
    # Without Rich it prints a traceback (without locals) only for real failures (status 500).
    import datasette.handle_exception as handler

    handler.rich = None


def datasette(db_path: Path, repo_url: Optional[str] = None):
    """A Datasette instance over kb's database (not started)."""
    from datasette.app import Datasette

    _register_plugin()
    ds = Datasette([], metadata=metadata(db_path, repo_url),
                   settings={"default_cache_ttl": 0,  # a refresh always asks the server
                             "max_csv_mb": MAX_RESULT_BYTES // 2**20})  # a streamed CSV, like any result
    ds.kb_references = references()
    ds.add_database(fresh_database_class()(ds, db_path), name=DATABASE)
    return ds


def address_problem(host: str, port: int) -> Optional[str]:
    """Why the server could not listen there (the port is taken, the address is not this machine's), or None."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return str(exc.strerror or exc)
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            s.bind(address)
        except OSError as exc:
            return str(exc.strerror or exc).lower()
    return None


def serve(db_path: Path, host: str, port: int, repo_url: Optional[str] = None) -> None:
    """Run Datasette until interrupted."""
    import asyncio

    import uvicorn

    ds = datasette(db_path, repo_url)
    asyncio.run(ds.invoke_startup())
    uvicorn.run(fresh_app(ds), host=host, port=port, log_level="warning", lifespan="on", workers=1)

