"""Plain values for templates, prepared from the model: numbers formatted, references resolved.

Templates receive these (and model objects for texts); they never see raw dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from . import fmt, outcomes, urls
from ..model import model as m
from ..model.load import Dataset
from .outcomes import Verdict

STATUS_TEXT = {"helt": "Uppfylls helt", "delvis": "Uppfylls delvis", "inte": "Uppfylls inte"}


@dataclass(frozen=True)
class IndicatorView:
    id: str
    name: str
    url: str
    unit: Optional[str]
    periodicity: str
    kf_target: str

    def value(self, v: Optional[float]) -> str:
        return fmt.quantity(v, self.unit)


def indicator_view(d: m.IndicatorDefinition) -> IndicatorView:
    kf = d.kf_arsmal if isinstance(d.kf_arsmal, str) else fmt.quantity(d.kf_arsmal, d.enhet)
    return IndicatorView(d.id, d.namn, urls.indicator(d.id), d.enhet, d.periodicitet, kf or "")


@dataclass(frozen=True)
class PlanIndicatorRow:
    indicator: IndicatorView
    target: str


@dataclass(frozen=True)
class ReportIndicatorRow:
    indicator: IndicatorView
    outcome: str
    men: str
    women: str
    previous: str
    target: str
    period: str
    analysis: str
    vs_target: Verdict
    vs_kf: Verdict
    previous_stated: str  # the report's own "Utfall VB" figure, when it differs from the previous report


@dataclass(frozen=True)
class UnitGoalView:
    unit_id: str
    unit_name: str
    year: int
    id: str
    title: str
    url: str
    plan: Optional[m.PlanUnitGoal]
    report: Optional[m.ReportUnitGoal]
    plan_url: str
    report_url: Optional[str]

    @property
    def anchor(self) -> str:
        return urls.goal_anchor(self.id)

    @property
    def status(self) -> str:
        if not self.report:
            return ""
        return STATUS_TEXT[self.report.status] if self.report.status else "Ännu inte bedömd (utkast)"

    @property
    def status_code(self) -> str:
        """For the badge's class and the fulfilment count: the status, or "ej" before it is given."""
        return self.report.status if self.report and self.report.status else "ej"


@dataclass(frozen=True)
class BoardGoalView:
    goal: m.BoardGoal
    board_id: str
    url: str
    unit_goals: tuple[UnitGoalView, ...]
    activities: tuple[tuple[str, str, str], ...]

    @property
    def counts(self) -> tuple[int, ...]:
        """Unit goals fulfilled fully, partly, not at all, not yet reported (the order of `fulfilment`)."""
        return tuple(len(row.goals) for row in fulfilment(self.unit_goals))


@dataclass(frozen=True)
class AreaBlockView:
    goal: m.AreaGoal
    url: str
    plan_rows: tuple[PlanIndicatorRow, ...] = ()
    report_rows: tuple[ReportIndicatorRow, ...] = ()
    board_goals: tuple[BoardGoalView, ...] = ()


@dataclass(frozen=True)
class DirectionView:
    goal: m.DirectionGoal
    url: str
    areas: tuple[AreaBlockView, ...]


@dataclass(frozen=True)
class CompensationRowView:
    level: str
    amount: str
    change_kr: str
    change_pct: str
    previous: str


@dataclass(frozen=True)
class CompensationGroupView:
    title: str
    per: str
    rows: tuple[CompensationRowView, ...]


@dataclass(frozen=True)
class ComplaintRowView:
    group: str
    group_rows: int  # rows the group cell spans; 0 on the group's later rows
    category: str
    t1: str
    t2: str
    vb: str
    total: str
    summary: str


@dataclass(frozen=True)
class FulfilmentRow:
    code: str  # helt, delvis, inte, ej
    label: str
    goals: tuple[UnitGoalView, ...]


