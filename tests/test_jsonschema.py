"""The JSON Schemas, checked with check-jsonschema, the tool editors and CI use: they accept every shipped
data file, and on the hostile corpus they refuse what `kb validate` refuses for the record itself.

What a JSON Schema cannot see (a reference to another file, the order of two dates, a date in the future,
how the YAML is written) is listed in BEYOND_A_SCHEMA with the reason; the test holds that list honest
by requiring check-jsonschema to accept exactly those inputs.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_data
from hostile_inputs import HOSTILE_INPUTS
from kb.dates import DATE_PATTERN, check_partial_date
from kb.models import REGISTRIES, VOCABULARIES

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"

BEYOND_A_SCHEMA = {
    # how the file is written, not what it holds
    "byte order mark": "encoding",
    "CRLF line endings": "line endings",
    "raw NEL": "a YAML 1.1 line break to the schema's YAML reader, so no value holds it",
    "merge key": "kb refuses merge keys; the schema sees the merged data",
    # across records or across files
    "future date": "depends on today",
    "decided before filed": "compares two fields",
    "dangling court": "a reference into another file",
    "dangling party": "a reference into another file",
    "dangling related case": "a reference to another record",
    "dangling event source": "a reference within the record",
    "self relation": "compares two fields",
    "appeal-of cycle": "spans records",
    "duplicate id": "spans records",
    # a value JSON Schema has no word for
    "nan amount": "nan compares as neither less nor more than any bound",
    # how the YAML is written: the schema's reader gives the value kb would refuse the writing of
    "explicit !!str tag": "a tag that resolves to the text it would be anyway",
    "lone carriage return": "a line break to the schema's YAML reader, as to kb's, so no value holds it",
}

# Inputs check-jsonschema cannot take: it runs out of recursion on deep nesting (a crash, so still a refusal,
# checked one by one), and it expands the aliases of a "billion laughs" file without end (kb refuses anchors
# before expanding anything), so that one is not given to it.
CRASHES = {"10,000-deep flow nesting", "10,000-deep block nesting"}
NOT_GIVEN = {"billion laughs"}


def run_check_jsonschema(schema: Path, files: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), "-o", "JSON", *map(str, files)],
        capture_output=True, text=True, timeout=300)


def check_jsonschema(schema: Path, files: list[Path]) -> dict:
    """Run check-jsonschema on the files; its JSON report."""
    result = run_check_jsonschema(schema, files)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def failing(report: dict) -> set[str]:
    return {e["filename"] for e in report["errors"] + report.get("parse_errors", [])}


def test_every_schema_has_an_id_and_describes_every_property():
    for name in (*REGISTRIES, *VOCABULARIES):
        schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema["$id"] == f"urn:kb:schema:{name}"
        for model, definition in schema["$defs"].items():
            for prop, spec in definition.get("properties", {}).items():
                assert spec.get("description"), f"{name}: {model}.{prop} has no description"


@pytest.mark.parametrize("name", [*REGISTRIES, *VOCABULARIES])
def test_check_jsonschema_accepts_every_shipped_data_file(name):
    path = ROOT / "data" / f"{name}.yaml"
    if not path.exists():
        pytest.skip(f"no data/{name}.yaml")
    report = check_jsonschema(SCHEMAS / f"{name}.schema.json", [path])
    assert report["status"] == "ok", report


def test_check_jsonschema_agrees_with_kb_validate_on_the_hostile_corpus(tmp_path, run):
    assert set(BEYOND_A_SCHEMA) <= {h[0] for h in HOSTILE_INPUTS}
    by_registry: dict[str, list[Path]] = {}
    names: dict[str, str] = {}
    refused = set()
    for i, (name, file, content, *_rest) in enumerate(HOSTILE_INPUTS):
        if name in NOT_GIVEN:
            continue
        path = tmp_path / f"h{i}" / f"{file}.yaml"
        path.parent.mkdir()
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        if name in CRASHES:
            result = run_check_jsonschema(SCHEMAS / f"{file}.schema.json", [path])
            assert result.returncode != 0 and "RecursionError" in result.stderr
            refused.add(name)
            continue
        by_registry.setdefault(file, []).append(path)
        names[str(path)] = name
    fixture = write_data(tmp_path / "fixture")
    for registry, paths in by_registry.items():
        report = check_jsonschema(SCHEMAS / f"{registry}.schema.json", [fixture / f"{registry}.yaml", *paths])
        refused |= {names.get(f, f) for f in failing(report)}
    # kb refuses every input of the corpus (test_hostile.py); the schema refuses all but those beyond it
    assert not any(str(fixture) in f for f in refused), refused
    expected = {h[0] for h in HOSTILE_INPUTS} - set(BEYOND_A_SCHEMA) - NOT_GIVEN
    assert sorted(expected - refused) == [], "kb refuses these but the schema accepts them"
    assert sorted(refused - expected) == [], "the schema refuses these although they are listed as beyond it"


@pytest.mark.parametrize("value, ok", [
    ("yesterday", False), ("2023", True), (2023, True), (23, False), (10000, False), ("2023-13", False),
    ("2023-02-29", False), ("2024-02-29", True), ("1900-02-29", False), ("2000-02-29", True), ("2023-04-31", False),
    ("0000", False), ("2023-11-27", True), ("2023-1-2", False),
])
def test_schema_and_kb_agree_on_dates(tmp_path, run, data_dir, value, ok):
    text = (data_dir / "cases.yaml").read_text(encoding="utf-8")
    text = text.replace("  filed: 2023-10\n", f"  filed: {json.dumps(value)}\n", 1)  # a case without a decision
    (data_dir / "cases.yaml").write_text(text, encoding="utf-8")
    kb_ok = run("validate").exit_code == 0
    report = check_jsonschema(SCHEMAS / "cases.schema.json", [data_dir / "cases.yaml"])
    assert (kb_ok, report["status"] == "ok") == (ok, ok), report


def test_the_one_date_a_schema_cannot_tell_apart(run, data_dir):
    """JSON has one kind of number, so `2023.0` is the integer 2023 to a JSON Schema; kb refuses it."""
    text = (data_dir / "cases.yaml").read_text(encoding="utf-8").replace("  filed: 2023-10\n", "  filed: 2023.0\n", 1)
    (data_dir / "cases.yaml").write_text(text, encoding="utf-8")
    assert run("validate").exit_code == 1
    assert check_jsonschema(SCHEMAS / "cases.schema.json", [data_dir / "cases.yaml"])["status"] == "ok"


def test_the_date_pattern_is_the_calendar_rule_of_kb():
    pattern = re.compile(DATE_PATTERN)
    candidates = [f"{y:04d}" for y in range(0, 10000, 7)] + [
        f"{y:04d}-{m:02d}-{d:02d}" for y in (0, 1, 4, 100, 400, 1900, 1996, 2000, 2023, 2024, 9999)
        for m in range(0, 14) for d in range(0, 33)]
    for value in candidates:
        try:
            check_partial_date(value)
            valid = True
        except ValueError:
            valid = False
        assert bool(pattern.match(value)) == valid, value


@pytest.mark.parametrize("url, ok", [
    ("https://example.org/a", True), ("http://example.org", True), ("javascript:alert(1)", False),
    ("https://example.org/a b", False), ("ftp://example.org/a", False), ("https://localhost/", False),
])
def test_schema_and_kb_agree_on_urls(run, data_dir, url, ok):
    text = (data_dir / "cases.yaml").read_text(encoding="utf-8")
    text = text.replace('url: "https://example.org/li-v-liu"', f"url: {json.dumps(url)}", 1)
    (data_dir / "cases.yaml").write_text(text, encoding="utf-8")
    kb_ok = run("validate").exit_code == 0
    report = check_jsonschema(SCHEMAS / "cases.schema.json", [data_dir / "cases.yaml"])
    assert (kb_ok, report["status"] == "ok") == (ok, ok), report
