"""'Så gick det': a report, a unit, a förvaltning and a year's goals open with how it went, counted
from the data (never typed), each figure leading to the goals and indicator rows behind it.

The expected figures are counted here from the YAML files themselves, not through the package."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

from builtsite import ROOT
from macros.site import urls

UNIT = "enheten-for-personligt-stod"
# Each row of the summary is marked with what it counts.
LABELS = {k: k for k in ("helt", "delvis", "inte", "ej", "arsmal", "kf")}


def _summary(page_html: str) -> dict[str, tuple]:
    """The summary's figures: row -> (count, out of, the figure's link or None, the year before's text)."""
    box = re.search(r'<section class="pl-resultat".*?</section>', page_html, re.S)
    assert box, "no 'Så gick det' on the page"
    out = {}
    for row, dd in re.findall(r'<div class="pl-resultat-rad pl-resultat-(\w+)">\s*<dt>.*?</dt>\s*<dd>(.*?)</dd>',
                              box.group(0), re.S):
        m = re.match(r'(?:<a href="([^"]*)">(\d+)</a>|(\d+)) av (\d+)(?: <span class="pl-forra">\((.*?)\)</span>)?', dd)
        assert m, dd
        out[row] = (int(m.group(2) or m.group(3)), int(m.group(4)), m.group(1), m.group(5))
    return out


def _yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _statuses(data: Path, unit: str, year: int) -> Counter:
    """Each unit goal of the plan by its status in the report ('ej': none yet)."""
    plan_file = data / "enheter" / unit / str(year) / "verksamhetsplan.yaml"
    if not plan_file.is_file():
        return Counter()
    report_file = data / "enheter" / unit / str(year) / "verksamhetsberattelse.yaml"
    status = {}
    if report_file.is_file():
        status = {g["id"]: g.get("status") for b in _yaml(report_file)["mal"] for n in b.get("namndmal", [])
                  for g in n.get("enhetsmal", [])}
    return Counter(status.get(g["id"]) or "ej" for b in _yaml(plan_file)["mal"] for n in b.get("namndmal", [])
                   for g in n.get("enhetsmal", []))


def _met(outcome, target, direction):
    if not isinstance(target, (int, float)) or direction not in ("hogre", "lagre"):
        return None
    return outcome >= target if direction == "hogre" else outcome <= target


def _indicators(data: Path, unit: str, year: int) -> dict[str, list[bool]]:
    """Per target (the unit's, KF's), whether each reported outcome reached it."""
    report_file = data / "enheter" / unit / str(year) / "verksamhetsberattelse.yaml"
    if not report_file.is_file():
        return {"arsmal": [], "kf": []}
    city = {i["id"]: i for i in _yaml(data / "stad" / f"{year}.yaml")["indikatorer"]}
    plan_file = data / "enheter" / unit / str(year) / "verksamhetsplan.yaml"
    planned = {r["indikator"]: r.get("arsmal") for b in (_yaml(plan_file)["mal"] if plan_file.is_file() else [])
               for r in b.get("indikatorer", [])}
    out = {"arsmal": [], "kf": []}
    for b in _yaml(report_file)["mal"]:
        for r in b.get("indikatorer", []):
            if r.get("utfall") is None:
                continue
            d = city[r["indikator"]]
            target = r.get("arsmal") if r.get("arsmal") is not None else planned.get(r["indikator"])
            for key, t in (("arsmal", target), ("kf", d.get("kf_arsmal"))):
                verdict = _met(r["utfall"], t, d.get("riktning"))
                if verdict is not None:
                    out[key].append(verdict)
    return out


def _expected(data: Path, units: list[str], year: int) -> dict[str, tuple[int, int]]:
    goals = sum((_statuses(data, u, year) for u in units), Counter())
    total = sum(goals.values())
    inds = [_indicators(data, u, year) for u in units]
    out = {LABELS[k]: (goals[k], total) for k in ("helt", "delvis", "inte", "ej")}
    for key in ("arsmal", "kf"):
        judged = [v for i in inds for v in i[key]]
        out[LABELS[key]] = (sum(judged), len(judged))
    return out


def _figures(summary: dict) -> dict[str, tuple[int, int]]:
    return {label: (count, total) for label, (count, total, _, _) in summary.items()}


def test_a_report_opens_with_how_it_went(pages):
    report = pages[urls.document(UNIT, 2024, "verksamhetsberattelse")]
    # First after the title: before the letterhead's facts and the long prose.
    assert report.html.index('id="sa-gick-det"') < report.html.index('class="pl-fakta"')
    summary = _summary(report.html)
    expected = _expected(ROOT / "data", [UNIT], 2024)
    shown = {k: v for k, v in _figures(summary).items() if k in expected and v[1]}
    assert shown == {k: v for k, v in expected.items() if v[1]}
    assert expected[LABELS["helt"]][0] > 0  # the bundled report has goals met: the check above compares something


def test_each_figure_leads_to_the_rows_behind_it(pages):
    report = pages[urls.document(UNIT, 2024, "verksamhetsberattelse")]
    for label, (count, _, href, _) in _summary(report.html).items():
        if not count:
            assert href is None, label  # nothing behind a zero: no link
            continue
        anchor = href.split("#")[1]
        section = re.search(rf'<h3 id="{anchor}">.*?</h3>\s*<ul>(.*?)</ul>', report.html, re.S)
        assert section, (label, anchor)
        assert section.group(1).count("<li>") == count, label


def test_a_förvaltning_and_a_year_add_up_their_units(city, city_site):
    """The synthetic city (two förvaltningar, three years): each förvaltning's page sums its units'
    latest reports, with the year before in parentheses; a year's goal page sums the city."""
    units: dict[str, list[str]] = {}
    for f in sorted((city / "enheter").glob("*/enhet.yaml")):
        units.setdefault(_yaml(f)["namnd"], []).append(f.parent.name)
    years = sorted(int(p.stem) for p in (city / "stad").glob("*.yaml"))
    reported = [y for y in years if any((city / "enheter").glob(f"*/{y}/verksamhetsberattelse.yaml"))]
    latest = reported[-1]
    compared = 0
    for board, ids in units.items():
        summary = _summary(city_site[urls.board(board)].html)
        assert _figures(summary) == _expected(city, ids, latest), board
        before = _expected(city, ids, latest - 1)
        for label, (_, _, href, old) in summary.items():
            if before[label][1]:
                assert old == f"{before[label][0]} av {before[label][1]}", (board, label)
                compared += 1
            if href:
                assert href.startswith(urls.relative(urls.board(board), urls.board_goals(latest, board)))
    assert compared
    everyone = [u for ids in units.values() for u in ids]
    for year in years:
        assert _figures(_summary(city_site[urls.goals(year)].html)) == _expected(city, everyone, year), year