def fulfilment(goals: list[UnitGoalView] | tuple[UnitGoalView, ...]) -> list[FulfilmentRow]:
    """How many unit goals are fulfilled fully, partly, not at all, or not yet reported."""
    rows = []
    for code, label in (("helt", "Uppfylls helt"), ("delvis", "Uppfylls delvis"), ("inte", "Uppfylls inte"),
                        ("ej", "Ännu inte redovisat")):
        rows.append(FulfilmentRow(code, label, tuple(
            g for g in goals if g.status_code == code)))
    return rows


@dataclass
class GoalIndex:
    """Which unit goals sit under which board goal, across all documents: the 'down' links."""

    by_board_goal: dict[tuple[int, str, str], list[UnitGoalView]] = field(default_factory=dict)
    by_unit_year: dict[tuple[str, int], list[UnitGoalView]] = field(default_factory=dict)
    board_goal_of: dict[tuple[str, int, str], tuple[str, str]] = field(default_factory=dict)  # -> (board, nm)


def goal_index(ds: Dataset) -> GoalIndex:
    idx = GoalIndex()
    for (unit_id, year), plan in sorted(ds.plans.items()):
        unit = ds.units[unit_id]
        report = ds.reports.get((unit_id, year))
        followed = {g.id: g for b in report.mal for n in b.namndmal for g in n.enhetsmal} if report else {}
        for block in plan.mal:
            for ref in block.namndmal:
                for goal in ref.enhetsmal:
                    view = UnitGoalView(
                        unit_id, unit.namn, year, goal.id, goal.titel, urls.unit_goal(unit_id, year, goal.id),
                        goal, followed.get(goal.id),
                        urls.document(unit_id, year, "verksamhetsplan") + "#" + urls.goal_anchor(goal.id),
                        urls.document(unit_id, year, "verksamhetsberattelse") + "#" + urls.goal_anchor(goal.id) if report else None,
                    )
                    idx.by_board_goal.setdefault((year, unit.namnd, ref.id), []).append(view)
                    idx.by_unit_year.setdefault((unit_id, year), []).append(view)
                    idx.board_goal_of[(unit_id, year, goal.id)] = (unit.namnd, ref.id)
    return idx


def board_goal_view(ds: Dataset, idx: GoalIndex, year: int, board_id: str, goal_id: str,
                    only_unit: Optional[str] = None) -> BoardGoalView:
    goal = ds.board_goal(board_id, year, goal_id)
    assert goal is not None  # guaranteed by load's cross-check
    unit_goals = tuple(g for g in idx.by_board_goal.get((year, board_id, goal_id), [])
                       if only_unit is None or g.unit_id == only_unit)
    acts = tuple((a.aktivitet, fmt.date(a.startdatum), fmt.date(a.slutdatum)) for a in goal.aktiviteter)
    return BoardGoalView(goal, board_id, urls.board_goal(year, board_id, goal_id), unit_goals, acts)


def report_row(ds: Dataset, unit_id: str, year: int, row: m.ReportIndicator,
               ind: Optional[IndicatorView] = None) -> ReportIndicatorRow:
    """A report's indicator row, judged against the unit's target (the plan's when the report
    states none) and KF's."""
    d = ds.indicator(year, row.indikator)
    ind = ind or indicator_view(d)
    target = row.arsmal
    if target is None:
        plan_row = next((r for b in ds.plans[(unit_id, year)].mal for r in b.indikatorer
                         if r.indikator == row.indikator), None) if (unit_id, year) in ds.plans else None
        target = plan_row.arsmal if plan_row else None
    previous = outcomes.previous_outcome(ds, unit_id, year, row)
    stated = row.utfall_foregaende_ar
    return ReportIndicatorRow(
        ind, ind.value(row.utfall), ind.value(row.utfall_man), ind.value(row.utfall_kvinnor),
        ind.value(previous), ind.value(target), row.period or "", row.analys,
        outcomes.judge(row.utfall, target, d.riktning), outcomes.judge(row.utfall, d.kf_arsmal, d.riktning),
        ind.value(stated) if stated is not None and stated != previous else "")


