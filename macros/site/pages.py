"""The plan of the site: which pages exist, what each shows, and how navigation groups them.

Pure Python over the Dataset; nothing here knows MkDocs. The builder adapter
(macros/adapters/mkdocs/hooks.py) turns Pages into its pages and NavNodes into its navigation.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Optional

from . import charts, compare, exports, fmt, outcomes, results, urls, views
from .catalogue import OpenData
from ..model import model as m, schema
from .later import Later
from ..model.load import Dataset


@dataclass
class Page:
    path: str  # directory URL relative to the site root, e.g. "enheter/x/2024/verksamhetsplan/"
    title: str
    template: str  # file in overrides/sidor/
    context: dict[str, Any]
    description: str
    sources: list[str] = field(default_factory=list)  # data files the page is made from
    # Whose documents' contents the page shows, besides the shared files (dataset, KF, nämnder,
    # units) and which documents exist: UNIT(id), YEAR(y), BOARD(id); () for none. A build after
    # edits to documents only plans and renders the pages whose `reads` meet an edited document
    # (macros/site/delta.py); tests/test_incremental.py holds these claims to a clean build.
    reads: tuple = ()

    @property
    def searchable(self) -> bool:
        """In the search index? Views that repeat a document's text (a unit goal, a comparison) are
        not: a search should lead to the document, where the text stands in its context."""
        return self.template in SEARCHED_TEMPLATES


def UNIT(unit_id: str) -> tuple:
    return ("enhet", unit_id)


def YEAR(year: int) -> tuple:
    return ("ar", year)


def BOARD(board_id: str) -> tuple:
    return ("namnd", board_id)


def year_view(doc: m.Plan | m.Report) -> list:
    """All that pages reading YEAR(y) show of a document of year y: its goals and indicator rows
    (views.goal_index, Dataset.indicator_row). An edit that leaves them as they were reaches only
    its own unit's and board's pages (macros/site/delta.py); tests/test_incremental.py holds this to a
    clean build."""
    return doc.mal


# The pages a search leads to: documents, units, nämndmål (their texts stand there once), indicators.
SEARCHED_TEMPLATES = {"dokument.html", "enhet.html", "namnd.html", "mal_namnd.html", "indikator.html"}


@dataclass
class NavNode:
    title: str
    path: Optional[str] = None  # a page (or the section's index page)
    children: list["NavNode"] = field(default_factory=list)


@dataclass
class SitePlan:
    pages: list[Page]
    nav: list[NavNode]
    downloads: list[exports.Download] = field(default_factory=list)
    # board id -> {document key: (year, unit name, document title, its downloads, its date)}: what
    # the open data page of each förvaltning and the catalogue (catalogue.py) list; a build after
    # edits takes the unread documents' from here. A download as (title, label, path, media type, size).
    board_files: dict[str, dict[tuple, tuple]] = field(default_factory=dict)


def _doc_title(kind: str, year: int, unit: m.Unit) -> str:
    return f"{urls.KIND_TITLES[kind]} {year} – {unit.namn}"


def _everything(reads: tuple) -> bool:
    return True


@dataclass
class _Planning:
    """What every part of the plan reads and adds to."""

    ds: Dataset
    idx: views.GoalIndex
    memo: Optional[Callable[..., Any]] = None  # remembers pure functions' results across builds (cache.Store.memo)
    # Which pages (by Page.reads) the caller wants; the others may be left out. A build after edits
    # to documents (macros/site/delta.py) wants only the pages the edits reach.
    wants: Callable[[tuple], bool] = _everything
    pages: list[Page] = field(default_factory=list)
    downloads: list[exports.Download] = field(default_factory=list)
    board_files: dict[str, dict[tuple, tuple]] = field(default_factory=dict)  # SitePlan.board_files
    open_data: OpenData = field(default_factory=OpenData)  # mkdocs.yml's licence and publisher

    def city_src(self, year: int) -> list[str]:
        return [self.ds.sources[("stad", year)]] if ("stad", year) in self.ds.sources else []


def plan_site(ds: Dataset, memo: Optional[Callable[..., Any]] = None,
              wants: Optional[Callable[[tuple], bool]] = None,
              board_files: Optional[dict[str, dict[tuple, tuple]]] = None,
              titles: Optional[dict[str, str]] = None,
              open_data: Optional[OpenData] = None) -> SitePlan:
    """Every page, download and menu entry of the site. With `wants`, pages whose `reads` it refuses
    may be missing (and their work skipped); the wanted ones are as in the whole plan.
    `board_files`: the last plan's (SitePlan.board_files), for documents not read or not changed
    since (a build after edits, macros/site/delta.py); the documents read replace their entries.
    `titles`: the last build's page titles by address, for breadcrumbs to pages not planned."""
    c = _Planning(ds, views.goal_index(ds), memo, wants or _everything,
                  board_files={b: dict(files) for b, files in (board_files or {}).items()},
                  open_data=open_data or OpenData())
    unit_nav = _unit_pages(c)
    _document_pages(c)
    _complaint_pages(c)
    _plan_change_pages(c)
    _area_pages(c)
    _unit_year_pages(c)
    goal_nav = _goal_pages(c)
    year_nav = _year_pages(c)
    indicator_nav = _indicator_pages(c)
    _open_data_page(c)

    # Newest year first: a reader opening "År" or "Mål" wants this year, not the oldest.
    nav = [
        NavNode("Start", ""),
        NavNode("Enheter", urls.units(), unit_nav),
        NavNode("År", urls.years(), year_nav[::-1]),
        NavNode("Mål", urls.all_goals(), goal_nav[::-1]),
        NavNode("Indikatorer", urls.indicators(), indicator_nav),
        NavNode("Öppna data", urls.open_data()),
    ]
    add_crumbs(c.pages, titles)
    return SitePlan(c.pages, nav, c.downloads, c.board_files)


