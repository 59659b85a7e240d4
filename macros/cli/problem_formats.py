"""Problems said where editors look: the terminal, a GitHub pull request, a GitLab merge request.

- text:   `file:line:column: [field] message`, one a line (the default).
- github: workflow commands (`::error file=…,line=…,col=…::message`), which GitHub shows on the
          line of the pull request's diff
          (https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions).
- gitlab: a Code Quality report (JSON), which GitLab shows in the merge request when a job
          stores it as `artifacts: reports: codequality`
          (https://docs.gitlab.com/ee/ci/testing/code_quality.html#implement-a-custom-tool).
"""

from __future__ import annotations

import hashlib
import json

from ..model.yamlfile import Problem

FORMATS = ("text", "github", "gitlab")


def render(errors: list[Problem], warnings: list[Problem], fmt: str) -> str:
    """All problems of a run in one format; errors first. Empty string when there is nothing to say
    (for gitlab: an empty report, `[]`, which clears earlier findings in the merge request)."""
    if fmt == "github":
        return "".join(_github("error", p) + "\n" for p in errors) + "".join(_github("warning", p) + "\n" for p in warnings)
    if fmt == "gitlab":
        return json.dumps([_gitlab("major", p) for p in errors] + [_gitlab("minor", p) for p in warnings],
                          ensure_ascii=False, indent=2) + "\n"
    return "".join(f"{p}\n" for p in errors) + "".join(f"Varning: {p}\n" for p in warnings)


def github_summary(errors: list[Problem], warnings: list[Problem]) -> str:
    """Every problem as a Markdown table for the job's summary page ($GITHUB_STEP_SUMMARY): GitHub
    shows at most 10 error and 10 warning annotations of a step on the diff's lines."""
    if not errors and not warnings:
        return "### Datafilerna\n\nInga fel och inga utkast.\n"
    rows = [("Fel", p) for p in errors] + [("Utkast" if p.message.startswith("utkast:") else "Varning", p) for p in warnings]
    out = [f"### Datafilerna: {len(errors)} fel, {len(warnings)} varningar\n", "| Typ | Var | Fält | Vad |", "|---|---|---|---|"]
    for kind, p in rows:
        cells = [kind, f"`{p.file}:{p.line}:{p.column}`", f"`{p.path}`" if p.path else "", p.message]
        out.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return "\n".join(out) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _github(level: str, p: Problem) -> str:
    title = f"[{p.path}]" if p.path else "datafel"
    props = ",".join(f"{k}={_escape_property(str(v))}" for k, v in
                     (("file", p.file), ("line", p.line), ("col", p.column), ("title", title)))
    return f"::{level} {props}::{_escape_data(p.message)}"


def _gitlab(severity: str, p: Problem) -> dict:
    # The fingerprint identifies the finding across runs (so GitLab can tell new from fixed ones):
    # file, field and message, not the line, which moves when lines are added above.
    fingerprint = hashlib.sha256(f"{p.file}\0{p.path}\0{p.message}".encode("utf-8")).hexdigest()
    return {
        "description": f"[{p.path}] {p.message}" if p.path else p.message,
        "check_name": "planer-validate",
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": p.file, "lines": {"begin": p.line}},
    }
