"""Plan against outcome, read off the rendered pages: marks, previous-year outcomes, fulfilment, changes."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from builtsite import ROOT, normalise, row_starting, tables
from macros.site import urls
from macros.model.load import load
from macros.site.outcomes import MET, NO_DIRECTION, NO_OUTCOME, NO_TARGET, NOT_MET, judge

REPORT = urls.document("enheten-for-personligt-stod", 2024, "verksamhetsberattelse")


# --- The real report ----------------------------------------------------------------------


def test_sick_leave_against_its_target_is_not_met(pages):
    row = row_starting(pages[REPORT].html, "Indikatorer under mål 3.4: utfall", "Sjukfrånvaro")
    # Indikator | utfall | utfall 2023 | årsmål | KF | period | mot årsmål | mot KF (no outcome by gender: no columns for it)
    assert row[1] == "11,6%" and row[3] == "9%"
    assert row[6] == "✗ Ej uppnått"
    assert row[7] == "Inget mål"  # KF: "Tas fram av nämnd/styrelse"


def test_active_co_creation_index_misses_both_targets(pages):
    row = row_starting(pages[REPORT].html, "Indikatorer under mål 3.4: utfall", "Aktivt Medskapandeindex")
    assert row[1] == "64" and row[2] == "69" and row[3] == "72" and row[4] == "83"
    assert row[6] == "✗ Ej uppnått" and row[7] == "✗ Ej uppnått"


def test_outcome_without_value_is_said_so(pages):
    row = row_starting(pages[REPORT].html, "Indikatorer under mål 3.4: utfall", normalise(
        "Andelen arbetade timmar av timavlönad personal i förhållande till samtliga arbetade timmar inom stöd och service "
        "till personer med funktionsnedsättning"))
    assert row[6] == "Inget utfall"


def test_outcome_by_gender_has_columns_only_where_some_row_has_one(city, city_site, pages):
    """Empty columns take a reader's width for nothing; where any indicator has an outcome by gender they stay."""
    assert "Utfall män/pojkar" not in pages[REPORT].html  # the bundled report states none
    ds = load(city)
    seen = 0
    for (unit_id, year), report in ds.reports.items():
        html = city_site[urls.document(unit_id, year, "verksamhetsberattelse")].html
        for table in re.findall(r"<table>\s*<caption>Indikatorer under mål ([\d.]+): utfall</caption>(.*?)</table>", html, re.S):
            area, body = table
            rows = [i for m in report.mal if m.kf_mal == area for i in m.indikatorer]
            assert ("Utfall män/pojkar" in body) == any(i.utfall_man is not None for i in rows), (unit_id, year, area)
            seen += "Utfall män/pojkar" in body
    assert seen > 0


def test_2023_outcomes_stated_in_the_2024_report_are_2023_outcomes(pages):
    html = pages[urls.unit_indicators("enheten-for-personligt-stod")].html
    assert row_starting(html, "Sjukfrånvaro, Enheten för personligt stöd", "2023")[3] == "9,5%"
    row_2024 = row_starting(html, "Sjukfrånvaro, Enheten för personligt stöd", "2024")
    assert row_2024[1] == "9%" and row_2024[3] == "11,6%" and row_2024[4] == "✗ Ej uppnått"
    assert "<svg" in html and "Sjukfrånvaro, Enheten för personligt stöd</title>" in html


def test_goal_page_counts_fulfilment(pages):
    html = pages[urls.board_goal(2024, "hagersten-alvsjo", "attraktiv-arbetsgivare")].html
    assert row_starting(html, "Måluppfyllelse 2024", "Uppfylls helt")[1] == "1"
    assert row_starting(html, "Måluppfyllelse 2024", "Ännu inte redovisat")[1] == "2"  # two units have no report


def test_unit_page_puts_plan_and_report_side_by_side(pages):
    html = pages[urls.unit("enheten-for-personligt-stod")].html
    row = row_starting(html, "plan och utfall sida vid sida", "Enhetens medarbetare erbjuds en god arbetsmiljö")
    assert "trivs och mår bra på jobbet" in row[1]
    assert row[2] == "Uppfylls helt"
    assert row[3].startswith("Enheten arbetar aktivt för att minska sjukfrånvaron")


@pytest.mark.parametrize("outcome,target,direction,verdict", [
    (11.6, 9, "lagre", NOT_MET), (8.5, 9, "lagre", MET), (9, 9, "lagre", MET), (64, 72, "hogre", NOT_MET),
    (83, 83, "hogre", MET), (5, None, "hogre", NO_TARGET), (5, "Tas fram av nämnd/styrelse", "lagre", NO_TARGET),
    (None, 9, "lagre", NO_OUTCOME), (5, 9, None, NO_DIRECTION),
])
def test_judge(outcome, target, direction, verdict):
    assert judge(outcome, target, direction) == verdict


# --- A synthetic city of several units and years ------------------------------------------------


def test_every_synthetic_page_says_it_is_synthetic(city_site):
    assert all("Syntetiska testdata" in p.html for p in city_site.values())