def add_crumbs(pages: list[Page], known: Optional[dict[str, str]] = None) -> None:
    """Each page's breadcrumbs: the pages at the prefixes of its address (every prefix is a page),
    from the start page down to its parent. `known`: titles of pages not planned this time (a build
    after edits plans only the pages the edits reach; the last build's records know the others).
    The crumbs are part of the page's context, so a changed title above a page remakes it."""
    titles = dict(known or {})
    titles.update({p.path: p.title for p in pages})
    for page in pages:
        parts = page.path.strip("/").split("/") if page.path else []
        crumbs = [("Start", urls.home())]
        for i in range(1, len(parts)):
            prefix = "/".join(parts[:i]) + "/"
            crumbs.append((_crumb(titles.get(prefix, parts[i - 1])), prefix))
        page.context["crumbs"] = crumbs if parts else []


def _crumb(title: str) -> str:
    """A page's title as a crumb: its own name, without the unit or year the trail already says."""
    return title.split(" – ")[0]


def _unit_pages(c: _Planning) -> list[NavNode]:
    """Units, grouped by board."""
    ds, idx, pages, src = c.ds, c.idx, c.pages, c.ds.sources
    boards_units: dict[str, list[str]] = {}
    for unit_id, unit in sorted(ds.units.items(), key=lambda kv: kv[1].namn.lower()):
        boards_units.setdefault(unit.namnd, []).append(unit_id)

    unit_nav: list[NavNode] = []
    groups = []
    for board_id in sorted(boards_units, key=lambda b: ds.boards[b].forvaltning):
        board = ds.boards[board_id]
        by_dept: dict[str, list[str]] = {}
        for unit_id in boards_units[board_id]:
            by_dept.setdefault(ds.units[unit_id].avdelning or "", []).append(unit_id)
        groups.append((board_id, board, [(dept, [(u, ds.units[u]) for u in ids]) for dept, ids in sorted(by_dept.items())]))
        board_children: list[NavNode] = []
        for dept, unit_ids in sorted(by_dept.items()):
            unit_nodes = []
            for unit_id in unit_ids:
                unit = ds.units[unit_id]
                docs = [NavNode(f"{urls.KIND_TITLES[kind]} {y}" + (" (utkast)" if (kind, unit_id, y) in ds.remaining else ""),
                                urls.document(unit_id, y, kind))
                        for y, (plan, report) in ds.unit_years(unit_id).items()
                        for kind, doc in (("verksamhetsplan", plan), ("verksamhetsberattelse", report)) if doc]
                unit_nodes.append(NavNode(unit.namn, urls.unit(unit_id), docs))
            # With avdelningar, a board's menu opens one avdelning at a time (navigation.prune).
            board_children += [NavNode(dept, None, unit_nodes)] if dept else unit_nodes
        unit_nav.append(NavNode(board.forvaltning, urls.board(board_id), board_children))
        if not c.wants(BOARD(board_id)):
            continue
        latest = results.latest_reported_year(ds, boards_units[board_id])
        years = sorted({y for (u, y) in ds.plans if ds.units[u].namnd == board_id} |
                       {y for (b, y) in ds.board_years if b == board_id})
        pages.append(Page(urls.board(board_id), board.forvaltning, "namnd.html",
                          {"board": board, "board_id": board_id,
                           "departments": groups[-1][2],
                           "unit_count": len(boards_units[board_id]),
                           "results": results.results(ds, idx, boards_units[board_id], latest, "förvaltningens")
                           if latest else None,
                           "results_url": urls.board_goals(latest, board_id) if latest else None,
                           "areas": [(a.id, a.titel, urls.board_area(board_id, a.id)) for a in _board_areas(ds, board_id)],
                           "years": [(y, urls.board_goals(y, board_id) if (board_id, y) in ds.board_years else urls.goals(y))
                                     for y in reversed(years)]},
                          f"Enheter i {board.forvaltning} och deras verksamhetsplaner och verksamhetsberättelser.",
                          [src[("namnd", board_id)]], reads=BOARD(board_id)))

    pages.append(Page(urls.boards(), "Förvaltningar", "forvaltningar.html",
                      {"boards": [(ds.boards[b].forvaltning, urls.board(b), len(boards_units[b]))
                                  for b in sorted(boards_units, key=lambda b: ds.boards[b].forvaltning)]},
                      "Alla förvaltningar med enheter som har planer och berättelser här."))

    pages.append(Page(urls.units(), "Enheter", "enheter.html", {"groups": groups},
                      "Alla enheter, ordnade efter förvaltning och avdelning."))

    for unit_id, unit in ds.units.items():
        if not c.wants(UNIT(unit_id)):
            continue
        board = ds.boards[unit.namnd]
        years = list(ds.unit_years(unit_id))
        per_year = [{
            "year": y,
            "plan": urls.document(unit_id, y, "verksamhetsplan") if (unit_id, y) in ds.plans else None,
            "report": urls.document(unit_id, y, "verksamhetsberattelse") if (unit_id, y) in ds.reports else None,
            "plan_draft": ("verksamhetsplan", unit_id, y) in ds.remaining,
            "report_draft": ("verksamhetsberattelse", unit_id, y) in ds.remaining,
            "goals": idx.by_unit_year.get((unit_id, y), []),
            "changes": urls.plan_changes(unit_id, y) if (unit_id, y) in ds.plans and (unit_id, y - 1) in ds.plans else None,
        } for y in reversed(years)]
        latest = results.latest_reported_year(ds, [unit_id])
        pages.append(Page(urls.unit(unit_id), unit.namn, "enhet.html",
                          {"unit": unit, "unit_id": unit_id, "board": board, "board_url": urls.board(unit.namnd),
                           "per_year": per_year,
                           "results": results.results(ds, idx, [unit_id], latest, "enhetens") if latest else None,
                           "results_url": urls.document(unit_id, latest, "verksamhetsberattelse") if latest else None,
                           "indicators_url": urls.unit_indicators(unit_id) if any(
                               b.indikatorer for docs in ds.unit_years(unit_id).values() for doc in docs if doc
                               for b in doc.mal) else None,
                           "complaints_url": urls.complaints(unit_id) if any(
                               r and r.klagomal for _, r in ds.unit_years(unit_id).values()) else None},
                          f"{unit.namn}, {board.forvaltning}: verksamhetsplaner och verksamhetsberättelser.",
                          [src[("enhet", unit_id)]], reads=UNIT(unit_id)))
    return unit_nav



