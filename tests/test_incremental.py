"""Incremental builds: after random edits to a small synthetic city, a build that reuses the cache
writes exactly the bytes a clean build writes, file for file; and it did reuse pages."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from builtsite import ROOT
from macros import cache


def _build(data: Path, out: Path, cache_dir: Path | None) -> None:
    env = dict(os.environ, PLANER_DATA=str(data), NO_MKDOCS_2_WARNING="1")
    env.pop("PLANER_SCOPE", None)
    if cache_dir is None:
        env["PLANER_CACHE"] = "0"
    else:
        env["PLANER_CACHE_DIR"] = str(cache_dir)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _append_to_a_text(path: Path, rng: random.Random) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    texts = [i for i, ln in enumerate(lines) if re.match(r"^\s+(?:- )?(?:text|beskrivning|forvantat_resultat|analys): \|$", ln) and i + 1 < len(lines) and lines[i + 1].strip()]
    i = rng.choice(texts) + 1
    lines[i] += f" Ändrad mening {rng.randrange(10**6)}."
    path.write_text("\n".join(lines), encoding="utf-8")


def _change_an_outcome(path: Path, rng: random.Random) -> None:
    text = path.read_text(encoding="utf-8")
    found = list(re.finditer(r"(\n\s+utfall: )(\d+(?:\.\d+)?)\n", text))
    if not found:
        return _append_to_a_text(path, rng)
    m = rng.choice(found)
    new = str(rng.randrange(0, 100))
    path.write_text(text[:m.start(2)] + new + text[m.end(2):], encoding="utf-8")


def _rename_unit(path: Path, rng: random.Random) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^namn: (.*)$", lambda m: f"namn: {m.group(1)} {rng.randrange(100)}", text, count=1, flags=re.M),
                    encoding="utf-8")


def _edit(data: Path, rng: random.Random) -> list[str]:
    """One random edit of each kind: a plan's text, a report's outcome, a board's goals, a unit's name (the menu)."""
    plans = sorted(data.glob("enheter/*/*/verksamhetsplan.yaml"))
    reports = sorted(data.glob("enheter/*/*/verksamhetsberattelse.yaml"))
    boards = sorted(data.glob("namnder/*/[0-9]*.yaml"))
    units = sorted(data.glob("enheter/*/enhet.yaml"))
    edits = [(rng.choice(plans), _append_to_a_text), (rng.choice(reports), _change_an_outcome),
             (rng.choice(boards), _append_to_a_text)]
    if rng.random() < 0.5:
        edits.append((rng.choice(units), _rename_unit))
    for path, how in edits:
        how(path, rng)
    return [str(p.relative_to(data)) for p, _ in edits]


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_build_equals_a_clean_build(tmp_path, seed):
    data = tmp_path / "data"
    subprocess.run([sys.executable, "scripts/synth_city.py", "--out", str(data), "--boards", "2", "--units", "5",
                    "--years", "2", "--seed", str(seed)], cwd=ROOT, check=True, capture_output=True)
    kept = tmp_path / "cache"
    _build(data, tmp_path / "first", kept)
    rng = random.Random(seed)
    edited = _edit(data, rng)
    plan = next(e for e in edited if e.endswith("verksamhetsplan.yaml"))
    _build(data, tmp_path / "again", kept)
    _build(data, tmp_path / "clean", None)

    again, clean = _files(tmp_path / "again"), _files(tmp_path / "clean")
    assert sorted(again) == sorted(clean), edited
    differ = [name for name in clean if again[name] != clean[name]]
    assert differ == [], (edited, differ[:5])

    # It did reuse: most pages are the very files of the first build (linked from the cache),
    # while the edited plan's page was built again.
    first = tmp_path / "first"
    pages = [n for n in again if n.endswith(".html") and (first / n).is_file()]
    reused = [n for n in pages if os.stat(first / n).st_ino == os.stat(tmp_path / "again" / n).st_ino]
    plan_page = plan.removeprefix("enheter/").removesuffix(".yaml")
    assert f"enheter/{plan_page}/index.html" not in reused
    if not any(e.endswith("enhet.yaml") for e in edited):  # a new unit name changes every page's menu
        assert len(reused) > len(pages) / 2, (len(reused), len(pages))
    # and the search indexes not touched by the edits were taken from the cache too
    assert any(os.stat(p).st_nlink > 1 for p in (tmp_path / "again" / "pagefind").rglob("*") if p.is_file())


def test_sets_are_serialised_the_same_in_every_process():
    code = ("import sys; from macros import cache, model; "
            "u = model.Unit(namn='Enheten', namnd='n', avdelning='A'); "
            "sys.stdout.write(cache.stable_pickle({'a': {'x', 'y', 'z', 'w'}, 'u': [u]}).hex())")
    outs = {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                           env=dict(os.environ, PYTHONHASHSEED=str(seed))).stdout for seed in (1, 2, 3)}
    assert len(outs) == 1 and outs != {""}


def test_fingerprint_changes_with_templates_settings_and_menu(tmp_path):
    templates = tmp_path / "overrides"
    templates.mkdir()
    (templates / "a.html").write_text("<p>{{ x }}</p>", encoding="utf-8")
    base = cache.build_fingerprint([templates], {"nav": ["Start"]})
    assert cache.build_fingerprint([templates], {"nav": ["Start"]}) == base
    assert cache.build_fingerprint([templates], {"nav": ["Start", "Ny"]}) != base
    (templates / "a.html").write_text("<p>{{ x }}!</p>", encoding="utf-8")
    assert cache.build_fingerprint([templates], {"nav": ["Start"]}) != base
