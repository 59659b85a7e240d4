"""Progress of long work: shown on a terminal (here forced with PLANER_PROGRESS=1), never with -q,
and not when the output is not a terminal (CI, pipes)."""

from __future__ import annotations

import os
import subprocess
import sys

from builtsite import ROOT


def _validate(city, *args, **env):
    e = dict(os.environ, **env)
    e.pop("PLANER_DATA", None)
    return subprocess.run([sys.executable, "-m", "macros", "validate", str(city), *args], cwd=ROOT, env=e,
                          capture_output=True, text=True)


def test_validation_shows_files_done_of_total_when_asked(city):
    result = _validate(city, PLANER_PROGRESS="1")
    assert result.returncode == 0, result.stderr
    files = sum(1 for p in city.rglob("*.yaml") if p.parent.name != "schema")
    assert f"Läser datafiler: {files} av {files} (100 %)" in result.stderr.replace("\u00a0", " ")
    assert result.stderr.count("\x1b[K") > 1  # one line, redrawn in place


def test_quiet_and_not_a_terminal_show_nothing(city):
    for result in (_validate(city, "-q", PLANER_PROGRESS="1"), _validate(city)):
        assert result.returncode == 0, result.stderr
        assert "Läser datafiler" not in result.stderr