def _area_key(area_id: str) -> tuple:
    return tuple(int(x) if x.isdigit() else x for x in area_id.split("."))


def _board_areas(ds: Dataset, board_id: str) -> list[m.AreaGoal]:
    """A förvaltning's service areas, from the data: the KF goals for a verksamhetsområde that its
    nämndmål of any year are under, each as the latest year defines it."""
    found: dict[str, m.AreaGoal] = {}
    for (b, year), goals in sorted(ds.board_years.items(), key=lambda kv: kv[0][1]):
        if b != board_id:
            continue
        for g in goals.namndmal:
            area = ds.area_goal(year, g.kf_mal)
            if area is not None:
                found[area.id] = area
    return [found[k] for k in sorted(found, key=_area_key)]


def _area_pages(c: _Planning) -> None:
    """A way in by district and service: per förvaltning and service area, the area's nämndmål and
    how their unit goals went, year by year; its indicators over the years; its units."""
    ds, idx, pages = c.ds, c.idx, c.pages
    for board_id, board in ds.boards.items():
        if not c.wants(BOARD(board_id)):
            continue
        unit_ids = sorted((u for u, unit in ds.units.items() if unit.namnd == board_id), key=lambda u: ds.units[u].namn.lower())
        for area in _board_areas(ds, board_id):
            years = []
            for year in sorted({y for (b, y) in ds.board_years if b == board_id}, reverse=True):
                goals = [views.board_goal_view(ds, idx, year, board_id, g.id)
                         for g in ds.board_years[(board_id, year)].namndmal if g.kf_mal == area.id]
                if goals:
                    years.append({"year": year, "area_url": urls.area_goal(year, area.id),
                                  "goals_url": urls.board_goals(year, board_id),
                                  "board_goals": goals, "goal_count": sum(len(g.unit_goals) for g in goals),
                                  "fulfilment": views.fulfilment([u for g in goals for u in g.unit_goals])})
            indicators = []
            definitions = {d.id: d for y in sorted(ds.cities) for d in ds.cities[y].indikatorer if d.kf_mal == area.id}
            for ind_id, d in sorted(definitions.items(), key=lambda kv: kv[1].namn.lower()):
                rows = []
                for year in sorted(ds.years, reverse=True):
                    found = [views.report_row(ds, u, year, r) for u in unit_ids
                             for r in ([ds.indicator_row("verksamhetsberattelse", u, year, ind_id)]
                                       if (u, year) in ds.reports else []) if r is not None and r.utfall is not None]
                    if found:
                        t = [r for r in found if r.vs_target in (outcomes.MET, outcomes.NOT_MET)]
                        k = [r for r in found if r.vs_kf in (outcomes.MET, outcomes.NOT_MET)]
                        rows.append({"year": year, "url": urls.indicator_year(ind_id, year) if year != max(
                                         y for y, c in ds.cities.items() if any(i.id == ind_id for i in c.indikatorer))
                                     else urls.indicator(ind_id),
                                     "reported": len(found),
                                     "met_target": sum(r.vs_target == outcomes.MET for r in t), "judged_target": len(t),
                                     "met_kf": sum(r.vs_kf == outcomes.MET for r in k), "judged_kf": len(k)})
                if rows:
                    indicators.append({"name": d.namn, "url": urls.indicator(ind_id), "rows": rows})
            units = [(ds.units[u].namn, urls.unit(u)) for u in unit_ids
                     if any(b.kf_mal == area.id for (uu, y), plan in ds.plans.items() if uu == u for b in plan.mal)]
            pages.append(Page(urls.board_area(board_id, area.id), f"{area.id} {area.titel} – {board.forvaltning}",
                              "omrade.html",
                              {"board": board, "board_url": urls.board(board_id), "area": area, "years": years,
                               "indicators": indicators, "units": units},
                              f"{board.forvaltning}: målen för verksamhetsområdet {area.id}, hur enheternas mål "
                              f"uppfylldes, indikatorerna över åren och enheterna.",
                              [ds.sources[("namnd", board_id)]], reads=BOARD(board_id)))