def document_directions(ds: Dataset, idx: GoalIndex, unit_id: str, year: int, doc: m.Plan | m.Report) -> list[DirectionView]:
    """The document's goal part, grouped under KF inriktningsmål in document order."""
    board_id = ds.units[unit_id].namnd
    groups: dict[str, list[AreaBlockView]] = {}
    for block in doc.mal:
        area = ds.area_goal(year, block.kf_mal)
        plan_rows: list[PlanIndicatorRow] = []
        report_rows: list[ReportIndicatorRow] = []
        for row in block.indikatorer:
            ind = indicator_view(ds.indicator(year, row.indikator))
            if isinstance(row, m.PlanIndicator):
                plan_rows.append(PlanIndicatorRow(ind, ind.value(row.arsmal)))
            else:
                report_rows.append(report_row(ds, unit_id, year, row, ind))
        board_goals = tuple(board_goal_view(ds, idx, year, board_id, ref.id, only_unit=unit_id) for ref in block.namndmal)
        groups.setdefault(area.direction_id, []).append(
            AreaBlockView(area, urls.area_goal(year, area.id), tuple(plan_rows), tuple(report_rows), board_goals))
    return [DirectionView(ds.direction_goal(year, d), urls.direction_goal(year, d), tuple(areas)) for d, areas in groups.items()]


def compensation(table: m.CompensationTable) -> list[CompensationGroupView]:
    return [CompensationGroupView(g.rubrik, g.per, tuple(
        CompensationRowView(r.niva, fmt.number(r.belopp), fmt.number(r.belopp - r.foregaende),
                            fmt.percent_change(r.belopp, r.foregaende), fmt.number(r.foregaende))
        for r in g.rader)) for g in table.grupper]


def complaints(groups: list[m.ComplaintGroup]) -> list[ComplaintRowView]:
    rows: list[ComplaintRowView] = []
    for g in groups:
        for i, c in enumerate(g.kategorier):
            total = c.total
            rows.append(ComplaintRowView(
                g.uppdelning, len(g.kategorier) if i == 0 else 0, c.namn,
                fmt.number(c.t1), fmt.number(c.t2), fmt.number(c.vb),
                f"{fmt.number(total)}{fmt.NBSP}st" if total is not None else "", c.sammanfattning))
    return rows


def budget(b: Optional[m.Budget]) -> str:
    return f"{fmt.number(b.belopp)}{fmt.NBSP}{b.enhet}" if b else ""


@dataclass(frozen=True)
class ComplaintTrendRow:
    group: str
    category: str
    cells: tuple[str, ...]  # per year: t1, t2, vb, total
    group_rows: int = 0  # rows the group's heading cell spans; 0 on the group's later rows


@dataclass(frozen=True)
class ComplaintTrend:
    years: tuple[int, ...]
    rows: tuple[ComplaintTrendRow, ...]
    period_labels: tuple[str, ...]  # "2024 T1", ...
    # Per category group (Uppdelning), its categories summed per period. Groups classify the same
    # events in different ways, so only sums within a group mean something.
    group_totals: tuple[tuple[str, tuple[Optional[int], ...]], ...]  # None: a period not reported


