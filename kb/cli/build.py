"""Commands that check the data and build the database: validate, load."""

from __future__ import annotations

import sys

import typer

from kb.cli.base import Format, app, build_or_fail, ctx_paths, err


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
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        errors = sum(f.severity == "error" for f in findings)
        warnings = len(findings) - errors
        # Under --strict a warning fails the check, and the line says so instead of calling it harmless.
        counted = f"{errors} error(s), {warnings} warning(s)"
        if strict and warnings:
            counted = f"{len(failing)} failing: {errors} error(s), {warnings} warning(s) (--strict)"
        err(f"{counted}; checked {summary}")
    raise typer.Exit(1 if failing else 0)


@app.command()
def load(ctx: typer.Context) -> None:
    """Validate the data and (re)build the SQLite database atomically."""
    paths = ctx_paths(ctx)
    dataset = build_or_fail(paths, None)
    counts = ", ".join(f"{len(records)} {name}" for name, records in dataset.records.items())
    err(f"built {paths.db}: {counts}")