def _unit_year_pages(c: _Planning) -> None:
    """A unit's year (enheter/<enhet>/<år>/) and its goals that year (…/mal/): the addresses above
    its documents and goals are pages too."""
    ds, idx, pages = c.ds, c.idx, c.pages
    for unit_id, unit in ds.units.items():
        if not c.wants(UNIT(unit_id)):
            continue
        for year, (plan, report) in ds.unit_years(unit_id).items():
            goals = idx.by_unit_year.get((unit_id, year), [])
            ctx = {"unit": unit, "unit_url": urls.unit(unit_id), "year": year, "goals": goals,
                   "plan": urls.document(unit_id, year, "verksamhetsplan") if plan else None,
                   "report": urls.document(unit_id, year, "verksamhetsberattelse") if report else None,
                   "changes": urls.plan_changes(unit_id, year) if plan and (unit_id, year - 1) in ds.plans else None,
                   "goals_url": urls.unit_year_goals(unit_id, year),
                   "results": results.results(ds, idx, [unit_id], year, "enhetens") if report else None}
            pages.append(Page(urls.unit_year(unit_id, year), f"{year} – {unit.namn}", "enhet_ar.html",
                              {**ctx, "goals_only": False},
                              f"{unit.namn} {year}: verksamhetsplan, verksamhetsberättelse och enhetsmål.",
                              [ds.sources[("enhet", unit_id)]], reads=UNIT(unit_id)))
            pages.append(Page(urls.unit_year_goals(unit_id, year), f"Enhetsmål {year} – {unit.namn}", "enhet_ar.html",
                              {**ctx, "goals_only": True},
                              f"{unit.namn}s enhetsmål {year} och hur de uppfylldes.",
                              [ds.sources[("enhet", unit_id)]], reads=UNIT(unit_id)))


def _document_pages(c: _Planning) -> None:
    """Each plan and report, with its downloads."""
    ds, idx, pages, downloads, src, city_src = c.ds, c.idx, c.pages, c.downloads, c.ds.sources, c.city_src
    todo = []
    for kind, docs in (("verksamhetsplan", ds.plans), ("verksamhetsberattelse", ds.reports)):
        for (unit_id, year), doc in sorted(docs.items()):
            unit = ds.units[unit_id]
            listed = c.board_files.setdefault(unit.namnd, {})  # the board's open data page lists its files
            if c.wants(UNIT(unit_id)) or (c.wants(BOARD(unit.namnd)) and (kind, unit_id, year) not in listed):
                todo.append((unit_id, year, kind, doc))
    for (unit_id, year, kind, doc), files in zip(todo, exports.document_downloads(ds, todo, c.memo, c.open_data.licence)):
        docs = ds.plans if kind == "verksamhetsplan" else ds.reports
        unit = ds.units[unit_id]
        wanted = c.wants(UNIT(unit_id))
        listed = c.board_files[unit.namnd]
        board = ds.boards[unit.namnd]
        other_kind = "verksamhetsberattelse" if kind == "verksamhetsplan" else "verksamhetsplan"
        other = (ds.reports if other_kind == "verksamhetsberattelse" else ds.plans).get((unit_id, year))
        doc_downloads = [replace(d, reads=UNIT(unit_id)) for d in files]
        downloads.extend(doc_downloads)
        listed[(kind, unit_id, year)] = (year, unit.namn, urls.KIND_TITLES[kind],
                                         [(d.title, d.label, d.path, d.media_type, len(d.content)) for d in doc_downloads],
                                         doc.huvud.datum.isoformat() if doc.huvud.datum else None)
        if not wanted:
            continue
        prev_doc = docs.get((unit_id, year - 1))
        next_doc = docs.get((unit_id, year + 1))
        ctx = {
            "kind": kind, "kind_title": urls.KIND_TITLES[kind], "year": year,
            "unit": unit, "unit_id": unit_id, "unit_url": urls.unit(unit_id), "board": board,
            "doc": doc, "head_date": fmt.date(doc.huvud.datum),
            "directions": views.document_directions(ds, idx, unit_id, year, doc),
            "other_url": urls.document(unit_id, year, other_kind) if other else None,
            "other_title": f"{urls.KIND_TITLES[other_kind]} {year}",
            "prev_url": urls.document(unit_id, year - 1, kind) if prev_doc else None,
            "next_url": urls.document(unit_id, year + 1, kind) if next_doc else None,
            "year_url": urls.year(year),
            "complaints": views.complaints(doc.klagomal) if isinstance(doc, m.Report) else [],
            "downloads": [(d.label, d.path) for d in doc_downloads],
            "open_data_url": urls.open_data(),
            "draft": _draft_items(ds, (kind, unit_id, year), ("stad", year), ("namndar", unit.namnd, year)),
            "results": results.results(ds, idx, [unit_id], year, "enhetens") if kind == "verksamhetsberattelse" else None,
        }
        sources = [src[(kind, unit_id, year)], src[("namndar", unit.namnd, year)]] + city_src(year)
        if kind == "verksamhetsberattelse":
            sources.insert(1, src[("verksamhetsplan", unit_id, year)])
        title = _doc_title(kind, year, unit) + (" (utkast)" if ctx["draft"] else "")
        pages.append(Page(urls.document(unit_id, year, kind), title, "dokument.html", ctx,
                          f"{urls.KIND_TITLES[kind]} {year} för {unit.namn}, {board.forvaltning}.", sources,
                          reads=UNIT(unit_id)))


