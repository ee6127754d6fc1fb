"""The database as typed Python objects, for notebooks and scripts.

    from sqlmodel import select
    from kb import open_db
    from kb.db import Case

    with open_db() as session:
        for case in session.exec(select(Case).where(Case.court_id == "cn-bj-internet")):
            print(case.title, [p.party.name for p in case.parties], len(case.events))

`open_db()` builds the database first when it is missing or older than the YAML (as every `kb`
command does) and returns a read-only SQLModel session over it. The table classes (`Case`, `Court`,
`Party`, `CaseParty`, `Event`, ...) are the ones `kb.tables` derives from the models, with their
relationships: `case.court`, `case.parties` (each with `.role` and `.party`), `case.claims`,
`case.products`, `case.events`, `case.sources`, `case.related`, `court.cases`, ... The engine is
`session.get_bind()`, for `pandas.read_sql`. The database is rebuilt from the YAML, never written
through the session: edit the YAML and open it again.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any, Optional

from kb.errors import KbError

if TYPE_CHECKING:
    from pathlib import Path

    from sqlmodel import Session


class DataError(KbError):
    """The data has errors, so the database could not be built."""


def table_class(name: str) -> type:
    """The table class of a table (`"cases"`) or by class name (`"Case"`)."""
    from kb.tables import table_classes

    classes = {k: v for k, v in table_classes().items() if not k.startswith("__")}
    if name in classes:
        return classes[name]
    by_class = {cls.__name__: cls for cls in classes.values()}
    if name in by_class:
        return by_class[name]
    raise KeyError(name)


def __getattr__(name: str) -> Any:  # `from kb.db import Case`
    if name[:1].isupper():
        try:
            return table_class(name)
        except KeyError:
            pass
    raise AttributeError(f"module 'kb.db' has no attribute {name!r}")


def __dir__() -> list[str]:
    from kb.tables import table_specs

    return sorted([*globals(), *(spec.class_name for spec in table_specs().values())])


def ensure_built(data: Optional[str | Path] = None, db: Optional[str | Path] = None) -> Path:
    """The database's path, after building it when it is missing or stale; raises DataError when
    the data has errors (`kb validate` lists them)."""
    from kb import store

    paths = store.resolve_paths(str(data) if data else None, str(db) if db else None)
    if store.staleness(paths):
        dataset, findings = store.build(paths)
        if dataset is None:
            errors = [f for f in findings if f.severity == "error"]
            first = f"; the first: {errors[0].text}" if errors else ""
            raise DataError(f"the data has {len(errors)} error(s); the database was not built "
                            f"(run `kb validate`){first}")
    return paths.db


def engine(data: Optional[str | Path] = None, db: Optional[str | Path] = None):
    """A read-only SQLAlchemy engine over the database (built first if stale)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from kb.store import _readonly_uri

    uri = _readonly_uri(ensure_built(data, db))
    # A new connection each time (NullPool): after `kb load` renames a new file over the database,
    # the next query reads the new one.
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
                         poolclass=NullPool)


def open_db(data: Optional[str | Path] = None, db: Optional[str | Path] = None) -> "Session":
    """A read-only SQLModel session over kb's database, built first if it is missing or stale.

    `data` and `db` default as for the CLI (`--data`/KB_DATA, `--db`/KB_DB, else ./data/kb.sqlite).
    """
    from sqlalchemy.orm import configure_mappers
    from sqlmodel import Session

    from kb.tables import table_classes

    table_classes()
    configure_mappers()  # the relationships, on first use: `kb load` never pays for them
    return Session(engine(data, db))
