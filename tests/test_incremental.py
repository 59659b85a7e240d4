"""Incremental builds: after random edits to a small synthetic city, a build that reuses the cache
writes exactly the bytes a clean build writes, file for file; and it did reuse pages."""

from __future__ import annotations

import os
import pickle
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builtsite import ROOT
from macros.build import cache
from macros.model import model


def _build(data: Path, out: Path, cache_dir: Path | None, quiet: bool = True) -> str:
    env = dict(os.environ, PLANER_DATA=str(data), NO_MKDOCS_2_WARNING="1")
    env.pop("PLANER_SCOPE", None)
    if cache_dir is None:
        env["PLANER_CACHE"] = "0"
    else:
        env["PLANER_CACHE_DIR"] = str(cache_dir)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *(["-q"] if quiet else []), "-d", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _append_to_a_text(path: Path, rng: random.Random) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    texts = [i for i, ln in enumerate(lines) if re.match(r"^\s+(?:- )?(?:text|beskrivning|forvantat_resultat|analys): \|$", ln) and i + 1 < len(lines) and lines[i + 1].strip()]
    i = rng.choice(texts) + 1
    lines[i] += f" Ändrad mening {rng.randrange(10**6)}."
    path.write_text("\n".join(lines), encoding="utf-8")


def _append_to_the_introduction(path: Path, rng: random.Random) -> None:
    """A sentence added to a plan's first inledning text: outside its goals and indicators."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("inledning:")
    i = next(i for i in range(start, len(lines)) if lines[i].strip() == "text: |") + 1
    lines[i] += f" Ändrad mening {rng.randrange(10**6)}."
    path.write_text("\n".join(lines), encoding="utf-8")


def _outcomes(text: str) -> list[re.Match]:
    """Every `utfall: <number>` line of a report: group 1 the key, group 2 the number."""
    return list(re.finditer(r"(\n\s+utfall: )(\d+(?:\.\d+)?)\n", text))


def _change_an_outcome(path: Path, rng: random.Random) -> None:
    text = path.read_text(encoding="utf-8")
    found = _outcomes(text)
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
    """One random edit of each kind: a plan's text, a report's outcome, a board's goals."""
    plans = sorted(data.glob("enheter/*/*/verksamhetsplan.yaml"))
    reports = sorted(data.glob("enheter/*/*/verksamhetsberattelse.yaml"))
    boards = sorted(data.glob("namnder/*/[0-9]*.yaml"))
    edits = [(rng.choice(plans), _append_to_a_text), (rng.choice(reports), _change_an_outcome),
             (rng.choice(boards), _append_to_a_text)]
    for path, how in edits:
        how(path, rng)
    return [str(p.relative_to(data)) for p, _ in edits]


def _same_as_clean(data: Path, tmp_path: Path, built: Path, edited) -> None:
    clean = tmp_path / f"clean-{built.name}"
    _build(data, clean, None)
    again, expected = _files(built), _files(clean)
    assert sorted(again) == sorted(expected), (edited, set(again) ^ set(expected))
    differ = [name for name in expected if again[name] != expected[name]]
    assert differ == [], (edited, differ[:5])


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_build_equals_a_clean_build(tmp_path, seed):
    data = tmp_path / "data"
    subprocess.run([sys.executable, "scripts/synth_city.py", "--out", str(data), "--boards", "2", "--units", "5",
                    "--years", "2", "--seed", str(seed)], cwd=ROOT, check=True, capture_output=True)
    kept = tmp_path / "cache"
    first, again, renamed = tmp_path / "first", tmp_path / "again", tmp_path / "renamed"
    _build(data, first, kept)
    rng = random.Random(seed)

    # 1. Texts and numbers edited: the same bytes as a clean build, and most pages reused.
    edited = _edit(data, rng)
    _build(data, again, kept)
    _same_as_clean(data, tmp_path, again, edited)
    pages = [n for n in _files(again) if n.endswith(".html") and (first / n).is_file()]
    # Taken from the cache: a copy with the time the page was made (cache.copy_out), in the first build.
    reused = [n for n in pages if os.stat(first / n).st_mtime_ns == os.stat(again / n).st_mtime_ns]
    plan = next(e for e in edited if e.endswith("verksamhetsplan.yaml")).removeprefix("enheter/").removesuffix(".yaml")
    assert f"enheter/{plan}/index.html" not in reused  # the edited plan was built again
    assert len(reused) > len(pages) / 2, (len(reused), len(pages))
    # and the search indexes the edits did not touch were taken from the cache too
    assert any(os.stat(p).st_mtime_ns == os.stat(first / p.relative_to(again)).st_mtime_ns
               for p in (again / "pagefind").rglob("*") if p.is_file() and (first / p.relative_to(again)).is_file())

    # 2. A unit renamed: every page's menu changes, and still the same bytes as a clean build.
    _rename_unit(rng.choice(sorted(data.glob("enheter/*/enhet.yaml"))), rng)
    _build(data, renamed, kept)
    _same_as_clean(data, tmp_path, renamed, ["enhet.yaml"])