def _draft_items(ds: Dataset, key: tuple, *shared: tuple) -> list[str]:
    """What is left to fill in a draft document, for its readers; empty for a finished one."""
    items = [r.label for r in ds.remaining.get(key, [])]
    if items:
        names = {"stad": "KF:s mål och indikatorer för året", "namndar": "Nämndens mål för året"}
        items += [f"{names[k[0]]} är också ett utkast" for k in shared if k in ds.remaining]
    return items


def _complaint_pages(c: _Planning) -> None:
    """Complaints over time, per unit."""
    ds, pages, src = c.ds, c.pages, c.ds.sources
    for unit_id, unit in ds.units.items():
        if not c.wants(UNIT(unit_id)):
            continue
        reports = {y: r for y, (_, r) in ds.unit_years(unit_id).items() if r}
        trend = views.complaint_trend(reports)
        if trend is None:
            continue
        pages.append(Page(urls.complaints(unit_id), f"Synpunkter, klagomål och avvikelser – {unit.namn}", "klagomal.html",
                          {"unit": unit, "unit_url": urls.unit(unit_id), "trend": trend,
                           "charts": [{"group": group,
                                       "chart": charts.bar_chart([p.upper() for _ in trend.years for p in m.PERIODS], list(totals),
                                                                 tuple((str(y), len(m.PERIODS)) for y in trend.years)),
                                       "description": f"{group}: " + ", ".join(
                                           f"{label} {charts.MISSING if t is None else fmt.number(t)}"
                                           for label, t in zip(trend.period_labels, totals)) + "."}
                                      for group, totals in trend.group_totals],
                           "reports": [(y, urls.document(unit_id, y, "verksamhetsberattelse")) for y in trend.years]},
                          f"{unit.namn}: synpunkter, klagomål och avvikelser per kategori och period över åren.",
                          [src[("verksamhetsberattelse", unit_id, y)] for y in trend.years], reads=UNIT(unit_id)))



def _plan_change_pages(c: _Planning) -> None:
    """Year over year: each plan against the unit's previous plan."""
    ds, pages, src = c.ds, c.pages, c.ds.sources
    for (unit_id, year), plan in sorted(ds.plans.items()):
        before = ds.plans.get((unit_id, year - 1))
        if before is None or not c.wants(UNIT(unit_id)):
            continue
        unit = ds.units[unit_id]
        pages.append(Page(urls.plan_changes(unit_id, year), f"Förändringar i verksamhetsplanen {year} – {unit.namn}",
                          "forandringar.html",
                          {"unit": unit, "unit_url": urls.unit(unit_id), "year": year,
                           "plan_url": urls.document(unit_id, year, "verksamhetsplan"),
                           "old_plan_url": urls.document(unit_id, year - 1, "verksamhetsplan"),
                           "unit_id": unit_id,
                           "cmp": Later(compare.compare_plans, before, plan)},
                          f"Vad som har ändrats i {unit.namn}s verksamhetsplan {year} jämfört med {year - 1}.",
                          [src[("verksamhetsplan", unit_id, year)], src[("verksamhetsplan", unit_id, year - 1)]],
                          reads=UNIT(unit_id)))



