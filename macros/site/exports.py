"""Open data: each document as JSON and its tables as CSV and XLSX, made from the same model as the pages.

Files are named for what they hold (`<enhet>-<år>-<dokument>[-<tabell>].<format>`), so a downloaded
file still says what it is among others in a downloads folder.

CSV, for programs: RFC 4180 (comma between fields, decimal point, CRLF), UTF-8 with a byte-order
mark. The mark is what makes Excel read UTF-8 (without it å/ä/ö come out garbled); readers that
know CSV skip it (Python's "utf-8-sig", pandas, R). The separator stays a comma and decimals a point,
as RFC 4180 and every CSV reader without settings expect: a Swedish Excel, whose list separator is
the semicolon, puts a comma-separated row into one column, and a semicolon file would in turn be
wrong for every program and for Excel in other locales. People with Excel get the same table as an
.xlsx beside it instead, numbers stored as numbers, which opens right in any locale.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass
from typing import Callable
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from ..build import workers
from ..model import model as m
from . import urls
from ..model.load import Dataset

# The default licence (mkdocs.yml `extra: oppna_data: licens` sets another): DIGG recommends CC0 for
# data without copyright. The URI is the one licence vocabularies (and dataportal.se) know.
LICENCE = "CC0 1.0 Universell (fri att använda utan villkor)"
LICENCE_URI = "http://creativecommons.org/publicdomain/zero/1.0/"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.sv"

JSON, CSV, XLSX = "application/json", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Download:
    path: str  # relative to the site root
    title: str
    media_type: str
    content: bytes
    reads: tuple = ()  # as pages.Page.reads: whose documents it is made from
    label: str = ""  # what a link to it says, in Swedish words ("Indikatorer (Excel)")


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
    return out.getvalue().encode("utf-8-sig")  # with the byte-order mark (see the module's docstring)


class _SameBytes(ZipFile):
    """A zip whose members carry a fixed time: the same table gives the same .xlsx on every build
    (openpyxl stamps members with the clock), so incremental builds and the cache can tell it unchanged."""

    _TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold

    def writestr(self, name, data, compress_type=None, compresslevel=None):
        if isinstance(name, str):
            name = ZipInfo(name, date_time=self._TIME)
            name.compress_type = ZIP_DEFLATED
        super().writestr(name, data, compress_type, compresslevel)



class _InMemory(ExcelWriter):
    """openpyxl's writer, with each sheet written to memory: it writes a sheet to a temporary file,
    then reads and removes it. Measured on a busy two-core machine, a table of 8 rows took 9 to 14 ms
    (3,4 ms of CPU) that way and 6 ms (2,8 ms of CPU) this way. Follows openpyxl 3.1's
    ExcelWriter.write_worksheet (pinned in pyproject.toml)."""

    def write_worksheet(self, ws):  # as ExcelWriter.write_worksheet (openpyxl 3.1), for a workbook in memory
        out = io.BytesIO()
        writer = WorksheetWriter(ws, out=out)
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], out.getvalue())
        self.manifest.append(ws)


def _xlsx(sheet: str, header: list[str], rows: list[list], date: "datetime.date | None" = None) -> bytes:
    """The table as a workbook: a bold header row, numbers as numbers, every text a text.

    Texts are written as strings whatever they start with (openpyxl would take "=..." for a
    formula): a cell stored as a string is never evaluated, so no apostrophe is needed here.
    `date`: the document's, as the workbook's (not the build's time: see _SameBytes)."""
    wb = Workbook()
    when = datetime.datetime.combine(date or datetime.date(1980, 1, 1), datetime.time())
    wb.properties.created = wb.properties.modified = when
    ws = wb.active
    ws.title = sheet
    for values in [header, *rows]:
        ws.append(values)
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str):
                c.data_type = "s"
    bold = Font(bold=True)
    for c in ws[1]:
        c.font = bold
    out = io.BytesIO()
    _InMemory(wb, _SameBytes(out, "w", ZIP_DEFLATED)).save()  # as Workbook.save, less its clock and files
    return out.getvalue()


def _table(base: str, name: str, title: str, label: str, sheet: str, header: list[str], rows: list[list],
           date: "datetime.date | None") -> list[Download]:
    """A table as CSV and, beside it under the same name, as XLSX."""
    return [Download(f"{base}{name}.csv", f"{title} (CSV)", CSV, _csv(header, rows), label=f"{label} (CSV)"),
            Download(f"{base}{name}.xlsx", f"{title} (Excel)", XLSX, _xlsx(sheet, header, rows, date),
                     label=f"{label} (Excel)")]