def _make_a_draft(path: Path, rng: random.Random) -> None:
    """An outcome left to fill in: the document becomes a draft, and the menu marks it (utkast)."""
    text = path.read_text(encoding="utf-8")
    m = rng.choice(_outcomes(text))
    path.write_text(text[:m.start(1)] + m.group(1).replace("utfall: ", "att_fylla: [utfall]") + text[m.end(2):],
                    encoding="utf-8")


_REMADE = re.compile(r"Ändrade dokument sedan förra bygget: (\d+); (\d+) av (\d+) sidor görs om")


@pytest.mark.parametrize("seed", [3, 4])
def test_a_build_after_edits_to_documents_only_makes_only_their_pages_again(tmp_path, seed):
    """Planning season: plans and reports edited, nothing else. The build reads and plans only what
    the edited documents reach (macros/site/delta.py), and writes the bytes a clean build writes."""
    data = tmp_path / "data"
    subprocess.run([sys.executable, "scripts/synth_city.py", "--out", str(data), "--boards", "2", "--units", "6",
                    "--years", "3", "--seed", str(seed)], cwd=ROOT, check=True, capture_output=True)
    kept = tmp_path / "cache"
    _build(data, tmp_path / "first", kept)
    rng = random.Random(seed)
    plans = sorted(data.glob("enheter/*/*/verksamhetsplan.yaml"))
    reports = sorted(data.glob("enheter/*/*/verksamhetsberattelse.yaml"))

    # 1. A plan's text and a report's outcome: only their pages are made again, the rest is kept.
    plan, report = rng.choice(plans), rng.choice(reports)
    _append_to_a_text(plan, rng)
    _change_an_outcome(report, rng)
    log = _build(data, tmp_path / "again", kept, quiet=False)
    remade = _REMADE.search(log)
    assert remade and remade.group(1) == "2", log
    assert 0 < int(remade.group(2)) < int(remade.group(3)) / 2, remade.group(0)
    _same_as_clean(data, tmp_path, tmp_path / "again", [plan, report])

    # 2. Nothing changed since: every page kept.
    log = _build(data, tmp_path / "unchanged", kept, quiet=False)
    assert re.search(r"Ändrade dokument sedan förra bygget: 0; 0 av \d+ sidor", log), log
    _same_as_clean(data, tmp_path, tmp_path / "unchanged", [])

    # 3. A plan's introduction, outside its goals and indicators: the year's pages (goals,
    # indicator tables) do not show it, and are kept; the plan's own pages are made again.
    plan = rng.choice(plans)
    _append_to_the_introduction(plan, rng)
    log = _build(data, tmp_path / "text", kept, quiet=False)
    remade = _REMADE.search(log)
    assert remade and remade.group(1) == "1", log
    year = plan.parent.name
    kept_files = [n for n in _files(tmp_path / "text") if n.startswith(f"mal/{year}/") and n.endswith(".html")]
    def made(build: str, n: str) -> int:  # a page taken from the cache keeps the time it was made
        return os.stat(tmp_path / build / n).st_mtime_ns
    assert kept_files and all(made("text", n) == made("unchanged", n) for n in kept_files)
    edited_page = f"enheter/{plan.parent.parent.name}/{year}/verksamhetsplan/index.html"
    assert made("text", edited_page) != made("unchanged", edited_page)
    _same_as_clean(data, tmp_path, tmp_path / "text", [plan])

    # 4. A report becomes a draft: its menu entry says so on every page, so all is built again.
    draft = rng.choice([r for r in reports if "utfall:" in r.read_text(encoding="utf-8")])
    _make_a_draft(draft, rng)
    log = _build(data, tmp_path / "draft", kept, quiet=False)
    assert not _REMADE.search(log)
    _same_as_clean(data, tmp_path, tmp_path / "draft", [draft])


