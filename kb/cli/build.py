"""Commands that check the data and build the database: validate, load."""

from __future__ import annotations

import sys

import typer

from kb.cli.base import Format, app, build_or_fail, ctx_paths, err
from kb.i18n import _


@app.command()
def validate(
    ctx: typer.Context,
    format: Format = typer.Option(Format.text, "--format", help="text, github (Actions annotations) or json."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors."),
) -> None:
    """Check the data files and report every problem as file:line:col: message."""
    from kb.findings import format_findings
    from kb.loading import load_dataset

    dataset, findings = load_dataset(ctx_paths(ctx).data)
    if findings or format is Format.json:
        output = format_findings(findings, format.value)
        print(output, file=sys.stdout if format is not Format.text else sys.stderr)
    failing = [f for f in findings if f.severity == "error" or strict]
    if format is Format.text:
        counts = {name: len(records) for name, records in dataset.records.items()}
        summary = _count_registries(counts)
        errors = sum(f.severity == "error" for f in findings)
        warnings = len(findings) - errors
        # Under --strict a warning fails the check, and the line says so instead of calling it harmless.
        counted = _("{errors} error(s), {warnings} warning(s)").format(errors=errors, warnings=warnings)
        if strict and warnings:
            counted = _("{failing} failing: {errors} error(s), {warnings} warning(s) (--strict)").format(
                failing=len(failing), errors=errors, warnings=warnings)
        err(_("{counted}; checked {summary}").format(counted=counted, summary=summary))
    raise typer.Exit(1 if failing else 0)


@app.command()
def load(
    ctx: typer.Context,
    full: bool = typer.Option(False, "--full", help="Rebuild everything, not only the records that changed."),
) -> None:
    """Validate the data and (re)build the SQLite database atomically."""
    paths = ctx_paths(ctx)
    dataset = build_or_fail(paths, None, full=full)
    counts = _count_registries(dataset.counts())
    if dataset.reread is None and dataset.full_because is not None:
        err(_("built {db}: {counts} (all records: {reason})").format(db=paths.db, counts=counts,
                                                                      reason=dataset.full_because.said()))
    elif dataset.reread is None:
        err(_("built {db}: {counts}").format(db=paths.db, counts=counts))
    else:
        err(_("updated {db}: {counts}; {n} record(s) read again, the rest kept from the last build").format(
            db=paths.db, counts=counts, n=dataset.reread))


def _count_registries(counts: dict[str, int]) -> str:
    """"2 courts, 5 parties, ..." (in Chinese "法院 2 条，当事人 5 条，……")."""
    from kb.i18n import is_zh
    from kb.registries import REGISTRY_LABELS

    if not is_zh():
        return ", ".join(f"{n} {name}" for name, n in counts.items())
    return _(", ").join(_("{registry} {n}").format(registry=_(REGISTRY_LABELS[name]), n=n) for name, n in counts.items())