def _goal_pages(c: _Planning) -> list[NavNode]:
    """Goals at every level for every year, and each unit goal's own page."""
    ds, idx, pages, src, city_src = c.ds, c.idx, c.pages, c.ds.sources, c.city_src
    goal_nav: list[NavNode] = []
    for year in ds.years:
        goal_nav.append(NavNode(str(year), urls.goals(year)))
        if not c.wants(YEAR(year)):
            continue
        city = ds.cities[year]
        boards_this_year = sorted(b for (b, y) in ds.board_years if y == year)
        tree = []
        for d in city.inriktningsmal:
            areas = []
            for a in city.mal_for_verksamhetsomradet:
                if a.direction_id != d.id:
                    continue
                bgs = [views.board_goal_view(ds, idx, year, b, g.id)
                       for b in boards_this_year for g in ds.board_years[(b, year)].namndmal if g.kf_mal == a.id]
                inds = [views.indicator_view(i) for i in city.indikatorer if i.kf_mal == a.id]
                below = [g for bg in bgs for g in bg.unit_goals]
                areas.append({"goal": a, "url": urls.area_goal(year, a.id), "board_goals": bgs, "indicators": inds,
                              "fulfilment": views.fulfilment(below)})
            below = [g for a in areas for bg in a["board_goals"] for g in bg.unit_goals]
            tree.append({"goal": d, "url": urls.direction_goal(year, d.id), "areas": areas,
                         "fulfilment": views.fulfilment(below)})
        boards = {b: ds.boards[b] for b in boards_this_year}
        # The city's results are the förvaltningar's added up; each figure leads to their table.
        units_of = {b: [u for u, unit in ds.units.items() if unit.namnd == b] for b in boards_this_year}
        per_board = [(b, results.results(ds, idx, units_of[b], year, "förvaltningens")) for b in boards_this_year]
        before = results.combine(year - 1, [r.before for _, r in per_board if r.before])
        city = results.Results(results.combine(year, [r.now for _, r in per_board]), before if before.reports else None,
                               "stadens")
        pages.append(Page(urls.goals(year), f"Mål {year}", "mal.html",
                          {"year": year, "tree": tree, "boards": boards, "results": city,
                           "per_board": [(ds.boards[b].forvaltning, urls.board_goals(year, b), r.now) for b, r in per_board]},
                          f"Målen {year} från kommunfullmäktige ned till varje enhet.",
                          city_src(year) + [src[("namndar", b, year)] for b in boards_this_year], reads=YEAR(year)))
        for b, r in per_board:
            if ds.scope and not units_of[b]:
                continue
            pages.append(Page(urls.board_goals(year, b), f"{ds.boards[b].forvaltning}: mål och resultat {year}",
                              "mal_forvaltning.html",
                              {"year": year, "board": ds.boards[b], "board_url": urls.board(b), "results": r,
                               "goals": [(a["goal"], a["url"], [bg for bg in a["board_goals"] if bg.board_id == b])
                                         for d in tree for a in d["areas"]
                                         if any(bg.board_id == b for bg in a["board_goals"])]},
                              f"{ds.boards[b].forvaltning}s nämndmål {year} och hur enheternas mål uppfylldes.",
                              [src[("namndar", b, year)]], reads=YEAR(year)))
        for d in tree:
            # A preview keeps the goal pages that its units' goals are under; nothing else changes.
            if ds.scope and not any(bg.unit_goals for a in d["areas"] for bg in a["board_goals"]):
                continue
            pages.append(Page(d["url"], f"KF:s inriktningsmål {d['goal'].id}. {d['goal'].titel} ({year})",
                              "mal_inriktning.html", {"year": year, "node": d, "boards": boards, "goals_url": urls.goals(year)},
                              f"Kommunfullmäktiges inriktningsmål {d['goal'].id} {year} och målen under det.", city_src(year),
                              reads=YEAR(year)))
            for a in d["areas"]:
                if ds.scope and not any(bg.unit_goals for bg in a["board_goals"]):
                    continue
                pages.append(Page(a["url"], f"KF:s mål {a['goal'].id} {a['goal'].titel} ({year})", "mal_omrade.html",
                                  {"year": year, "node": a, "parent": d, "boards": boards, "goals_url": urls.goals(year)},
                                  f"Kommunfullmäktiges mål för verksamhetsområdet {a['goal'].id} {year}: nämndmål, enhetsmål och indikatorer.",
                                  city_src(year), reads=YEAR(year)))
                for bg in a["board_goals"]:
                    if ds.scope and not bg.unit_goals:
                        continue
                    pages.append(Page(bg.url, f"Nämndmål: {bg.goal.titel} ({year})", "mal_namnd.html",
                                      # Only the goals above, not their subtrees: a page's context is its cache key.
                                      {"year": year, "bg": bg, "board": ds.boards[bg.board_id],
                                       "area": {"goal": a["goal"], "url": a["url"]},
                                       "direction": {"goal": d["goal"], "url": d["url"]},
                                       "fulfilment": views.fulfilment(bg.unit_goals),
                                       "goals_url": urls.goals(year)},
                                      f"{ds.boards[bg.board_id].namn}s mål {year} och alla enhetsmål under det.",
                                      [src[("namndar", bg.board_id, year)]], reads=YEAR(year)))

    pages.append(Page(urls.all_goals(), "Mål", "mal_lista.html",
                      {"years": [(y, urls.goals(y)) for y in reversed(ds.years)]},
                      "Kommunfullmäktiges, nämndernas och enheternas mål, år för år."))
    for (unit_id, year), goals in idx.by_unit_year.items():
        if not c.wants(UNIT(unit_id)):
            continue
        for g in goals:
            board_id, nm_id = idx.board_goal_of[(unit_id, year, g.id)]
            bg = ds.board_goal(board_id, year, nm_id)
            area = ds.area_goal(year, bg.kf_mal)
            direction = ds.direction_goal(year, area.direction_id)
            sources = [src[("verksamhetsplan", unit_id, year)]]
            if g.report:
                sources.append(src[("verksamhetsberattelse", unit_id, year)])
            pages.append(Page(g.url, f"Enhetsmål: {g.title} – {g.unit_name} {year}", "mal_enhet.html",
                              {"year": year, "g": g, "unit_url": urls.unit(unit_id),
                               "board_goal": bg, "board_goal_url": urls.board_goal(year, board_id, nm_id),
                               "area": area, "area_url": urls.area_goal(year, area.id),
                               "direction": direction, "direction_url": urls.direction_goal(year, direction.id)},
                              f"Enhetsmål {year} för {g.unit_name}: plan, status och analys.", sources, reads=UNIT(unit_id)))
    return goal_nav



