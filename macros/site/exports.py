"""Open data: each document as JSON and its tables as CSV, made from the same model as the pages."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Callable

from ..build import workers
from ..model import model as m
from . import urls
from ..model.load import Dataset

LICENCE = "CC0 1.0 Universell (fri att använda utan villkor)"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.sv"


@dataclass(frozen=True)
class Download:
    path: str  # relative to the site root
    title: str
    media_type: str
    content: bytes
    reads: tuple = ()  # as pages.Page.reads: whose documents it is made from


# A text cell starting with one of these is read as a formula by spreadsheets (Excel, LibreOffice,
# Google Sheets): `=HYPERLINK(...)` from an editor's text, or pasted from Word, would run when a
# reader opens the file (CSV injection). OWASP's advice: such a cell gets a leading apostrophe, which
# spreadsheets show as text. Numbers are written as numbers, so a negative number stays one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV cell a spreadsheet will not evaluate: text that could start a formula gets a leading `'`."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([[safe_cell(v) for v in row] for row in rows])
    return out.getvalue().encode("utf-8")


def _number(v):
    return int(v) if isinstance(v, float) and v.is_integer() else v


def document_downloads(ds: Dataset, docs: list[tuple[str, int, str, m.Plan | m.Report]],
                       memo: Callable[..., list] | None = None) -> list[list[Download]]:
    """Each document (unit id, year, kind, document) as JSON and its tables as CSV, made on every core
    (half of planning's time at 50 and 150 units). Made from the models it shows, named one by one,
    so that `memo` (the build cache's, macros/build/cache.py) can keep the files of an unchanged document."""
    calls = []
    for unit_id, year, kind, doc in docs:
        unit = ds.units[unit_id]
        plan = ds.plans.get((unit_id, year)) if kind == "verksamhetsberattelse" else None
        calls.append((unit_id, unit, ds.boards[unit.namnd], ds.cities[year], ds.board_years[(unit.namnd, year)], plan,
                      year, kind, doc))
    if memo:
        return memo(document_files, calls)
    return workers.map(lambda args: document_files(*args), calls)


def document_json(unit_id: str, unit: m.Unit, board: m.Board, city: m.CityYear, board_year: m.BoardYear,
                  plan: m.Plan | None, year: int, kind: str, doc: m.Plan | m.Report) -> bytes:
    """The document with what it refers to (KF goals, nämndmål, indicators), so the file stands alone."""
    areas = {b.kf_mal for b in doc.mal}
    board_goal_ids = {n.id for b in doc.mal for n in b.namndmal}
    indicator_ids = {r.indikator for b in doc.mal for r in b.indikatorer}
    data = {
        "typ": kind,
        "ar": year,
        "enhet": {"id": unit_id, **unit.model_dump(mode="json")},
        "namnd": {"id": unit.namnd, **board.model_dump(mode="json")},
        "dokument": doc.model_dump(mode="json"),
        "kf_inriktningsmal": [g.model_dump(mode="json") for g in city.inriktningsmal
                              if any(a.split(".")[0] == g.id for a in areas)],
        "kf_mal_for_verksamhetsomradet": [g.model_dump(mode="json") for g in city.mal_for_verksamhetsomradet if g.id in areas],
        "namndmal": [g.model_dump(mode="json") for g in board_year.namndmal if g.id in board_goal_ids],
        "indikatorer": [i.model_dump(mode="json") for i in city.indikatorer if i.id in indicator_ids],
        "licens": LICENCE,
        "schema": "../../../../" + urls.schema_file(kind),
    }
    if kind == "verksamhetsberattelse":
        data["enhetsmal_i_planen"] = [g.model_dump(mode="json") for b in plan.mal for n in b.namndmal for g in n.enhetsmal] if plan else []
    # Compact: the C encoder (indent makes json fall back to pure Python, 10x slower at city scale).
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def document_files(unit_id: str, unit: m.Unit, board: m.Board, city: m.CityYear, board_year: m.BoardYear,
                   plan: m.Plan | None, year: int, kind: str, doc: m.Plan | m.Report) -> list[Download]:
    base = urls.document(unit_id, year, kind)
    title = f"{urls.KIND_TITLES[kind]} {year}, {unit.namn}"
    out = [Download(base + "data.json", f"{title} (JSON)", "application/json",
                    document_json(unit_id, unit, board, city, board_year, plan, year, kind, doc))]
    definitions = {i.id: i for i in city.indikatorer}
    rows = []
    for block in doc.mal:
        for r in block.indikatorer:
            d = definitions.get(r.indikator)
            kf = d.kf_arsmal if d else None
            if isinstance(r, m.PlanIndicator):
                rows.append([block.kf_mal, r.indikator, d.namn if d else "", d.enhet if d else "", _number(r.arsmal), _number(kf),
                             d.periodicitet if d else ""])
            else:
                rows.append([block.kf_mal, r.indikator, d.namn if d else "", d.enhet if d else "", _number(r.utfall),
                             _number(r.utfall_man), _number(r.utfall_kvinnor), _number(r.utfall_foregaende_ar),
                             _number(r.arsmal), _number(kf), r.period])
    if rows:
        header = ["kf_mal", "indikator", "namn", "enhet"] + (
            ["arsmal", "kf_arsmal", "periodicitet"] if kind == "verksamhetsplan" else
            ["utfall", "utfall_man", "utfall_kvinnor", f"utfall_{year - 1}", "arsmal", "kf_arsmal", "period"])
        out.append(Download(base + "indikatorer.csv", f"{title}: indikatorer (CSV)", "text/csv", _csv(header, rows)))
    comp = [(s.rubrik, s.ersattningsnivaer) for s in _all_sections(doc.ekonomi) if s.ersattningsnivaer]
    if comp:
        rows = [[t.rubrik, g.rubrik, g.per, r.niva, _number(r.belopp), _number(r.foregaende), _number(r.belopp - r.foregaende)]
                for _, t in comp for g in t.grupper for r in g.rader]
        out.append(Download(base + "ersattningsnivaer.csv", f"{title}: ersättningsnivåer (CSV)", "text/csv",
                            _csv(["tabell", "grupp", "per", "niva", f"ersattning_{year}", f"ersattning_{year - 1}", "hojning_kr"], rows)))
    if isinstance(doc, m.Report) and doc.klagomal:
        rows = [[g.uppdelning, c.namn, c.t1, c.t2, c.vb, c.total, c.sammanfattning] for g in doc.klagomal for c in g.kategorier]
        out.append(Download(base + "klagomal.csv", f"{title}: synpunkter och klagomål (CSV)", "text/csv",
                            _csv(["uppdelning", "kategori", "t1", "t2", "vb", "totalt", "sammanfattning"], rows)))
    return out


def _all_sections(sections: list[m.Section]):
    for s in sections:
        yield s
        yield from _all_sections(s.avsnitt)
