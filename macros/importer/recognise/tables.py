"""The tables under a KF goal: indicators (a row of values per indicator, matched to the year's
definitions by name, a draft definition for one the year lacks) and a nämndmål's activities."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ...model import model as m
from ..blocks import Block, key
from ..shared import Shared, similar
from .drafts import Activity, AreaBlock, IndicatorRow, NewBoardGoal, NewIndicator
from .state import Reading
from .words import REPORT, number, slug


def join_indicator_names(blocks: list[Block], shared: Shared) -> list[Block]:
    """An indicator's name cell cut by a page break into rows of its own ("Aktivt" / "Medskapandeindex"):
    the rows joined when together, and only together, they name one of the year's indicators."""
    out: list[Block] = []
    for b in blocks:
        prev = next((x for x in reversed(out) if x.kind != "noise"), None)
        if (b.kind == "row" and prev is not None and prev.kind == "row" and b.cells[:1] and b.cells[0]
                and not any(b.cells[1:]) and prev.cells[:1] and prev.cells[0]
                and shared.indicator(prev.cells[0]) is None and shared.indicator(b.cells[0]) is None
                and shared.indicator(prev.cells[0] + " " + b.cells[0]) is not None):
            prev.cells = [prev.cells[0] + " " + b.cells[0]] + prev.cells[1:]
            prev.text = "\t".join(prev.cells)
            continue
        out.append(b)
    return out


@dataclass
class Table:
    kind: str  # "indicator" or "activity"
    columns: list[str] = field(default_factory=list)  # keys of the header's cells


