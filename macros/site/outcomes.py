"""Plan against outcome: whether a target was met, and each unit's outcomes of an indicator over the years."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..model import model as m
from ..model.load import Dataset


@dataclass(frozen=True)
class Verdict:
    code: str  # "uppnatt", "ej-uppnatt", "inget-mal", "inget-utfall", "okand-riktning"
    text: str  # said in words, so colour is never the only carrier


MET = Verdict("uppnatt", "Uppnått")
NOT_MET = Verdict("ej-uppnatt", "Ej uppnått")
NO_TARGET = Verdict("inget-mal", "Inget mål")
NO_OUTCOME = Verdict("inget-utfall", "Inget utfall")
NO_DIRECTION = Verdict("okand-riktning", "Kan inte bedömas")


def judge(outcome: Optional[float], target, direction: Optional[str]) -> Verdict:
    """Met when the outcome is at or beyond the target in the indicator's better direction."""
    if not isinstance(target, (int, float)) or isinstance(target, bool):
        return NO_TARGET
    if outcome is None:
        return NO_OUTCOME
    if direction == "hogre":
        return MET if outcome >= target else NOT_MET
    if direction == "lagre":
        return MET if outcome <= target else NOT_MET
    return NO_DIRECTION


@dataclass(frozen=True)
class Point:
    year: int
    outcome: Optional[float]
    target: Optional[float]
    kf_target: Optional[float]
    men: Optional[float]
    women: Optional[float]
    source: str  # where the outcome is stated


@dataclass(frozen=True)
class Discrepancy:
    unit_id: str
    indicator_id: str
    year: int
    stated: float  # in the next year's report, as "Utfall VB <year>"
    reported: float  # in the year's own report
    file: str

    def __str__(self) -> str:
        return (f"{self.file}: utfall {self.year} för '{self.indicator_id}' anges som {self.stated:g}, "
                f"men verksamhetsberättelsen {self.year} redovisar {self.reported:g}")


def _report_row(report: Optional[m.Report], indicator_id: str) -> Optional[m.ReportIndicator]:
    if report is None:
        return None
    return next((r for b in report.mal for r in b.indikatorer if r.indikator == indicator_id), None)


def series(ds: Dataset, unit_id: str, indicator_id: str) -> list[Point]:
    """A unit's outcomes of an indicator by year: from each year's report, or, where that report is
    missing, from the next year's report's "Utfall VB <year>" column (the 2024 reports state 2023)."""
    years = list(ds.unit_years(unit_id))
    points: dict[int, Point] = {}
    for year in years:
        row = ds.indicator_row("verksamhetsberattelse", unit_id, year, indicator_id)
        plan_row = ds.indicator_row("verksamhetsplan", unit_id, year, indicator_id)
        definition = ds.indicator(year, indicator_id)
        kf = definition.kf_arsmal if definition and isinstance(definition.kf_arsmal, (int, float)) else None
        target = plan_row.arsmal if plan_row and plan_row.arsmal is not None else (row.arsmal if row else None)
        if row or plan_row:
            points[year] = Point(year, row.utfall if row else None, target, kf,
                                 row.utfall_man if row else None, row.utfall_kvinnor if row else None,
                                 f"Verksamhetsberättelse {year}" if row and row.utfall is not None else "")
        if row and row.utfall_foregaende_ar is not None and (year - 1 not in points or points[year - 1].outcome is None):
            prev = points.get(year - 1)
            points[year - 1] = Point(year - 1, row.utfall_foregaende_ar, prev.target if prev else None,
                                     prev.kf_target if prev else None, None, None, f"Verksamhetsberättelse {year}")
    return [points[y] for y in sorted(points)]


def discrepancies(ds: Dataset) -> list[Discrepancy]:
    """Previous-year outcomes a report states that differ from what that year's report says."""
    found = []
    for (unit_id, year), report in sorted(ds.reports.items()):
        before = ds.reports.get((unit_id, year - 1))
        if before is None:
            continue
        for block in report.mal:
            for row in block.indikatorer:
                old = _report_row(before, row.indikator)
                if row.utfall_foregaende_ar is not None and old and old.utfall is not None and old.utfall != row.utfall_foregaende_ar:
                    found.append(Discrepancy(unit_id, row.indikator, year - 1, row.utfall_foregaende_ar, old.utfall,
                                             ds.sources[("verksamhetsberattelse", unit_id, year)]))
    return found


def previous_outcome(ds: Dataset, unit_id: str, year: int, row: m.ReportIndicator) -> Optional[float]:
    """'Utfall föregående år' for a report row: the previous report's outcome when the data has it."""
    old = _report_row(ds.reports.get((unit_id, year - 1)), row.indikator)
    if old and old.utfall is not None:
        return old.utfall
    return row.utfall_foregaende_ar
