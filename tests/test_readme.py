import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_examples_show_what_kb_prints_today():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "readme.py"), "--check"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_readme_gives_the_two_setup_commands_that_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/kb cases"
    tests = "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest"
    assert install in readme and tests in readme
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_guarantee_names_a_test_that_exists():
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Guarantees", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", section)
    assert len(named) >= 12
    for path, name in named:
        assert f"def {name}(" in (ROOT / path).read_text(encoding="utf-8"), f"{path}::{name}"


NEW_CASE = """\
- id: us-2099-doe-v-example-ai
  title: Doe v. Example AI
  kind: lawsuit
  jurisdiction: US
  court: us-cand
  status: filed
  sources:
  - id: s1
    url: https://example.org/doe
    title: Doe sues Example AI
    publisher: Example News
"""


def test_the_counts_the_readme_states_are_generated_from_the_data():
    """The introduction's counts sit in a generated span, so they cannot go stale by hand."""
    import re

    import yaml

    sys.path.insert(0, str(ROOT / "tools"))
    import readme

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    said = re.search(r"<!-- counts -->(\d+) records \((\d+) of them Chinese\), (\d+) courts and (\d+) judges"
                     r"<!-- /counts -->", text)
    assert said, "the README no longer states the counts in its generated span"
    data = {name: yaml.safe_load((ROOT / "data" / f"{name}.yaml").read_text(encoding="utf-8"))
            for name in ("cases", "courts", "judges")}
    assert tuple(map(int, said.groups())) == (
        len(data["cases"]), sum(c.get("jurisdiction") == "CN" for c in data["cases"]),
        len(data["courts"]), len(data["judges"]))
    assert readme.counts(ROOT / "data") == said[0]


def test_adding_a_valid_case_needs_only_a_regeneration_of_the_readme(tmp_path):
    """The contributor's loop: a case appended to a copy of the data validates, and rendering the README
    again from that copy counts it, with every example still produced (no command fails on it)."""
    import shutil

    sys.path.insert(0, str(ROOT / "tools"))
    import readme

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("*.sqlite*"))
    cases = data / "cases.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").rstrip("\n") + "\n" + NEW_CASE, encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "kb", "--data", str(data), "--db", str(tmp_path / "kb.sqlite"),
                            "validate"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert check.returncode == 0, check.stderr
    current = (ROOT / "README.md").read_text(encoding="utf-8")
    before = readme.COUNTS.search(current)[0]
    fresh = readme.render(current, data)
    after = readme.COUNTS.search(fresh)[0]
    n = int(before.split(">", 1)[1].split(" ", 1)[0])
    assert after.startswith(f"<!-- counts -->{n + 1} records")
    for failure in ("internal error", "Traceback", "Error:"):
        assert fresh.count(failure) == current.count(failure), failure
    assert fresh.count("```console") == current.count("```console")
