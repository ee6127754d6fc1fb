"""Contributor commands: fmt, new case, schema."""

from __future__ import annotations

import re
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from kb.cli.base import Group, Typer, UserError, app, ctx_paths, err
from kb.i18n import N_, _, ngettext


@app.command()
def fmt(
    ctx: typer.Context,
    files: Optional[list[Path]] = typer.Argument(None, help="Data files (default: every file in the data directory)."),
    check: bool = typer.Option(False, "--check", help="Only list files that would change; exit 1 if any."),
) -> None:
    """Rewrite data files in canonical form: model key order, block style, comments kept."""
    from kb.findings import format_findings
    from kb.fmt import format_file
    from kb.loading import data_files

    data = ctx_paths(ctx).data
    paths = files or [p for p in [*data_files(data).values(), data / "aliases.yaml"] if p.exists()]
    results = [format_file(path, check=check) for path in paths]
    findings = [f for r in results for f in r.findings]
    if findings:
        err(format_findings(findings, "text"))
    changed = [r.path for r in results if r.changed]
    for path in changed:
        err((_("would reformat: {path}") if check else _("reformatted: {path}")).format(path=path))
    if not changed and not findings:
        err(ngettext("{count} file already canonical", "{count} files already canonical", len(results)).format(
            count=len(results)))
    if findings or (check and changed):
        raise typer.Exit(1)


new_app = Typer(help=N_("Start a new record from a skeleton."), no_args_is_help=True, cls=Group)
app.add_typer(new_app, name="new")


class CaseKindChoice(str, Enum):
    lawsuit = "lawsuit"
    ruling = "ruling"
    controversy = "controversy"
    regulatory = "regulatory"


@new_app.command("case")
def new_case(
    ctx: typer.Context,
    title: str = typer.Option(..., prompt=True, help="Title in English, e.g. 'Li v. Liu'."),
    jurisdiction: str = typer.Option(..., prompt=True, help="Country code, e.g. CN, US, GB."),
    kind: CaseKindChoice = typer.Option(..., prompt=True, help="lawsuit, ruling, controversy or regulatory."),
    court: Optional[str] = typer.Option(None, help="Court id from courts.yaml (none for a controversy)."),
    year: int = typer.Option(..., prompt="Year (of filing, or of the first event, from the source)", min=1900,
                             max=2100, help="Year for the id: of filing, or of the first event."),
    title_zh: Optional[str] = typer.Option(None, "--title-zh", help="Title in Chinese."),
    case_number: Optional[str] = typer.Option(None, "--case-number",
                                              help="The case number as the court writes it, if a source gives it."),
    party: Optional[list[str]] = typer.Option(None, "--party", help="A party's id from parties.yaml (repeat the "
                                                                    "option); used to warn of a likely duplicate."),
    append: bool = typer.Option(False, "--append", help="Append to data/cases.yaml instead of printing."),
) -> None:
    """A new case record with a fresh id; fill in every TODO from a source, then run kb validate."""
    from kb import scaffold

    from kb.countries import country_error
    from kb.errors import UsageError

    problem = country_error(jurisdiction.upper() if re.fullmatch(r"[a-z]{2}", jurisdiction) else jurisdiction)
    if problem:
        raise UsageError(_("--jurisdiction: {problem}").format(problem=problem))
    jurisdiction = jurisdiction.upper()
    cases_path = ctx_paths(ctx).data / "cases.yaml"
    records = _records_in(cases_path) if cases_path.exists() else []
    if records is None:
        raise UserError(_("{path} cannot be read as YAML; run `kb validate` first").format(path=cases_path))
    if court:
        _check_court(ctx, court, jurisdiction)
    case_id = scaffold.new_case_id(title, jurisdiction, year, [r["id"] for r in records])
    for other, why in scaffold.likely_duplicates(records, title, case_number, party or ()):
        err(_("warning: this may be a case kb already has: {other} ({why}); check with `kb show {other}` before "
              "adding it").format(other=other, why=why))
    text = scaffold.new_case(case_id, title, kind.value, jurisdiction, court, title_zh, case_number)
    if not append:
        sys.stdout.write(text)
        return
    from kb.files import FileRefused, read_regular, write_atomically
    from kb.loading import SCHEMA_HEADER

    try:
        current = (read_regular(cases_path, within=cases_path.parent).decode("utf-8") if cases_path.exists()
                   else SCHEMA_HEADER.format(name="cases"))
        write_atomically(cases_path, current.rstrip("\n") + "\n" + text, own_file=True)
    except (OSError, FileRefused, UnicodeDecodeError) as exc:
        raise UserError(_("cannot add to {path}: {problem}").format(path=cases_path, problem=exc)) from None
    err(_("added {id} to {path}; fill in each TODO from a source, then run `kb validate`").format(id=case_id,
                                                                                                path=cases_path))


def _records_in(path: Path) -> Optional[list[dict]]:
    """The records (with a string id) written in a data file, or None when it cannot be read as YAML."""
    from kb.files import FileRefused, read_regular
    from kb.yamlfile import YamlSyntaxError, parse_yaml

    try:
        data = parse_yaml(read_regular(path, within=path.parent).decode("utf-8")).data
    except (OSError, FileRefused, YamlSyntaxError, UnicodeDecodeError):
        return None
    if not isinstance(data, list):
        return []
    return [r for r in data if isinstance(r, dict) and isinstance(r.get("id"), str)]


def _check_court(ctx: typer.Context, court: str, jurisdiction: str) -> None:
    """The court exists, and is a court of the case's jurisdiction."""
    records = _records_in(ctx_paths(ctx).data / "courts.yaml")
    if records is None:
        return  # validate will say what is wrong with courts.yaml
    ids = [r["id"] for r in records]
    if court not in ids:
        import difflib

        close = difflib.get_close_matches(court, ids, n=1)
        raise UserError((_("unknown court '{court}'; did you mean '{close}'?") if close else _("unknown court '{court}'"))
                        .format(court=court, close=close[0] if close else ""))
    of_court = next(r.get("jurisdiction") for r in records if r["id"] == court)
    if isinstance(of_court, str) and of_court != jurisdiction:
        from kb.errors import UsageError

        raise UsageError(_("--court: '{court}' is a court of {of_court}, not of {jurisdiction}").format(
            court=court, of_court=of_court, jurisdiction=jurisdiction))


@app.command()
def schema(
    ctx: typer.Context,
    check: bool = typer.Option(False, "--check", help="Only report stale schemas; exit 1 if any."),
) -> None:
    """Write schemas/*.schema.json from the models (the data files' editors read them)."""
    from kb import schema as schemas

    from kb.files import FileRefused

    schema_dir = ctx_paths(ctx).data.parent / "schemas"
    try:
        changed = schemas.stale_files(schema_dir) if check else schemas.write(schema_dir)
    except FileRefused as exc:
        raise UserError(f"{exc.path}: {exc}") from None
    except OSError as exc:
        raise UserError(_("cannot write the schemas in {directory}: {problem}").format(
            directory=schema_dir, problem=exc.strerror or exc)) from None
    for path in changed:
        err((_("stale: {path}") if check else _("wrote: {path}")).format(path=path))
    if check and changed:
        err(_("the JSON Schemas are out of date; run `kb schema`"))
        raise typer.Exit(1)