def test_synthetic_goal_pages_count_what_the_reports_say(city, city_site):
    ds = load(city)
    year = ds.years[-2]
    board, by = next((b, by) for (b, y), by in ds.board_years.items() if y == year)
    for goal in by.namndmal:
        statuses = []
        for (unit_id, y), plan in ds.plans.items():
            if y != year or ds.units[unit_id].namnd != board:
                continue
            report = ds.reports.get((unit_id, y))
            followed = {g.id: g.status for b in report.mal for n in b.namndmal for g in n.enhetsmal} if report else {}
            statuses += [followed.get(g.id, "ej") for b in plan.mal for n in b.namndmal if n.id == goal.id for g in n.enhetsmal]
        html = city_site[urls.board_goal(year, board, goal.id)].html
        for code, label in (("helt", "Uppfylls helt"), ("delvis", "Uppfylls delvis"), ("inte", "Uppfylls inte"), ("ej", "Ännu inte redovisat")):
            assert row_starting(html, f"Måluppfyllelse {year}", label)[1] == str(statuses.count(code)), (goal.id, label)


def test_synthetic_plan_changes_list_added_and_removed_goals(city, city_site):
    ds = load(city)
    checked = 0
    for (unit_id, year), plan in sorted(ds.plans.items()):
        before = ds.plans.get((unit_id, year - 1))
        if not before:
            continue
        ids = lambda p: {g.id: g.titel for b in p.mal for n in b.namndmal for g in n.enhetsmal}  # noqa: E731
        added = set(ids(plan)) - set(ids(before))
        removed = set(ids(before)) - set(ids(plan))
        page = city_site[urls.plan_changes(unit_id, year)]
        assert f"Nya enhetsmål: {len(added)}" in page.text and f"Borttagna enhetsmål: {len(removed)}" in page.text
        for gid in added:
            assert urls.unit_goal(unit_id, year, gid).split("/")[-2] in page.html
        checked += 1
    assert checked >= 6


def test_synthetic_indicator_outcomes_over_the_years(city, city_site):
    ds = load(city)
    unit_id = sorted(u for (u, y) in ds.reports)[0]
    years = sorted(y for (u, y) in ds.reports if u == unit_id)
    report = ds.reports[(unit_id, years[-1])]
    row = next(r for b in report.mal for r in b.indikatorer if r.utfall is not None)
    definition = ds.indicator(years[-1], row.indikator)
    # The unit's outcomes over the years stand on its own indicators page, with a chart ...
    html = city_site[urls.unit_indicators(unit_id)].html
    table = row_starting(html, f"{definition.namn}, {ds.units[unit_id].namn}", str(years[-1]))
    assert table[3].split()[0].replace(",", ".").replace("−", "-").rstrip("%") == f"{row.utfall:g}"
    assert html.count("<svg") >= 1
    # ... and the indicator's page compares every unit in one year: the latest year there, earlier years apart.
    defined = sorted(y for y in ds.cities if ds.indicator(y, row.indikator))
    latest = city_site[urls.indicator(row.indikator)].html
    assert "pl-sorterbar" in latest and 'id="diagram-' not in latest  # the charts are on the units' pages
    year_page = city_site[urls.indicator(row.indikator) if years[-1] == defined[-1] else urls.indicator_year(row.indikator, years[-1])].html
    cells = row_starting(year_page, f"{definition.namn}: enheternas årsmål och utfall {years[-1]}", ds.units[unit_id].namn)
    assert cells[3].split()[0].replace(",", ".").replace("−", "-").rstrip("%") == f"{row.utfall:g}"
    assert all(urls.indicator_year(row.indikator, y) in city_site for y in defined[:-1])


def test_synthetic_complaints_over_time(city, city_site):
    ds = load(city)
    unit_id, year = next((u, y) for (u, y), r in sorted(ds.reports.items()) if r.klagomal)
    page = city_site[urls.complaints(unit_id)]
    report = ds.reports[(unit_id, year)]
    cat, group = next((c, g) for g in report.klagomal for c in g.kategorier if c.total)
    row = next(r for t in tables(page.html) for r in t["rows"] if len(r) > 2 and r[1] == normalise(cat.namn) and r[0] == normalise(group.uppdelning))
    years = sorted(y for (u, y), r in ds.reports.items() if u == unit_id and r.klagomal)
    total_cell = row[2 + years.index(year) * 4 + 3]
    assert total_cell == str(cat.total)


def test_discrepancy_between_reports_is_reported(city):
    ds = load(city)
    unit_id, year = next((u, y) for (u, y) in sorted(ds.reports) if (u, y - 1) in ds.reports)
    path = city / "enheter" / unit_id / str(year) / "verksamhetsberattelse.yaml"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"utfall_foregaende_ar: ([0-9.]+)", text)
    assert match
    path.write_text(text.replace(match.group(0), "utfall_foregaende_ar: 99.5", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "macros", "validate", str(city)], cwd=ROOT, capture_output=True, text=True)
    path.write_text(text, encoding="utf-8")
    assert result.returncode == 0
    assert "Varning:" in result.stderr and "99.5" in result.stderr and f"verksamhetsberättelsen {year - 1} redovisar" in result.stderr
