"""One page of every page kind, of the bundled site and of a small synthetic city: the pages the
reader-layout test (test_browser_fit.py) and scripts/screenshots open."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

from macros.site import urls  # noqa: E402
from test_links import PAGE_KINDS  # noqa: E402

UNIT = "enheten-for-personligt-stod"

# The bundled data has one year: no year-over-year change page (the city has one).
BUNDLED = {
    **PAGE_KINDS,
    "complaints": urls.complaints(UNIT),
    "unit's indicators": urls.unit_indicators(UNIT),
    "open data": urls.open_data(),
    "open data of a förvaltning": urls.open_data_board("hagersten-alvsjo"),
    "search": "sok/",
}

# The same city as the test suite's `city` fixture (tests/conftest.py): small enough to build and
# visit quickly, big enough for several years and boards.
CITY_ARGS = ["--boards", "2", "--units", "6", "--years", "3", "--seed", "7"]


def city_pages(data: Path) -> dict[str, str]:
    """One page of each kind the synthetic city has, picked from its data."""
    from macros.model.load import load

    ds = load(data)
    unit_id, year = max(ds.reports)  # the latest report: the most years behind it
    board_id = ds.units[unit_id].namnd
    plan = ds.plans[(unit_id, year)]
    goal = next(n for b in plan.mal for n in b.namndmal if n.enhetsmal)
    area = next(b for b in plan.mal if any(n is goal for n in b.namndmal))
    indicator = next((i.indikator for b in plan.mal for i in b.indikatorer), None)
    later = next((u, y) for (u, y) in sorted(ds.plans, reverse=True) if (u, y - 1) in ds.plans)
    pages = {
        "start": "", "unit list": urls.units(), "förvaltning": urls.board(board_id), "unit": urls.unit(unit_id),
        "plan": urls.document(unit_id, year, "verksamhetsplan"),
        "report": urls.document(unit_id, year, "verksamhetsberattelse"),
        "year": urls.year(year), "goals of a year": urls.goals(year),
        "KF inriktningsmål": urls.direction_goal(year, area.kf_mal.split(".")[0]),
        "KF mål för verksamhetsområdet": urls.area_goal(year, area.kf_mal),
        "nämndmål": urls.board_goal(year, board_id, goal.id),
        "enhetsmål": urls.unit_goal(unit_id, year, goal.enhetsmal[0].id),
        "indicator list": urls.indicators(), "unit's indicators": urls.unit_indicators(unit_id),
        "year-over-year changes": urls.plan_changes(*later), "complaints": urls.complaints(unit_id),
        "open data": urls.open_data(), "open data of a förvaltning": urls.open_data_board(board_id),
        "all goals": urls.all_goals(), "förvaltningar": urls.boards(),
        "förvaltning's goals of a year": urls.board_goals(year, board_id),
        "service area of a förvaltning": urls.board_area(board_id, area.kf_mal),
        "unit's year": urls.unit_year(unit_id, year), "unit's goals of a year": urls.unit_year_goals(unit_id, year),
    }
    if indicator:
        pages["indicator"] = urls.indicator(indicator)
    return pages