def _year_pages(c: _Planning) -> list[NavNode]:
    """A page per year and the list of years."""
    ds, pages, city_src = c.ds, c.pages, c.city_src
    year_nav = []
    for year in ds.years:
        docs_by_board: dict[str, list[dict]] = {}
        for unit_id, unit in sorted(ds.units.items(), key=lambda kv: kv[1].namn.lower()):
            plan_url = urls.document(unit_id, year, "verksamhetsplan") if (unit_id, year) in ds.plans else None
            report_url = urls.document(unit_id, year, "verksamhetsberattelse") if (unit_id, year) in ds.reports else None
            if plan_url or report_url:
                docs_by_board.setdefault(unit.namnd, []).append(
                    {"unit": unit, "url": urls.unit(unit_id), "plan": plan_url, "report": report_url})
        pages.append(Page(urls.year(year), f"År {year}", "ar.html",
                          {"year": year, "boards": {b: ds.boards[b] for b in docs_by_board}, "docs": docs_by_board,
                           "goals_url": urls.goals(year),
                           "prev_url": urls.year(year - 1) if year - 1 in ds.years else None,
                           "next_url": urls.year(year + 1) if year + 1 in ds.years else None},
                          f"Alla verksamhetsplaner och verksamhetsberättelser {year}.", city_src(year)))
        year_nav.append(NavNode(str(year), urls.year(year)))
    pages.append(Page(urls.years(), "År", "ar_lista.html",
                      {"years": [(y, urls.year(y)) for y in reversed(ds.years)]}, "Planer och berättelser per år."))
    return year_nav



def _indicator_pages(c: _Planning) -> list[NavNode]:
    """A page per indicator and year (every unit, one compact sortable row each), each unit's
    indicators over time on its own page, and the list of indicators.

    One year per page keeps a page's size bounded by the number of units (a row each), not by
    units x years: at 600 units x 8 years the one-page-for-all-years version would run to megabytes."""
    ds, pages, src = c.ds, c.pages, c.ds.sources
    definitions: dict[str, list[tuple[int, m.IndicatorDefinition]]] = {}
    for year, city in sorted(ds.cities.items()):
        for d in city.indikatorer:
            definitions.setdefault(d.id, []).append((year, d))
    units_sorted = sorted(ds.units.items(), key=lambda kv: kv[1].namn.lower())
    indicator_nav = []
    listing = []
    over_time: dict[str, list[dict]] = {}  # unit id -> its indicators over time
    for ind_id, per_year in sorted(definitions.items(), key=lambda kv: kv[1][-1][1].namn.lower()):
        latest = per_year[-1][1]
        years_view = []
        for year, d in reversed(per_year):
            view = views.indicator_view(d)
            rows = []
            for unit_id, unit in (units_sorted if c.wants(YEAR(year)) else ()):
                plan_row = ds.indicator_row("verksamhetsplan", unit_id, year, ind_id)
                rep_row = ds.indicator_row("verksamhetsberattelse", unit_id, year, ind_id)
                if plan_row or rep_row:
                    rows.append({
                        "unit": unit.namn, "url": urls.unit_indicators(unit_id) + "#" + ind_id,
                        "board": ds.boards[unit.namnd].forvaltning,
                        "target": (view.value(plan_row.arsmal) if plan_row else "") or (view.value(rep_row.arsmal) if rep_row else ""),
                        "outcome": view.value(rep_row.utfall) if rep_row else "",
                        "men": view.value(rep_row.utfall_man) if rep_row else "",
                        "women": view.value(rep_row.utfall_kvinnor) if rep_row else "",
                        "previous": view.value(rep_row.utfall_foregaende_ar) if rep_row else "",
                        "period": rep_row.period or "" if rep_row else "",
                    })
            area = ds.area_goal(year, d.kf_mal)
            years_view.append({"year": year, "view": view, "area": area, "area_url": urls.area_goal(year, area.id),
                               "rows": rows, "url": urls.indicator(ind_id) if not years_view else urls.indicator_year(ind_id, year),
                               "source": src[("stad", year)]})
        any_unit = False
        for unit_id, unit in units_sorted:
            if not c.wants(UNIT(unit_id)):
                continue
            points = outcomes.series(ds, unit_id, ind_id)
            if not points:
                continue
            any_unit = True
            years = [p.year for p in points]
            chart = charts.line_chart(years, [
                ("Utfall", "utfall", [p.outcome for p in points], False),
                ("Enhetens årsmål", "arsmal", [p.target for p in points], True),
                ("KF:s årsmål", "kf", [p.kf_target for p in points], True),
            ], latest.enhet) if any(p.outcome is not None for p in points) else None
            described = "; ".join(f"{p.year}: utfall {fmt.quantity(p.outcome, latest.enhet) or 'saknas'}"
                                  + (f", årsmål {fmt.quantity(p.target, latest.enhet)}" if p.target is not None else "")
                                  for p in points)
            over_time.setdefault(unit_id, []).append({
                "id": ind_id, "name": latest.namn, "url": urls.indicator(ind_id), "chart": chart, "description": described,
                "rows": [{"year": p.year, "outcome": fmt.quantity(p.outcome, latest.enhet),
                          "target": fmt.quantity(p.target, latest.enhet), "kf": fmt.quantity(p.kf_target, latest.enhet),
                          "men": fmt.quantity(p.men, latest.enhet), "women": fmt.quantity(p.women, latest.enhet),
                          "source": p.source,
                          "verdict": outcomes.judge(p.outcome, p.target, latest.riktning)} for p in points],
                "gender": any(p.men is not None or p.women is not None for p in points),
                "years": years,
            })
        if ds.scope and not any_unit:
            continue
        direction = {"hogre": "Högre värde är bättre.", "lagre": "Lägre värde är bättre."}.get(latest.riktning or "", "")
        year_links = [(y["year"], y["url"]) for y in years_view]
        for y in years_view:
            if not c.wants(YEAR(y["year"])):
                continue
            title = latest.namn if y["url"] == urls.indicator(ind_id) else f"{latest.namn} {y['year']}"
            pages.append(Page(y["url"], title, "indikator.html",
                              {"name": latest.namn, "y": y, "year_links": year_links, "direction": direction},
                              f"Indikatorn {latest.namn} {y['year']}: varje enhets årsmål och utfall.", [y["source"]],
                              reads=YEAR(y["year"])))
        listing.append({"name": latest.namn, "url": urls.indicator(ind_id), "area": latest.kf_mal,
                        "unit": latest.enhet or "", "periodicity": latest.periodicitet})
        indicator_nav.append(NavNode(latest.namn, urls.indicator(ind_id)))
    pages.append(Page(urls.indicators(), "Indikatorer", "indikatorer.html", {"indicators": listing},
                      "Alla indikatorer med enheternas årsmål och utfall."))
    for unit_id, indicators in over_time.items():
        unit = ds.units[unit_id]
        years = sorted({y for i in indicators for y in i["years"]})
        sources = [src[("enhet", unit_id)]] + [src[(k, unit_id, y)] for y in years
                                                for k in ("verksamhetsplan", "verksamhetsberattelse") if (k, unit_id, y) in src]
        pages.append(Page(urls.unit_indicators(unit_id), f"Indikatorer över tid – {unit.namn}", "enhet_indikatorer.html",
                          {"unit": unit, "unit_url": urls.unit(unit_id), "indicators": indicators},
                          f"{unit.namn}: utfall och årsmål för varje indikator över åren.", sources, reads=UNIT(unit_id)))
    return indicator_nav



