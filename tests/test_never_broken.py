"""Never a broken site: a build publishes whole or not at all, one at a time, and the published site
shares nothing with the build cache (issue 22). scripts/kill_builds tries the kills at random moments."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from builtsite import ROOT
from macros.build import publish


def _env(cache_dir: Path) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PLANER_CACHE_DIR=str(cache_dir))
    for name in ("PLANER_DATA", "PLANER_SCOPE", "PLANER_PUBLICERING"):
        env.pop(name, None)
    return env


def _start(out: Path, cache_dir: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-d", str(out)], cwd=ROOT, env=_env(cache_dir),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _build(out: Path, cache_dir: Path) -> str:
    done = _start(out, cache_dir)
    stdout, stderr = done.communicate(timeout=600)
    assert done.returncode == 0, stderr
    return stderr


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_killed_build_leaves_the_site_whole_and_the_next_build_clears_its_leftovers(tmp_path):
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    _build(out, cache_dir)
    before = _files(out)
    # A full build (the cache emptied): one that takes every page from the cache can be done and
    # swapped in between two looks below, on a fast machine.
    shutil.rmtree(cache_dir)
    running = _start(out, cache_dir)
    deadline = time.monotonic() + 120
    staging: list[Path] = []
    while time.monotonic() < deadline and running.poll() is None and not any((s / "index.html").exists() for s in staging):
        staging = list(tmp_path.glob(".site.new-*"))  # killed once it has begun writing pages
        time.sleep(0.01)
    os.killpg(running.pid, signal.SIGKILL)
    running.communicate()
    assert staging, "the build never wrote beside the site (or finished before it was seen doing so)"
    assert _files(out) == before
    # What an interrupted build of the old kind left inside the site (MkDocs' clean skips dot files).
    (out / ".sokindex" / "x").mkdir(parents=True)
    _build(out, cache_dir)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == [".site.lock"]


def test_builds_into_one_folder_wait_for_each_other_and_say_so(tmp_path):
    out = tmp_path / "site"
    fd = os.open(tmp_path / ".site.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a build running
    waiting = _start(out, tmp_path / "cache")
    said: list[str] = []
    try:
        for line in waiting.stderr:  # until it says it waits (after loading the data)
            said.append(line)
            if "väntar" in line:
                break
        time.sleep(1)
        assert waiting.poll() is None and not out.exists()
    finally:
        os.close(fd)
    _, rest = waiting.communicate(timeout=600)
    assert waiting.returncode == 0, rest
    assert any(f"Ett annat bygge skriver till {out}; väntar" in line for line in said), "".join(said)
    assert (out / "index.html").exists()


def test_an_edit_of_the_published_site_in_place_does_not_reach_the_cache(tmp_path):
    out, cache_dir = tmp_path / "site", tmp_path / "cache"
    _build(out, cache_dir)
    _build(out, cache_dir)  # pages, indexes and downloads from the cache
    assert all(p.stat().st_nlink == 1 for p in out.rglob("*") if p.is_file())
    page = out / "enheter" / "enheten-for-personligt-stod" / "index.html"
    original = page.read_bytes()
    with open(page, "r+b") as f:  # as `sed -i` would not, but a minifier or `rsync --inplace` does
        f.write(b"<!-- changed -->")
    shutil.rmtree(out)
    _build(out, cache_dir)
    assert page.read_bytes() == original


def test_a_kill_between_the_two_renames_is_undone_by_the_next_build(tmp_path, monkeypatch):
    """Where the folders cannot be exchanged in one step: the old site is put back before anything else."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("förra", encoding="utf-8")
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    first = publish.begin(site, say=lambda _: None)
    (first.staging / "index.html").write_text("halv", encoding="utf-8")
    os.rename(site, first.old)  # the first of the two renames, then the build is killed
    first._unlock()
    second = publish.begin(site, say=lambda _: None)
    assert (site / "index.html").read_text(encoding="utf-8") == "förra"
    assert not any(second.staging.iterdir())  # the half-written folder cleared
    (second.staging / "index.html").write_text("ny", encoding="utf-8")
    second.publish()
    assert (site / "index.html").read_text(encoding="utf-8") == "ny"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_a_site_that_cannot_be_replaced_stays_and_is_said_in_one_line(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("förra", encoding="utf-8")

    def refused(a, b):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(publish, "_exchange", refused)
    publication = publish.begin(site, say=lambda _: None)
    (publication.staging / "index.html").write_text("ny", encoding="utf-8")
    try:
        publication.publish()
    except publish.PublishError as e:
        assert "\n" not in str(e) and "den gamla ligger kvar orörd" in str(e)
    else:
        raise AssertionError("published over a site that could not be replaced")
    assert (site / "index.html").read_text(encoding="utf-8") == "förra"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]
