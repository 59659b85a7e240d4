"""Build the site once per test session from the bundled data, and read it back as text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from builtsite import ROOT, TEST_REPO_URL, BuiltPage, build_site
from hostile import hostile_copy


@pytest.fixture(scope="session", autouse=True)
def build_cache_outside_the_checkout(tmp_path_factory):
    """Every build a test runs keeps its build cache (macros/build/cache.py) in a temporary folder: never
    in the checkout's .cache/, whose entries a test build would otherwise replace and prune."""
    saved = os.environ.get("PLANER_CACHE_DIR")
    os.environ["PLANER_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if saved is None:
        os.environ.pop("PLANER_CACHE_DIR")
    else:
        os.environ["PLANER_CACHE_DIR"] = saved


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    # Built as a repository's CI would: with "Redigera" links (repo_url from the environment).
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PLANER_REPO_URL=TEST_REPO_URL)
    for name in ("PLANER_DATA", "PLANER_SCOPE", "PLANER_PUBLICERING", "PLANER_SITE_URL", "PLANER_EDIT_URI"):
        env.pop(name, None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("WARNING")]
    assert not warnings, "\n".join(warnings)
    return out


@pytest.fixture(scope="session")
def pages(site) -> dict[str, BuiltPage]:
    """Every built page by its directory URL ('' for the start page, 'enheter/x/' ...)."""
    out = {}
    for path in site.rglob("index.html"):
        rel = path.parent.relative_to(site).as_posix()
        out["" if rel == "." else rel + "/"] = BuiltPage(path)
    return out


# --- A small synthetic city (scripts/synth_city.py), for multi-year and scale behaviour ---------


@pytest.fixture(scope="session")
def city(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("city")
    subprocess.run([sys.executable, "scripts/synth_city.py", "--out", str(out / "data"), "--boards", "2",
                    "--units", "6", "--years", "3", "--seed", "7"], cwd=ROOT, check=True, capture_output=True)
    return out / "data"


@pytest.fixture(scope="session")
def city_site_dir(city, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("city-site")
    build_site(site, city)
    return site


@pytest.fixture(scope="session")
def city_site(city_site_dir) -> dict[str, BuiltPage]:
    """The synthetic city's pages by directory URL."""
    return {("" if p.parent == city_site_dir else p.parent.relative_to(city_site_dir).as_posix() + "/"): BuiltPage(p)
            for p in city_site_dir.rglob("index.html")}


# --- The real data with hostile text in every text field (issue 10) --------------------------


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """The site built from a copy of data/ with hostile text in every text field (tests/hostile.py)."""
    tmp = tmp_path_factory.mktemp("hostile")
    replaced = hostile_copy(ROOT / "data", tmp / "data")
    assert replaced > 250  # every unit, board, goal, indicator, heading and prose text of the four documents
    build_site(tmp / "site", tmp / "data")
    return tmp / "site"