def _open_data_page(c: _Planning) -> None:
    """The open data page (licence, formats, the catalogue, JSON Schemas) and one page per förvaltning
    with its documents' files: a list of every file would grow with the city (megabytes at 600 units)."""
    ds, pages, downloads, licence = c.ds, c.pages, c.downloads, c.open_data
    schemas = []
    for kind in schema.FILE_KINDS:
        d = exports.Download(urls.file_schema(kind), f"Nedladdad fil: {urls.KIND_TITLES[kind].lower()}",
                             "application/schema+json", schema.file_schema_text(kind).encode("utf-8"))
        downloads.append(d)
        schemas.append((d.title, d.path, d.media_type, len(d.content)))
    for kind in schema.KINDS:
        d = exports.Download(urls.schema_file(kind), f"Datafil (YAML): {kind}", "application/schema+json",
                             schema.schema_text(kind).encode("utf-8"))
        downloads.append(d)
        schemas.append((d.title, d.path, d.media_type, len(d.content)))
    boards = []
    for board_id in sorted(c.board_files, key=lambda b: ds.boards[b].forvaltning):
        board = ds.boards[board_id]
        docs = sorted(c.board_files[board_id].values(), key=lambda d: (-d[0], d[1].lower(), d[2]))
        by_year: dict[int, list[tuple]] = {}
        for year, unit_name, kind_title, files, _ in docs:
            by_year.setdefault(year, []).append((unit_name, kind_title, files))
        boards.append((board.forvaltning, urls.open_data_board(board_id), len(docs)))
        pages.append(Page(urls.open_data_board(board_id), f"Öppna data – {board.forvaltning}", "oppna_data_namnd.html",
                          {"board": board, "by_year": by_year, "open_data_url": urls.open_data(),
                           "licence": licence.licens, "licence_url": licence.licens_sida},
                          f"{board.forvaltning}: planer och berättelser som JSON och deras tabeller som CSV och Excel.",
                          [ds.sources[("namnd", board_id)]], reads=BOARD(board_id)))
    pages.append(Page(urls.open_data(), "Öppna data", "oppna_data.html",
                      {"boards": boards, "schemas": schemas, "catalogue_url": urls.catalogue(),
                       "catalogue_address": licence.katalog,
                       "licence": licence.licens, "licence_url": licence.licens_sida},
                      "Alla planer och berättelser som JSON och deras tabeller som CSV och Excel, fria att använda, och katalogen för dataportal.se."))