def complaint_trend(reports: dict[int, m.Report]) -> Optional[ComplaintTrend]:
    """A unit's complaint and deviation counts per category, period by period, over the years."""
    years = tuple(sorted(y for y, r in reports.items() if r.klagomal))
    if not years:
        return None
    keys: list[tuple[str, str]] = []
    counts: dict[tuple[str, str, int], m.ComplaintCategory] = {}
    for y in years:
        for g in reports[y].klagomal:
            for c in g.kategorier:
                if (g.uppdelning, c.namn) not in keys:
                    keys.append((g.uppdelning, c.namn))
                counts[(g.uppdelning, c.namn, y)] = c
    rows = []
    for group, name in keys:
        cells: list[str] = []
        for y in years:
            c = counts.get((group, name, y))
            cells += [fmt.number(c.t1), fmt.number(c.t2), fmt.number(c.vb), fmt.number(c.total)] if c else ["", "", "", ""]
        if any(cells):
            rows.append(ComplaintTrendRow(group, name, tuple(cells)))
    # A group's rows together (a category first met in a later year comes last otherwise), in the
    # order the groups were first met; its heading spans them.
    order = {g: i for i, g in enumerate(dict.fromkeys(r.group for r in rows))}
    rows.sort(key=lambda r: order[r.group])
    rows = [replace(r, group_rows=sum(1 for x in rows if x.group == r.group)) if i == 0 or rows[i - 1].group != r.group else r
            for i, r in enumerate(rows)]
    labels = [f"{y} {period.upper()}" for y in years for period in m.PERIODS]
    groups: list[tuple[str, tuple[Optional[int], ...]]] = []
    for group in dict.fromkeys(g for g, _ in keys):
        # A period none of the group's categories has a number for was not reported: None, not 0.
        totals = tuple(None if all(getattr(c, period) is None for c in cats) else sum(getattr(c, period) or 0 for c in cats)
                       for y in years for period in m.PERIODS
                       for cats in [[c for g in reports[y].klagomal if g.uppdelning == group for c in g.kategorier]])
        if any(totals):
            groups.append((group, totals))
    return ComplaintTrend(years, tuple(rows), tuple(labels), tuple(groups))


@dataclass(frozen=True)
class Part:
    """A document's section as it reads: its heading (None where it would only repeat the heading
    above it or beside it, as "Övrigt" under "Övrigt"), its content and its parts."""

    id: str  # the anchor, by the section's place in the data: kept when a heading is left out
    level: int
    title: Optional[str]
    section: m.Section
    parts: tuple["Part", ...]
    empty: bool  # nothing at all under the heading: the reader is told so ("Inga uppgifter")


def _has_content(s: m.Section) -> bool:
    return bool(s.text.strip() or s.budget or s.ersattningsnivaer or s.text_efter_tabell.strip())


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def outline(sections: list[m.Section], above: str, prefix: str, level: int) -> tuple[Part, ...]:
    """The parts of `sections`, which stand under the heading `above` at heading level `level`.

    Documents exported from Word repeat headings: "Systematiskt kvalitetsarbete" as the first
    subheading of "Systematiskt kvalitetsarbete", a second "Systematiskt kvalitetsarbete" holding
    only "Agenda 2030". A section titled as the heading above it or as an earlier sibling loses its
    heading where its content still reads under the right one: when it has no text of its own (its
    parts move up a level, in place), or when it is the first under a heading of its title. Else it
    keeps its heading, marked as a continuation. A section with nothing in it keeps its heading,
    with "Inga uppgifter": the city's document templates name the sections a unit reports on."""
    return _outline(sections, above, prefix, level, [])


def _outline(sections: list[m.Section], above: str, prefix: str, level: int, earlier: list[str]) -> tuple[Part, ...]:
    parts: list[Part] = []
    for i, s in enumerate(sections, 1):
        sid = f"{prefix}-{i}"
        content = _has_content(s)
        repeated = _same(s.rubrik, above) or any(_same(s.rubrik, e) for e in earlier)
        if repeated and (not content or (i == 1 and not earlier and _same(s.rubrik, above))):
            inner = _outline(s.avsnitt, above, sid, level, earlier)  # its parts are siblings of the earlier ones
            if content or inner:
                parts.append(Part(sid, level, None, s, inner, False))
            continue
        title = f"{s.rubrik}, forts." if repeated else s.rubrik
        inner = _outline(s.avsnitt, s.rubrik, sid, min(level + 1, 6), [])
        parts.append(Part(sid, level, title, s, inner, not content and not inner))
        earlier.append(s.rubrik)
    return tuple(parts)
