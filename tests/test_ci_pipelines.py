"""The example pipelines do what the README says: check every pull/merge request with the data's
problems on their lines, build and publish main with drafts refused; their commands work."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys

import yaml

from builtsite import ROOT


def _macros_commands(lines: list[str]) -> list[list[str]]:
    out = []
    for line in lines:
        for part in line.split("\n"):
            if "-m macros" in part:
                words = shlex.split(part.split(">")[0].split("||")[0])
                out.append(words[words.index("macros") + 1:])
    return out


def _run(args: list[str], **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, **env))


def test_github_workflow_checks_pull_requests_and_publishes_main():
    flow = yaml.safe_load((ROOT / ".github/workflows/webbplats.yml").read_text(encoding="utf-8"))
    triggers = flow[True]  # PyYAML reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    check, publish = flow["jobs"]["granska"], flow["jobs"]["publicera"]
    assert "if" not in check  # every pull request and push
    check_runs = [s.get("run", "") for s in check["steps"]]
    assert any("validate --format github" in r for r in check_runs)
    assert "refs/heads/main" in publish["if"] and publish["env"]["PLANER_PUBLICERING"] == "1"
    publish_runs = [s.get("run", "") for s in publish["steps"]]
    assert any("validate --publicering --format github" in r for r in publish_runs)
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in publish["steps"])
    for args in _macros_commands(check_runs + publish_runs):
        result = _run(args)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        assert "::error" not in result.stdout


def test_gitlab_pipeline_reports_code_quality_and_publishes_default_branch():
    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    check, pages = ci["granska"], ci["pages"]
    report = check["artifacts"]["reports"]["codequality"]
    line = next(s for s in check["script"] if "--format gitlab" in s)
    assert line.split(">")[1].split("||")[0].strip() == report
    assert any("merge_request_event" in r["if"] for r in check["rules"])
    assert pages["variables"]["PLANER_PUBLICERING"] == "1" and pages["artifacts"]["paths"] == ["public"]
    assert any("-d public" in s for s in pages["script"])
    for args in _macros_commands(check["script"] + pages["script"]):
        result = _run(args)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    assert json.loads(_run(shlex.split(line.split(">")[0])[3:]).stdout) == []