def test_a_goal_status_changed_reaches_the_förvaltning_and_the_years_around(tmp_path):
    """'Så gick det' on a förvaltning's pages sums all its units' reports of every year, and a year's
    pages show the year before beside their own: after one report's goal status changed, a build
    after edits makes them as a clean build does (it reads the förvaltning's other units' documents,
    and the other förvaltningar's of the years around the edit)."""
    data = tmp_path / "data"
    subprocess.run([sys.executable, "scripts/synth_city.py", "--out", str(data), "--boards", "2", "--units", "4",
                    "--years", "3", "--seed", "5"], cwd=ROOT, check=True, capture_output=True)
    kept = tmp_path / "cache"
    _build(data, tmp_path / "first", kept)
    years = sorted(int(p.stem) for p in (data / "stad").glob("*.yaml"))
    # The middle year: the next year's pages show it; the year before is read for its own pages.
    # The last year: a förvaltning's service areas show every year of its units.
    for year in (years[1], years[-1]):
        report = next(p for p in sorted(data.glob(f"enheter/*/{year}/verksamhetsberattelse.yaml"))
                      if "status: helt" in p.read_text(encoding="utf-8"))
        report.write_text(report.read_text(encoding="utf-8").replace("status: helt", "status: inte", 1), encoding="utf-8")
        out = tmp_path / f"after-{year}"
        log = _build(data, out, kept, quiet=False)
        assert _REMADE.search(log), log  # a build after edits, not a full one
        _same_as_clean(data, tmp_path, out, [report])


def test_a_page_key_does_not_depend_on_shared_objects():
    """A model read from YAML and the same model read back from the cache share their strings
    differently; their keys must still be equal, or no page would ever be reused."""
    shared = "".join(["Enhet", "en"])
    a = model.Unit(namn=shared, namnd="n", avdelning=shared)  # one string object twice
    b = model.Unit(namn="".join(["Enhet", "en"]), namnd="n", avdelning="".join(["Enh", "eten"]))  # two
    assert a.namn is a.avdelning and b.namn is not b.avdelning
    assert cache.page_key("f", {"u": a, "x": [a, a]}) == cache.page_key("f", {"u": b, "x": [b, pickle.loads(pickle.dumps(b))]})
    assert cache.page_key("f", {"u": a}) != cache.page_key("f", {"u": a.model_copy(update={"namn": "Enheten 2"})})


