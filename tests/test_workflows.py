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
