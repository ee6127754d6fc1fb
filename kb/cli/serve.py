"""`kb serve`: browse and query the database in Datasette."""

from __future__ import annotations

import importlib.util
from typing import Optional

import typer

from kb.cli.base import UserError, app, connect, ctx_paths, err
from kb.i18n import _


SQL_TIME_LIMIT, MAX_ROWS = "1 s", "1,000"  # Datasette's defaults, which kb keeps


def _loopback(host: str) -> bool:
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for every interface)."),
    port: int = typer.Option(8001, "--port", min=1, max=65535, help="Port to listen on."),
    repo_url: Optional[str] = typer.Option(None, "--repo-url", help="The repository's web address, shown as "
                                           "the data's source."),
) -> None:
    """Browse, facet, search and query the database in Datasette (needs the web extra).

    The database is built first if it is stale; after `kb load` (or any rebuild) a browser refresh
    shows the new data.
    """
    if importlib.util.find_spec("datasette") is None:
        raise UserError(_("kb serve needs Datasette: pip install -e '.[web]'"))
    from kb.web.datasette import DATABASE, MAX_RESULT_BYTES, address_problem, serve as run

    problem = address_problem(host, port)
    if problem:
        raise UserError(_("cannot listen on {host}:{port}: {problem}; choose another with --port or --host").format(
            host=host, port=port, problem=problem))
    connect(ctx).close()  # builds the database first when it is missing or stale
    db = ctx_paths(ctx).db
    err(_("kb: serving {db} at http://{host}:{port}/{database} (Ctrl-C stops)").format(db=db, host=host, port=port,
                                                                                      database=DATABASE))
    if not _loopback(host):
        err(_("warning: {host} is open to the network: anyone who can reach it can read the data and run any "
              "read-only SQL on it (each query bounded: {time}, {rows} rows, {mib} MiB); --host 127.0.0.1 keeps it "
              "on this machine").format(host=host, time=SQL_TIME_LIMIT, rows=MAX_ROWS, mib=MAX_RESULT_BYTES // 2**20))
    run(db, host, port, repo_url)