def _number(v):
    return int(v) if isinstance(v, float) and v.is_integer() else v


def document_downloads(ds: Dataset, docs: list[tuple[str, int, str, m.Plan | m.Report]],
                       memo: Callable[..., list] | None = None, licence: tuple[str, str] = (LICENCE, LICENCE_URI)
                       ) -> list[list[Download]]:
    """Each document (unit id, year, kind, document) as JSON and its tables as CSV, made on every core
    (half of planning's time at 50 and 150 units). Made from the models it shows, named one by one,
    so that `memo` (the build cache's, macros/build/cache.py) can keep the files of an unchanged document."""
    calls = []
    for unit_id, year, kind, doc in docs:
        unit = ds.units[unit_id]
        plan = ds.plans.get((unit_id, year)) if kind == "verksamhetsberattelse" else None
        calls.append((unit_id, unit, ds.boards[unit.namnd], ds.cities[year], ds.board_years[(unit.namnd, year)], plan,
                      year, kind, doc, licence))
    if memo:
        return memo(document_files, calls)
    return workers.map(lambda args: document_files(*args), calls)


def document_json(unit_id: str, unit: m.Unit, board: m.Board, city: m.CityYear, board_year: m.BoardYear,
                  plan: m.Plan | None, year: int, kind: str, doc: m.Plan | m.Report,
                  licence: tuple[str, str] = (LICENCE, LICENCE_URI)) -> bytes:
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
        "licens": licence[0],
        "licens_uri": licence[1],
        # The file's own schema (schema.file_schema_text), from the file's folder.
        "schema": "../../../../" + urls.file_schema(kind),
    }
    if kind == "verksamhetsberattelse":
        data["enhetsmal_i_planen"] = [g.model_dump(mode="json") for b in plan.mal for n in b.namndmal for g in n.enhetsmal] if plan else []
    # Compact: the C encoder (indent makes json fall back to pure Python, 10x slower at city scale).
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def file_stem(unit_id: str, year: int, kind: str) -> str:
    """What a document's files are called before their table and format: `<enhet>-<år>-<dokument>`."""
    return f"{unit_id}-{year}-{kind}"


def document_files(unit_id: str, unit: m.Unit, board: m.Board, city: m.CityYear, board_year: m.BoardYear,
                   plan: m.Plan | None, year: int, kind: str, doc: m.Plan | m.Report,
                   licence: tuple[str, str] = (LICENCE, LICENCE_URI)) -> list[Download]:
    base = urls.document(unit_id, year, kind) + file_stem(unit_id, year, kind)
    title = f"{urls.KIND_TITLES[kind]} {year}, {unit.namn}"
    out = [Download(base + ".json", f"{title} (JSON)", JSON,
                    document_json(unit_id, unit, board, city, board_year, plan, year, kind, doc, licence),
                    label="Hela dokumentet (JSON)")]
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
        out += _table(base, "-indikatorer", f"{title}: indikatorer", "Indikatorer", "Indikatorer", header, rows, doc.huvud.datum)
    comp = [(s.rubrik, s.ersattningsnivaer) for s in _all_sections(doc.ekonomi) if s.ersattningsnivaer]
    if comp:
        rows = [[t.rubrik, g.rubrik, g.per, r.niva, _number(r.belopp), _number(r.foregaende), _number(r.belopp - r.foregaende)]
                for _, t in comp for g in t.grupper for r in g.rader]
        out += _table(base, "-ersattningsnivaer", f"{title}: ersättningsnivåer", "Ersättningsnivåer", "Ersättningsnivåer",
                      ["tabell", "grupp", "per", "niva", f"ersattning_{year}", f"ersattning_{year - 1}", "hojning_kr"], rows, doc.huvud.datum)
    if isinstance(doc, m.Report) and doc.klagomal:
        rows = [[g.uppdelning, c.namn, c.t1, c.t2, c.vb, c.total, c.sammanfattning] for g in doc.klagomal for c in g.kategorier]
        out += _table(base, "-klagomal", f"{title}: synpunkter och klagomål", "Synpunkter och klagomål", "Klagomål",
                      ["uppdelning", "kategori", "t1", "t2", "vb", "totalt", "sammanfattning"], rows, doc.huvud.datum)
    return out


def _all_sections(sections: list[m.Section]):
    for s in sections:
        yield s
        yield from _all_sections(s.avsnitt)