class Tables:
    def __init__(self, r: Reading):
        self.r = r
        self.table: Optional[Table] = None  # the table being read
        self.last_indicator: Optional[IndicatorRow] = None
        self.last_indicator_name = ""
        self.new_indicators: list[NewIndicator] = []  # definitions the year's shared file lacks

    def start(self, b: Block, area: Optional[AreaBlock]):
        """A table's header row (Indikator … or Aktivitet …)."""
        if key(b.cells[0]) == "indikator":
            self.table = Table("indicator", [key(c) for c in b.cells])
            # The header repeated after a page break is noise.
            self.r.noise(b.text) if area is not None and area.indikatorer else self.r.structure(b.text)
        else:
            self.table = Table("activity")
            self.r.structure(b.text)

    def analysis(self, t: str) -> bool:
        """A line "Analys …" after an indicator's row: that indicator's analysis."""
        if not (key(t).startswith("analys") and self.last_indicator is not None and self.table and self.table.kind == "indicator"):
            return False
        self.last_indicator.analys = t[len("Analys"):].strip() + "\n"
        self.r.c.structure_texts.append("Analys")
        self.r.placed(t)
        return True

    def row(self, b: Block, area: Optional[AreaBlock], new_board: Optional[NewBoardGoal], board_def: Optional[m.BoardGoal]):
        r, cells = self.r, b.cells
        if self.table and self.table.kind == "activity" and new_board is not None:
            dates = [c for c in cells[1:] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", c)]
            if len(dates) == 2:
                new_board.aktiviteter.append(Activity(cells[0], dates[0], dates[1]))
                r.placed(b.text)
            else:
                r.unplaced(b, "aktivitet utan start- och slutdatum")
            return
        if self.table and self.table.kind == "activity":
            acts = board_def.aktiviteter if board_def else []
            if any(similar(cells[0], a.aktivitet) > 0.9 for a in acts):
                r.matched(b.text)
            else:
                r.unplaced(b, "aktiviteten finns inte under nämndmålet i nämndens fil")
            return
        if self.table and self.table.kind == "indicator":
            self.indicator_row(b, area)
            return
        r.unplaced(b, "tabellrad utan känd tabellrubrik")

    def indicator_row(self, b: Block, area: Optional[AreaBlock]):
        r = self.r
        cols = self.table.columns
        cells = b.cells + [""] * (len(cols) - len(b.cells))
        name = cells[0]
        rest = [c for c in cells[1:] if c]
        if not rest and name.startswith("Analys ") and self.last_indicator is not None:
            self.last_indicator.analys = name[len("Analys "):].strip() + "\n"
            r.c.structure_texts.append("Analys")
            r.placed(name)
            return
        if self.last_indicator is not None and not rest and name[:1].islower():
            # The name's cell wrapped onto the next page: join and match again.
            full = self.last_indicator_name + " " + name
            new = next((n for n in self.new_indicators if n.id == self.last_indicator.indikator), None)
            if new is not None:
                new.namn = full
                self.last_indicator_name = full
                r.placed(b.text)
                return
            d = r.shared.indicator(full)
            if d and d.id == self.last_indicator.indikator:
                r.matched(b.text)
                return
        d = r.shared.indicator(name)
        if area is None:  # no KF goal for a verksamhetsområde above it: nowhere to put the row
            r.unplaced(b, "indikatorraden står före målet för verksamhetsområdet" if d else
                       f"indikatorn finns inte i {r.shared.stad_path}")
            return
        if d is None:
            ind_id = self.new_indicator(name, cols, cells, area).id
            r.notes.append(f"indikator '{name[:60]}' (utkast skrivet i {r.shared.stad_path})")
        else:
            ind_id = d.id
        row = IndicatorRow(ind_id)
        for n, cell in enumerate(cells[1:], start=1):
            col = cols[n] if n < len(cols) else ""
            field_ = self.indicator_field(col)
            if field_ and cell:
                if field_ == "period":
                    row.period = cell
                else:
                    v = number(cell)
                    if v is not None:
                        setattr(row, field_, v)
                    else:
                        r.unplaced(b, f"värdet i kolumnen {col or n + 1} är inget tal", cell)
            elif cell and not col.startswith(("kfs", "periodicitet")):
                # KF's target and the periodicity belong to the indicator's definition; anything else
                # in a column not read is listed, never dropped.
                r.unplaced(b, f"kolumnen '{col or n + 1}' i indikatortabellen kunde inte tolkas", cell)
        area.add_indicator(row)
        self.last_indicator, self.last_indicator_name = row, name
        r.placed(b.text)

    def new_indicator(self, name: str, cols: list[str], cells: list[str], area: AreaBlock) -> NewIndicator:
        """A draft definition for an indicator the year's shared file lacks, from its table row."""
        shared = self.r.shared
        taken = {d.id for d in (shared.city.indikatorer if shared.city else [])} | {n.id for n in self.new_indicators}
        d = NewIndicator(slug(name, taken), name, area.kf_mal)
        for col, cell in zip(cols[1:], cells[1:]):
            if "%" in cell:
                d.enhet = "%"
            if col.startswith("periodicitet") and cell in ("År", "Tertial"):
                d.periodicitet = cell
            if col.startswith("kfs") and cell:
                flat = cell.replace("/s tyrelse", "/styrelse")
                if flat.startswith("Tas fram av nämnd/styrelse"):
                    d.kf_arsmal = "Tas fram av nämnd/styrelse"
                elif flat.startswith("Tas fram av nämnd"):
                    d.kf_arsmal = "Tas fram av nämnd"
                elif number(cell) is not None:
                    d.kf_arsmal = number(cell)
        self.new_indicators.append(d)
        return d

    def indicator_field(self, col: str) -> Optional[str]:
        """The field of a report's or plan's indicator row that a column holds, if any."""
        if col.startswith("kfs"):
            return None  # KF's target and periodicity live in the indicator's definition
        if col in ("årsmål", "arsmål", "arsmal"):
            return "arsmal"
        if col.startswith("periodensutfall") or col == "utfall":
            return "utfall" if self.r.kind == REPORT else None
        if col.startswith("utfallmän"):
            return "utfall_man"
        if col.startswith("utfallkvinnor"):
            return "utfall_kvinnor"
        if col.startswith("utfallvb") or col.startswith("utfallföregående"):
            return "utfall_foregaende_ar"
        if col == "period":
            return "period" if self.r.kind == REPORT else None
        return None
