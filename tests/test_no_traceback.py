"""No traceback on any input (issue 22): hostile values (NaN, infinities, control characters raw and
escaped, wrong types, deep nesting, huge strings, symbolic links, FIFOs) put into random fields of
random data files. `validate` and the build each either refuse in one line per problem naming the
file, the build keeping the previous site byte for byte, or the build publishes a complete site.

A few examples in the suite (each builds the site); scripts/fuzz_data runs as many as asked."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from builtsite import ROOT

DATA = ROOT / "data"
FILES = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*.yaml") if "schema" not in p.parts)
EXAMPLES = int(os.environ.get("PLANER_FUZZ_EXAMPLES", "3"))

def _nest(depth: int):
    value: object = 1
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


_NESTED = st.integers(41, 300).map(_nest)
VALUES = st.one_of(
    st.sampled_from([float("nan"), float("inf"), float("-inf"), 1e300, -1e300, 5e-324, 1e-7, -0.0, 10**40]),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Co", "Cn"]), min_size=1, max_size=5),  # escaped
    st.text(max_size=40), st.integers(), st.booleans(), st.none(), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2),
    _NESTED, st.sampled_from(["x" * 2_100_000, "\u202eabc", "<script>alert(1)</script>", "2024-13-45"]),
)
RAW = st.sampled_from(["\x0b", "\x0c", "\x1b", "\x00", "\x7f", "\x85", "\ufffe", "\U0001fffe", "\u202e", "\ud800"])


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


def _replace(data, path, new):
    if not path:
        return new
    parent = data
    for p in path[:-1]:
        parent = parent[p]
    parent[path[-1]] = new
    return data


def spoil(data_dir: Path, rel: str, action: str, pick: int, value, raw: str) -> str:
    """One hostile change to data_dir/rel; returns what was done, for the failure's message."""
    path = data_dir / rel
    if action == "symlink out":
        outside = data_dir.parent / "utanfor.yaml"
        outside.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")  # valid, but outside
        path.unlink()
        path.symlink_to(outside)
    elif action == "fifo":
        path.unlink()
        os.mkfifo(path)
    elif action == "raw character":
        text = path.read_text(encoding="utf-8")
        at = pick % (len(text) + 1)
        path.write_bytes((text[:at] + raw + text[at:]).encode("utf-8", "surrogatepass"))
    else:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        paths = list(_paths(data))
        data = _replace(data, paths[pick % len(paths)], value)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return f"{action} in {rel}"


def _run(args: list[str], data_dir: Path, cache_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PLANER_DATA=str(data_dir), PLANER_CACHE_DIR=str(cache_dir), NO_MKDOCS_2_WARNING="1")
    for name in ("PLANER_SCOPE", "PLANER_PUBLICERING"):
        env.pop(name, None)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# One problem per line: file:line:column: [field] message, naming a data file.
_PROBLEM = re.compile(r"^(?:ERROR\s+-\s+)?(data/\S+?\.yaml|data/\S+):\d+:\d+: ")


def check(work: Path, rel: str, what: str, previous: dict[str, bytes]) -> None:
    data_dir, site, cache_dir = work / "data", work / "site", work / "cache"
    checked = _run(["-m", "macros", "validate"], data_dir, cache_dir)
    said = checked.stdout + checked.stderr
    assert "Traceback" not in said, f"{what}: validate\n{said[-3000:]}"
    if checked.returncode != 0:
        lines = [ln for ln in checked.stderr.splitlines() if ln.strip()]
        problems = [ln for ln in lines if _PROBLEM.match(ln)]
        assert problems and any(rel in ln for ln in problems), f"{what}: validate said\n{said[-3000:]}"
    built = _run(["-m", "mkdocs", "build", "-q", "-d", str(site)], data_dir, cache_dir)
    said = built.stdout + built.stderr
    assert "Traceback" not in said, f"{what}: build\n{said[-3000:]}"
    if built.returncode != 0:
        assert _files(site) == previous, f"{what}: a failed build changed the site"
        assert any(_PROBLEM.match(ln) and rel in ln for ln in said.splitlines()), f"{what}: build said\n{said[-3000:]}"
        assert checked.returncode != 0, f"{what}: validate passed what the build refused\n{said[-3000:]}"
    else:
        now = _files(site)
        assert "index.html" in now and "sitemap.xml" in now and len(now) >= 0.9 * len(previous), what


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("fuzz-previous")
    shutil.copytree(DATA, work / "data")
    built = _run(["-m", "mkdocs", "build", "-q", "-d", str(work / "site")], work / "data", work / "cache")
    assert built.returncode == 0, built.stderr
    return work / "site"


@settings(max_examples=EXAMPLES, deadline=None, derandomize="PLANER_FUZZ_EXAMPLES" not in os.environ,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(file_index=st.integers(0, len(FILES) - 1), pick=st.integers(0, 10**6), value=VALUES, raw=RAW,
       action=st.sampled_from(["replace", "replace", "replace", "raw character", "symlink out", "fifo"]))
def test_hostile_data_is_refused_in_one_line_or_builds_whole(tmp_path_factory, previous_site, file_index, pick, value, raw, action):
    work = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(DATA, work / "data")
    shutil.copytree(previous_site, work / "site")
    rel = FILES[file_index]
    what = spoil(work / "data", rel, action, pick, value, raw)
    check(work, "data/" + rel, what, _files(work / "site"))
    shutil.rmtree(work, ignore_errors=True)