def test_sets_are_serialised_the_same_in_every_process():
    code = ("import sys; from macros.build import cache; from macros.model import model; "
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


def test_a_draft_read_from_the_cache_is_still_a_draft(tmp_path):
    """Files unchanged since the last build come from the cache unparsed; what is left to fill in
    them (att_fylla, att_flytta, oplacerat) must still be found and located."""
    from macros.model.load import load

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    plan = data / "enheter" / "enheten-for-personligt-stod" / "2024" / "verksamhetsplan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("huvud:\n", "huvud:\n  att_fylla: [dnr]\n", 1), encoding="utf-8")
    store = cache.Store(tmp_path / "cache")
    first = load(data, store=store).remaining_problems
    second = load(data, store=store).remaining_problems  # this time from the cache
    assert first and [str(p) for p in second] == [str(p) for p in first]


def test_what_reading_keeps_is_in_the_cache_once_its_writer_is_done(tmp_path):
    """A build hands the models it read to another process to write (Store.writing_behind); once
    settled, every data file's model is there for the next build, which then parses none of them."""
    from macros.model.load import load

    store = cache.Store(tmp_path / "cache")
    with store.writing_behind():
        ds = load(ROOT / "data", store=store)
        assert not list((tmp_path / "cache").rglob("*.pickle"))  # handed on, not written here
    cache.settle()
    again = cache.Store(tmp_path / "cache")
    assert ds.file_keys and all(again.load_model(k) is not None for k in ds.file_keys.values())


def test_files_whose_stat_is_as_before_are_not_read_again(tmp_path):
    """A build after edits hashes only the data files whose size, time or inode changed (10 000
    files, a quarter of a gigabyte, at city scale); a file changed a moment ago is hashed next time too."""
    from macros.model.load import file_keys

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    files = [p for p in data.rglob("*.yaml") if p.parent.name != "schema"]
    past = time.time() - 60
    for p in files:
        os.utime(p, (past, past))
    keys, stats = file_keys(data)
    assert set(stats) == set(keys) and len(keys) == len(files)

    plan = sorted(data.glob("enheter/*/*/verksamhetsplan.yaml"))[0]
    key = ("verksamhetsplan", plan.parent.parent.name, int(plan.parent.name))
    plan.write_text(plan.read_text(encoding="utf-8") + "\n# ändrad\n", encoding="utf-8")
    os.utime(plan, (past + 1, past + 1))
    # Another file given new bytes of the same size, and its old time back: taken as unchanged,
    # as git takes it; what proves that unchanged files are not read.
    other = sorted(data.glob("enheter/*/enhet.yaml"))[0]
    text = other.read_bytes()
    other.write_bytes(text.replace(b"namn: ", b"namn:\t", 1))
    os.utime(other, (past, past))
    again, stats_again = file_keys(data, (keys, stats))
    assert [k for k in keys if again[k] != keys[k]] == [key]
    # Its mode changed (made unreadable, say): read again, and its new bytes seen.
    other.chmod(0o600)
    moded, _ = file_keys(data, (again, stats_again))
    assert [k for k in keys if moded[k] != again[k]] == [("enhet", other.parent.name)]
    other.chmod(0o644)

    # Just written: its stat is not trusted (the clock may not have ticked), so it is not kept.
    plan.write_text(plan.read_text(encoding="utf-8") + "\n# igen\n", encoding="utf-8")
    now, stats_now = file_keys(data, (again, stats_again))
    assert now[key] != again[key] and key not in stats_now


def test_a_manifest_left_by_an_older_version_makes_a_full_build(tmp_path):
    """A cache kept across an upgrade holds the last build's manifest in its old shape: the build is
    a full one, not a traceback."""
    from macros.site import build_state, delta
    from macros.build.settings import project

    old = object.__new__(delta.Manifest)
    old.__dict__.update(version=delta.MANIFEST_VERSION - 1, file_keys={}, pages=[])  # no file_stats, board_files
    state = build_state.prepare(project(), store=cache.Store(tmp_path / "cache"), manifest=old)
    assert state.edits is None and state.plan.pages


def test_a_rebuild_lets_the_last_builds_models_go(tmp_path):
    """The digests of models (cache.model_digest) hold their models; a rebuild while serving
    forgets the last build's, else every dataset `mkdocs serve` ever loaded stays in memory."""
    from macros.build.settings import project
    from macros.site import build_state

    site = project(ROOT)
    store = cache.Store(tmp_path / "cache")
    unit = next(iter(build_state.prepare(site, store=store).dataset.units.values()))
    cache.settle()
    assert any(held is unit for held, _ in cache._digests.values())
    build_state.prepare(site, store=store)
    cache.settle()
    assert cache._digests and not any(held is unit for held, _ in cache._digests.values())
