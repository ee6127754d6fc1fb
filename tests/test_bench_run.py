"""The benchmark suite runs end to end at tiny sizes (its timings are not asserted: they are
ratios for bench/results.md, measured on a quiet machine)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_suite_runs_and_writes_its_table(tmp_path):
    out = tmp_path / "results.md"
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--cases", "60", "--runs",
                             "1", "--growth", "40", "80", "--site-cases", "40", "--out", str(out)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    table = out.read_text(encoding="utf-8")
    for row in ("kb cases --court X --json", "kb --help", "kb load", "floor: yaml-rs + executemany", "kb related ID",
                "kb path A B", "kb search WORD", "kb search TYPO (did you mean)", "kb load, 80 cases", "seeded errors", "kb site -o DIR, 40 cases",
                "`kb site` with its search index: 40 cases in",
                "kb graph central --json", "kb graph central --kind case --json", "kb graph clusters --json",
                "`kb graph clusters --json` at 60 cases:", "load average (1 min)"):
        assert row in table, row
    assert "found 6 of 6 seeded errors" in table
    assert "(the TYPO row) says: kb: did you mean" in table  # the row measures a search that suggests


def test_only_some_groups_against_another_revision_writes_its_own_section(tmp_path):
    out = tmp_path / "results.md"
    out.write_text("# Benchmark results\n\nthe full table\n", encoding="utf-8")
    cmd = [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--cases", "40", "--runs", "1", "--only", "query",
           "against", "--against", "HEAD", "--out", str(out)]
    for _ in range(2):  # the second run replaces the section of the first
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n\nthe full table\n")
    assert text.count("## Re-measured: query, against") == 1 and "load average" in text
    assert "| against | kb load at " in text and "| against | kb load vs " in text
    assert "| query | kb cases --court X --json |" in text and "kb --help" not in text


def test_graph_answers_against_another_revision(tmp_path):
    out = tmp_path / "results.md"
    cmd = [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--cases", "40", "--runs", "1", "--only", "graph",
           "--against", "HEAD", "--out", str(out)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    for name in ("kb related ID", "kb path A B", "kb path A B, first and last case"):
        assert f"| graph/search | {name} at " in text and f"| graph/search | {name} vs " in text, name
