"""The pre-commit hooks, run by pre-commit itself in throwaway git repositories, with no virtual
environment on PATH: this repository's own hooks (.pre-commit-config.yaml), and the published ones
(.pre-commit-hooks.yaml) through `pre-commit try-repo` from a repository that holds only data, at
its root or in data/. pre-commit builds the hooks' environments once per test session (pip
installs kb's dependencies; that takes a while the first time)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import write_data

ROOT = Path(__file__).resolve().parent.parent
BAD_STATUS = ("status: decided", "status: decidedd")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True,
                   capture_output=True)


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    return path


def commit_all(path: Path) -> None:
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "state")


@pytest.fixture(scope="session")
def clean_env(tmp_path_factory) -> dict:
    """No activated virtual environment: PATH without the one running the tests."""
    venv_bin = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "KB_DATA", "KB_DB")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin)
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    env["PRE_COMMIT_COLOR"] = "never"
    assert shutil.which("kb", path=env["PATH"]) is None
    return env


@pytest.fixture(scope="session")
def kb_repo(tmp_path_factory) -> Path:
    """A git repository holding this working tree as it is (committed or not)."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split("\0")
    repo = new_repo(tmp_path_factory.mktemp("kb") / "kb")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    commit_all(repo)
    return repo


def pre_commit(cwd: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=1200)


def assert_pins_what_pyproject_declares(pins: list[str], what: str) -> None:
    """Each entry is `name==version`, and each of pyproject.toml's dependencies is pinned to a version its
    bound allows: a new release of a dependency cannot change what the hooks do unseen."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pinned = {}
    for pin in pins:
        req = Requirement(pin)
        assert len(req.specifier) == 1 and next(iter(req.specifier)).operator == "==", (what, pin)
        pinned[canonicalize_name(req.name)] = next(iter(req.specifier)).version
    for dep in map(Requirement, declared):
        version = pinned.get(canonicalize_name(dep.name))
        assert version is not None and dep.specifier.contains(version), (what, str(dep), version)


def test_the_local_hooks_install_pinned_versions_of_the_dependencies_pyproject_declares():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    for hook in config["repos"][0]["hooks"]:
        assert_pins_what_pyproject_declares(hook["additional_dependencies"], hook["id"])
        assert hook["entry"].startswith("python -m kb "), hook["id"]


def test_the_published_hooks_pin_the_same_versions():
    local = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")):
        assert hook["additional_dependencies"] == local[0]["additional_dependencies"], hook["id"]


@pytest.mark.parametrize("config", [".pre-commit-config.yaml", ".pre-commit-hooks.yaml"])
def test_the_data_hooks_run_on_every_data_file(config):
    from kb.models import REGISTRIES, VOCABULARIES

    loaded = yaml.safe_load((ROOT / config).read_text(encoding="utf-8"))
    hooks = loaded["repos"][0]["hooks"] if isinstance(loaded, dict) else loaded
    for hook in (h for h in hooks if h["id"] in ("kb-fmt", "kb-validate")):
        for name in (*REGISTRIES, *VOCABULARIES):
            assert re.search(hook["files"], f"data/{name}.yaml"), (config, hook["id"], name)


def test_this_repositorys_hooks_pass_on_its_data_and_block_a_bad_record(kb_repo, clean_env):
    result = pre_commit(kb_repo, clean_env, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"kb validate\.+Passed", result.stdout)
    assert re.search(r"kb schema --check\.+Passed", result.stdout)

    cases = kb_repo / "data" / "cases.yaml"
    text = cases.read_text(encoding="utf-8")
    status = re.search(r"(?m)^  status: (\S+)$", text)
    cases.write_text(text[:status.start(1)] + "decidedd" + text[status.end(1):], encoding="utf-8")
    git(kb_repo, "add", "-A")
    result = pre_commit(kb_repo, clean_env, "run", "kb-validate")
    assert result.returncode == 1
    assert "not found" not in result.stdout
    assert re.search(r"data/cases\.yaml:\d+:\d+: error: .*'decidedd' is not a valid status", result.stdout), \
        result.stdout


def head(repo: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


def data_only_repo(path: Path, layout: str) -> tuple[Path, Path]:
    """A repository of only data, in canonical form, at its root or in data/: (repository, data directory)."""
    consumer = new_repo(path)
    data = write_data(consumer if layout == "root" else consumer / "data")
    subprocess.run([sys.executable, "-m", "kb", "--data", str(data), "fmt"], check=True, capture_output=True)
    commit_all(consumer)
    return consumer, data


def break_a_record(consumer: Path, data: Path) -> None:
    cases = data / "cases.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace(*BAD_STATUS, 1), encoding="utf-8")
    git(consumer, "add", "-A")


def test_try_repo_runs_the_published_hooks_in_a_repository_of_only_data(tmp_path, kb_repo, clean_env):
    """`pre-commit try-repo` (it installs kb afresh each time, so it runs once): every hook, on data at the
    root of the repository with one bad record."""
    consumer, data = data_only_repo(tmp_path / "consumer", "root")
    break_a_record(consumer, data)
    result = pre_commit(consumer, clean_env, "try-repo", str(kb_repo), "--ref", head(kb_repo), "--all-files")
    assert result.returncode == 1
    assert re.search(r"(?m)^cases\.yaml:\d+:\d+: error: .*'decidedd' is not a valid status", result.stdout), \
        result.stdout
    assert re.search(r"kb fmt\.+Passed", result.stdout)
    # no schemas kept here: nothing to compare, so the schema hook has nothing to check
    assert re.search(r"kb schema --check\.+\(no files to check\)Skipped", result.stdout), result.stdout


@pytest.mark.parametrize("layout", ["root", "data"])
def test_the_published_hooks_pass_good_data_at_the_root_or_in_data(tmp_path, kb_repo, clean_env, layout):
    """The same hooks as a consumer's .pre-commit-config.yaml names them (the environment is built once)."""
    consumer, data = data_only_repo(tmp_path / "consumer", layout)
    (consumer / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {kb_repo}\n    rev: {head(kb_repo)}\n"
        "    hooks: [{id: kb-validate}, {id: kb-fmt}, {id: kb-schema}]\n", encoding="utf-8")
    git(consumer, "add", "-A")
    result = pre_commit(consumer, clean_env, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"kb validate\.+Passed", result.stdout) and re.search(r"kb fmt\.+Passed", result.stdout)
