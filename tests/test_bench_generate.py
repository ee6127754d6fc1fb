"""The benchmark data generator (bench/generate.py) writes data that kb accepts, and errors kb finds."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kb.loading import load_dataset

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 1, 1)
FILES = ["courts", "parties", "claims", "products", "cases"]


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def _bytes(directory: Path) -> dict[str, bytes]:
    return {name: (directory / f"{name}.yaml").read_bytes() for name in FILES}


def test_generated_data_is_clean(generate, tmp_path):
    counts = generate(60, seed=1, out=tmp_path)
    assert counts["cases"] == 60 and set(counts) == set(FILES)
    for name in FILES:
        first = (tmp_path / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{name}.schema.json"
    dataset, findings = load_dataset(tmp_path, today=TODAY)
    assert findings == []
    assert len(dataset.cases) == 60
    assert {name: len(dataset.records[name]) for name in counts} == counts
    assert dataset.records["questions"] == {}  # the generator writes no questions of law
    assert not (tmp_path / "expected_errors.json").exists()


def test_same_seed_same_bytes_other_seed_other_bytes(generate, tmp_path):
    generate(50, seed=7, out=tmp_path / "a")
    generate(50, seed=7, out=tmp_path / "b")
    generate(50, seed=8, out=tmp_path / "c")
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")
    assert _bytes(tmp_path / "a")["cases"] != _bytes(tmp_path / "c")["cases"]


def test_seeded_errors_are_found_on_their_lines(generate, tmp_path):
    generate(200, seed=3, out=tmp_path, errors=12)
    expected = json.loads((tmp_path / "expected_errors.json").read_text(encoding="utf-8"))
    assert len(expected) == 12 and len({e["line"] for e in expected}) == 12
    assert len({e["kind"] for e in expected}) == 8  # every kind of error, 12 > 8
    _, findings = load_dataset(tmp_path, today=TODAY)
    error_lines = {f.line for f in findings if f.severity == "error" and f.file.endswith("cases.yaml")}
    for e in expected:
        assert e["line"] in error_lines, e
    # and nothing else is wrong
    assert {f.line for f in findings} == {e["line"] for e in expected}


def test_cli_runs(tmp_path):
    out = tmp_path / "syn"
    result = subprocess.run(
        [sys.executable, "bench/generate.py", "--cases", "30", "--seed", "2", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert all((out / f"{name}.yaml").exists() for name in FILES)
    _, findings = load_dataset(out, today=TODAY)
    assert findings == []
