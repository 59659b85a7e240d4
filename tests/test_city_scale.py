"""City-scale behaviour on a small synthetic city: every page kind, a menu per board, scoped previews."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys

from builtsite import ROOT, BuiltPage
from macros.site import urls
from macros.model.load import load


def _primary_nav(html: str) -> str:
    start = html.index('<nav class="md-nav md-nav--primary"')
    return html[start:html.index("</nav>", start)]


def test_every_page_kind_exists_at_city_size(city, city_site):
    ds = load(city)
    unit_id, year = sorted(ds.reports)[0]
    board_id = ds.units[unit_id].namnd
    plan = ds.plans[(unit_id, year)]
    goal = plan.mal[0].namndmal[0]
    later = next((u, y) for (u, y) in sorted(ds.plans) if (u, y - 1) in ds.plans)
    expected = {
        "start": "", "units": urls.units(), "board": urls.board(board_id), "unit": urls.unit(unit_id),
        "plan": urls.document(unit_id, year, "verksamhetsplan"), "report": urls.document(unit_id, year, "verksamhetsberattelse"),
        "year": urls.year(year), "goals": urls.goals(year), "direction goal": urls.direction_goal(year, plan.mal[0].kf_mal.split(".")[0]),
        "area goal": urls.area_goal(year, plan.mal[0].kf_mal), "board goal": urls.board_goal(year, board_id, goal.id),
        "indicator": urls.indicator(plan.mal[0].indikatorer[0].indikator) if plan.mal[0].indikatorer else urls.indicators(),
        "plan changes": urls.plan_changes(*later), "complaints": urls.complaints(unit_id), "open data": urls.open_data(),
        "search": "sok/",
    }
    if goal.enhetsmal:
        expected["unit goal"] = urls.unit_goal(unit_id, year, goal.enhetsmal[0].id)
    assert {k: v for k, v in expected.items() if v not in city_site} == {}
    plans = sum(1 for (u, y) in ds.plans)
    assert sum(1 for p in city_site if p.endswith("/verksamhetsplan/")) == plans


def test_menu_on_a_unit_page_lists_only_its_own_boards_units(city, city_site):
    ds = load(city)
    siblings_seen = 0
    for unit_id, unit in ds.units.items():
        nav = _primary_nav(city_site[urls.unit(unit_id)].html)
        assert unit.namn in nav  # the menu is read: the unit itself is in it
        # Other units' pages the menu links to, whatever the form of the relative link.
        resolved = {posixpath.normpath(posixpath.join("/" + urls.unit(unit_id), h)) for h in re.findall(r'href="([^"]+)"', nav)}
        listed = {r.split("/")[2] for r in resolved if r.count("/") == 2 and r.startswith("/enheter/")} & set(ds.units)
        same_board = {u for u, x in ds.units.items() if x.namnd == unit.namnd}
        assert listed <= same_board, (unit_id, listed - same_board)
        other_boards = [u.namn for u in ds.units.values() if u.namn in nav and u.namnd != unit.namnd]
        assert not other_boards, (unit_id, other_boards)
        siblings_seen += len(listed)
    assert siblings_seen > 0  # some unit's menu does list its neighbours, so the checks above can bite


def test_scoped_preview_builds_one_unit_and_the_goal_pages_above_it(city, tmp_path):
    ds = load(city)
    unit_id = sorted(ds.units)[0]
    env = dict(os.environ, PLANER_DATA=str(city), PLANER_SCOPE=f"enhet:{unit_id}", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "p")],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    built = {p.parent.relative_to(tmp_path / "p").as_posix() + "/" for p in (tmp_path / "p").rglob("index.html")}
    units_built = {p.split("/")[1] for p in built if p.startswith("enheter/") and p.count("/") >= 3}
    assert units_built == {unit_id}
    assert urls.unit(unit_id) in built
    page = BuiltPage(tmp_path / "p" / urls.unit(unit_id) / "index.html")
    assert "Förhandsvisning" in page.html
    assert not (tmp_path / "p" / "pagefind").exists()  # a preview skips the search index


def test_scope_that_does_not_exist_is_a_clear_error(city):
    result = subprocess.run([sys.executable, "-m", "macros", "validate", str(city), "--scope", "enhet:finns-inte"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "enheten 'finns-inte' finns inte" in result.stderr and "Traceback" not in result.stderr
