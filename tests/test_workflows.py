"""The GitHub Actions workflows, audited by zizmor (offline: the audits that need no GitHub API),
at its strictest persona: actions pinned by commit, no persisted credentials, and so on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"


def test_zizmor_finds_nothing_in_the_workflows():
    zizmor = Path(sys.executable).parent / "zizmor"
    result = subprocess.run([str(zizmor), "--offline", "--persona=pedantic", "--format=plain", str(WORKFLOWS)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_the_pull_request_workflow_runs_check_jsonschema_on_every_data_file_and_caches_pip():
    workflow = yaml.safe_load((WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["check"]
    assert job["timeout-minutes"] <= 60 and workflow["concurrency"]["cancel-in-progress"] is True
    steps = job["steps"]
    assert any(s.get("with", {}).get("cache") == "pip" for s in steps)
    script = "\n".join(s.get("run", "") for s in steps)
    assert 'check-jsonschema --schemafile "schemas/$(basename "$data" .yaml).schema.json" "$data"' in script
    assert all((ROOT / "schemas" / f"{p.stem}.schema.json").exists() for p in (ROOT / "data").glob("*.yaml"))


def test_the_pages_workflow_installs_pinned_versions_of_everything_it_uses():
    """The published site is built with the versions the tests ran with: a constraints file pins every package
    of `.[web]` and everything they pull in."""
    import importlib.metadata
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    workflow = yaml.safe_load((WORKFLOWS / "pages.yml").read_text(encoding="utf-8"))
    script = "\n".join(s.get("run", "") for job in workflow["jobs"].values() for s in job["steps"])
    assert "pip install -q -c .github/site-constraints.txt -e '.[web]'" in script
    pins = {}
    for line in (ROOT / ".github/site-constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            assert [s.operator for s in req.specifier] == ["=="], line
            pins[canonicalize_name(req.name)] = next(iter(req.specifier)).version
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for dep in map(Requirement, project["dependencies"] + project["optional-dependencies"]["web"]):
        assert dep.specifier.contains(pins.get(canonicalize_name(dep.name), "0")), str(dep)
    for name in pins:  # what each pinned package pulls in is pinned too
        try:
            requires = importlib.metadata.distribution(name).requires or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for sub in map(Requirement, requires):
            if sub.marker is None or sub.marker.evaluate({"extra": ""}):
                assert canonicalize_name(sub.name) in pins, (name, str(sub))
