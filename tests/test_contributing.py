"""The contributor tooling: workflow and hook files are valid and call commands that exist."""

import re
import shlex
from pathlib import Path

import yaml

from kb.cli import app

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> set[str]:
    import typer.main

    group = typer.main.get_command(app)
    names = set()
    for name, command in group.commands.items():
        names.add(name)
        for sub in getattr(command, "commands", {}):
            names.add(f"{name} {sub}")
    return names


def _kb_calls(text: str) -> list[list[str]]:
    calls = []
    for match in re.finditer(r"(?:^|[\s/])kb ([^\n|&;`]+)", text):
        calls.append(shlex.split(match.group(1)))
    return calls


def _assert_calls_exist(calls):
    commands = _commands()
    assert calls
    for args in calls:
        words = [a for a in args if not a.startswith("-")]
        if not words:  # `kb --help`, `kb --version`: the program's own options
            assert args and set(args) <= {"--help", "-h", "--version"}, args
            continue
        assert words[0] in commands or " ".join(words[:2]) in commands, args


def test_workflow_is_valid_yaml_and_runs_the_checks():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    for expected in ("kb validate --format github", "kb fmt --check", "kb schema --check", "python -m pytest"):
        assert expected in runs
    _assert_calls_exist(_kb_calls(runs))


def test_pre_commit_hooks_call_commands_that_exist():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    local = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [h["entry"] for h in hooks] + [h["entry"] for repo in local["repos"] for h in repo["hooks"]]
    assert {h["id"] for h in hooks} == {"kb-validate", "kb-fmt", "kb-schema"}
    # `kb ...` for the published hooks, `python -m kb ...` for this repository's own
    _assert_calls_exist([shlex.split(e.removeprefix("python -m "))[1:] for e in entries])


def test_contributing_walks_from_fork_to_pull_request_with_real_commands():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for step in ("Fork", "kb new case", "kb validate", "kb fmt", "pytest", "pull request", "Review checklist"):
        assert step in text
    fenced = "\n".join(re.findall(r"```sh\n(.*?)```", text, re.S))
    inline = "\n".join(re.findall(r"`(kb [^`]+)`", text))
    code = re.sub(r"#.*", "", fenced) + "\n" + inline
    _assert_calls_exist(_kb_calls(code))
    assert (ROOT / ".github" / "pull_request_template.md").exists()


def test_the_quick_loop_named_in_readme_and_contributing_leaves_out_the_slow_tiers():
    """`pytest -m "not slow"` selects most tests but none that drives Chromium, builds pre-commit's
    environments or starts a server; `-m browser` selects the Chromium tests. Both docs name both commands."""
    import subprocess
    import sys

    for doc in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert 'python -m pytest -m "not slow"' in text and "python -m pytest -n 2" in text, doc

    def collected(*args: str) -> list[str]:
        out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-o", "addopts=--strict-markers", "-q",
                              "-p", "no:cacheprovider", *args],
                             cwd=ROOT, capture_output=True, text=True, timeout=300).stdout
        return [line for line in out.splitlines() if "::" in line]

    quick, browser = collected("-m", "not slow"), collected("-m", "browser")
    assert len(quick) > 300
    assert browser and all(t.startswith(("tests/test_site_browser.py", "tests/test_serve.py",
                                         "tests/test_export_tools.py")) for t in browser)
    assert not any(t.startswith(("tests/test_site_browser.py", "tests/test_precommit.py", "tests/test_serve.py"))
                   for t in quick)
    assert not set(browser) & set(quick)
