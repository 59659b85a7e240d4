"""Results at a glance ("Så gick det"): how many unit goals were met and how many indicators reached
their targets, for one unit, a förvaltning or the whole city, in a year and the year before.

Computed from the reports (statuses, outcomes) and plans (targets); never typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from . import outcomes, urls, views
from ..model.load import Dataset


@dataclass(frozen=True)
class IndicatorResult:
    unit_name: str
    name: str
    url: str  # the row behind the figure: the unit's indicators over time, at this indicator
    outcome: str
    target: str
    kf_target: str
    vs_target: outcomes.Verdict
    vs_kf: outcomes.Verdict


@dataclass(frozen=True)
class Share:
    """A count out of those that could be judged, and the rows behind it."""

    met: tuple[IndicatorResult, ...]
    judged: int

    @property
    def count(self) -> int:
        return len(self.met)


@dataclass(frozen=True)
class YearResults:
    year: int
    reports: int  # reports of the year behind the figures
    goals: tuple[views.FulfilmentRow, ...]  # fully, partly, not, not yet reported
    indicators: tuple[IndicatorResult, ...]  # the reports' rows with an outcome

    @property
    def goal_count(self) -> int:
        return sum(len(r.goals) for r in self.goals)

    @property
    def vs_target(self) -> Share:
        return _share(self.indicators, "vs_target")

    @property
    def vs_kf(self) -> Share:
        return _share(self.indicators, "vs_kf")


def _share(rows: tuple[IndicatorResult, ...], field: str) -> Share:
    judged = [r for r in rows if getattr(r, field) in (outcomes.MET, outcomes.NOT_MET)]
    return Share(tuple(r for r in judged if getattr(r, field) == outcomes.MET), len(judged))


@dataclass(frozen=True)
class Results:
    now: YearResults
    before: Optional[YearResults]  # the same units' year before, when any of them had a report then
    whose: str  # whose results, in words: "enhetens", "förvaltningens 12 enheters", "stadens 600 enheters"


def year_results(ds: Dataset, idx: views.GoalIndex, unit_ids: Iterable[str], year: int) -> YearResults:
    goals: list[views.UnitGoalView] = []
    rows: list[IndicatorResult] = []
    reports = 0
    for unit_id in unit_ids:
        report = ds.reports.get((unit_id, year))
        if (unit_id, year) in ds.plans:
            goals += idx.by_unit_year.get((unit_id, year), [])
        if report is None:
            continue
        reports += 1
        unit = ds.units[unit_id]
        for block in report.mal:
            for row in block.indikatorer:
                if row.utfall is None:
                    continue
                r = views.report_row(ds, unit_id, year, row)
                rows.append(IndicatorResult(unit.namn, r.indicator.name,
                                            urls.unit_indicators(unit_id) + "#" + row.indikator,
                                            r.outcome, r.target, r.indicator.kf_target, r.vs_target, r.vs_kf))
    return YearResults(year, reports, tuple(views.fulfilment(goals)), tuple(rows))


def results(ds: Dataset, idx: views.GoalIndex, unit_ids: list[str], year: int, whose: str) -> Results:
    before = year_results(ds, idx, unit_ids, year - 1) if year - 1 in ds.years else None
    return Results(year_results(ds, idx, unit_ids, year), before if before and before.reports else None, whose)


def combine(year: int, parts: list[YearResults]) -> YearResults:
    """Several unit sets' results of one year as one."""
    empty = views.fulfilment([])
    goals = tuple(views.FulfilmentRow(row.code, row.label, tuple(g for p in parts for g in p.goals[i].goals))
                  for i, row in enumerate(empty))
    return YearResults(year, sum(p.reports for p in parts), goals, tuple(r for p in parts for r in p.indicators))


def latest_reported_year(ds: Dataset, unit_ids: Iterable[str]) -> Optional[int]:
    """The last year of which any of the units has a report: the year a summary is about."""
    ids = set(unit_ids)
    return max((y for (u, y) in ds.reports if u in ids), default=None)
