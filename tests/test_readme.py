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


def test_the_counts_the_readme_states_are_the_data_s():
    """The introduction says how many records there are: it must not go stale as records are added."""
    import re

    import yaml

    cases = yaml.safe_load((ROOT / "data" / "cases.yaml").read_text(encoding="utf-8"))
    said = re.search(r"(\d+) records \((\d+) of them Chinese\)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert said, "the README no longer states the counts"
    assert (int(said[1]), int(said[2])) == (len(cases), sum(c.get("jurisdiction") == "CN" for c in cases))
