"""The goal tree: KF:s inriktningsmål and mål för verksamhetsområdet (matched to the year's city
file), nämndmål (matched to the board's file, or drafted there), enhetsmål with their labelled texts
and, in a report, their status. The tables under a goal are read by ``tables``."""

from __future__ import annotations

from typing import Optional

from ...model import model as m
from ..blocks import Block, key, sentences
from ..shared import Shared, sentence_keys, similar
from .drafts import AreaBlock, BoardGoalRef, NewBoardGoal, Text, UnitGoal
from .state import Reading
from .tables import Tables
from .words import AREA, BOARD, DIRECTION, LABELS, PARTS, PLAN, REPORT, STATUS, UNIT, ends_sentence, near, slug


def join_goal_headings(blocks: list[Block], shared: Shared) -> list[Block]:
    """A KF goal's heading wrapped onto a line of its own that starts in capitals ("…: 3.4 Medarbetare i"
    / "Stockholm ska ges …"): joined when that makes it the year's title of the goal."""
    out: list[Block] = []
    skip: set[int] = set()
    for n, b in enumerate(blocks):
        if n in skip:
            continue
        mt = DIRECTION.match(b.text) or AREA.match(b.text)
        goal = None
        if mt and b.kind == "text":
            goal = shared.direction_goal(mt.group(1)) if DIRECTION.match(b.text) else shared.area_goal(mt.group(1))
        if goal is not None:
            title, j = mt.group(2), n + 1
            while similar(title, goal.titel) < 0.9 and j < len(blocks) and j <= n + 4:
                nb = blocks[j]
                if nb.kind == "noise":
                    j += 1
                    continue
                if nb.kind != "text" or similar(title + " " + nb.text, goal.titel) <= similar(title, goal.titel):
                    break
                title = title + " " + nb.text
                b = Block(b.kind, b.text + " " + nb.text, b.where, level=b.level, bold=b.bold)
                skip.add(j)
                j += 1
        out.append(b)
    return out


class GoalTree:
    def __init__(self, r: Reading, tables: Tables):
        self.r, self.tables = r, tables
        self.areas: list[AreaBlock] = []
        self.goal_marks = 0  # goal headings seen: a document without any (or a letterhead) is refused
        self.ids: set[str] = set()  # unit goal ids given
        self.new_boards: list[NewBoardGoal] = []  # nämndmål the board's file lacks, written there as drafts
        # Where in the tree the walk is.
        self.area: Optional[AreaBlock] = None
        self.board: Optional[BoardGoalRef] = None
        self.board_def: Optional[m.BoardGoal] = None  # the nämndmål's entry in the board's file
        self.new_board: Optional[NewBoardGoal] = None
        self.unit: Optional[UnitGoal] = None
        self.unit_plan: Optional[m.PlanUnitGoal] = None  # a report's unit goal as its plan has it
        self.label: Optional[str] = None  # the labelled text being read: a field, or "board:" and one
        self.label_text: Optional[Text] = None

    def close_label(self):
        r = self.r
        if self.label and self.label_text is not None:
            md = self.label_text.markdown()
            if self.label.startswith("board:"):
                # Nämndmål texts are shared: counted as matched or unplaced when read, or, for a
                # nämndmål the board's file lacks, kept for the draft entry written there.
                if self.new_board is not None and md and self.label[6:] in ("beskrivning", "forvantat_resultat"):
                    setattr(self.new_board, self.label[6:], md)
            elif self.unit is not None and md:
                if r.kind == REPORT and self.label != "analys":
                    pass  # the plan's texts repeated in a report: counted when read
                else:
                    setattr(self.unit, self.label, md)
        self.label, self.label_text = None, None

    def close_context(self, level: str):
        """A new goal at this level (or a new part) ends what was open below it."""
        self.close_label()
        self.tables.table = None
        if level in ("area", "direction", "part", "board"):
            self.new_board = None
        if level in ("area", "direction", "part"):
            self.board = self.board_def = None
        self.unit = self.unit_plan = None

    def line(self, i: int, b: Block):
        r = self.r
        t, k = b.text, key(b.text)
        nxt = r.next_block(i)
        if b.kind == "row":
            self.row(b)
            return
        if not k.startswith("analys"):
            self.tables.table = None  # text ends a table; an indicator's analysis goes on with it
        for rx in (DIRECTION, AREA, BOARD, UNIT):
            mt = rx.match(t)
            if mt:  # "Nämndmål:", "KF:s mål för verksamhetsområdet: 1.3": the site's own label and number
                r.c.structure_texts.append(t[:mt.start(mt.lastindex)])
        mt = DIRECTION.match(t)
        if mt:
            self.close_context("direction")
            self.goal_marks += 1
            g = r.shared.direction_goal(mt.group(1))
            if g and similar(mt.group(2), g.titel) > 0.8:
                r.matched(t)
            else:
                r.unplaced(b, f"KF:s inriktningsmål {mt.group(1)} finns inte (eller har en annan titel) i {r.shared.stad_path}")
                r.notes.append(f"KF:s inriktningsmål {mt.group(1)}")
            return
        mt = AREA.match(t)
        if mt:
            self.close_context("area")
            self.goal_marks += 1
            g = r.shared.area_goal(mt.group(1))
            if g and similar(mt.group(2), g.titel) > 0.8:
                r.matched(t)
            else:
                r.unplaced(b, f"KF:s mål {mt.group(1)} finns inte (eller har en annan titel) i {r.shared.stad_path}")
                r.notes.append(f"KF:s mål {mt.group(1)}")
            self.area = AreaBlock(mt.group(1))
            self.areas.append(self.area)
            return
        mt = BOARD.match(t)
        if mt and self.area is not None:
            self.board_goal(b, mt.group(1))
            return
        mt = UNIT.match(t)
        if mt and self.area is not None:
            self.unit_goal(b, mt.group(1).strip())
            return
        if k in STATUS and self.unit is not None and r.kind == REPORT:
            self.unit.status = STATUS[k]
            r.structure(t)
            return
        label = LABELS.get(k)
        if label and b.kind == "text" and (self.unit is not None or self.board_def is not None or self.board is not None):
            self.close_label()
            self.label = label if self.unit is not None else "board:" + label
            self.label_text = Text()
            r.structure(t)
            return
        if self.tables.analysis(t):
            return
        # Text of a label.
        if self.label_text is not None:
            self.label_body(b, nxt)
            return
        r.unplaced(b, "text i målavsnittet utan rubrik")

    def board_goal(self, b: Block, title_read: str):
        r, t = self.r, b.text
        self.close_context("board")
        self.goal_marks += 1
        g = r.shared.board_goal(title_read, self.area.kf_mal)
        self.board_def = g
        if g:
            r.matched(t)
            self.board = BoardGoalRef(g.id)
            self.area.add_board(self.board)
        elif r.shared.board_id:
            # Not in the board's file: a draft entry there, named in the output, for the editor to check.
            title = title_read.strip()
            taken = {g.id for y in r.shared.boards.values() for g in y.namndmal} | {g.id for g in self.new_boards}
            self.new_board = NewBoardGoal(slug(title, taken), self.area.kf_mal, title)
            self.new_boards.append(self.new_board)
            self.board = BoardGoalRef(self.new_board.id)
            self.area.add_board(self.board)
            r.placed(t)
            r.notes.append(f"nämndmål '{title[:60]}' (utkast skrivet i {r.shared.board_path()})")
        else:
            self.board = None
            r.unplaced(b, f"nämndmålet finns inte i data/namnder/.../{r.year}.yaml")
            r.notes.append(f"nämndmål '{title_read[:50]}'")

    def unit_goal(self, b: Block, title: str):
        r, t = self.r, b.text
        self.close_label()
        self.goal_marks += 1
        if self.board is None:
            r.unplaced(b, "enhetsmål utan nämndmål")
            self.unit = None
            return
        if r.kind == PLAN:
            known = r.shared.plan_unit_goal(title)  # re-importing: keep the ids reports refer to
            uid = known.id if known and known.id not in self.ids else slug(title, self.ids)
            self.ids.add(uid)
            self.unit = UnitGoal(uid, titel=title)
            r.placed(t)
        else:
            pu = r.shared.plan_unit_goal(title)
            self.unit_plan = pu
            if pu:
                self.unit = UnitGoal(pu.id)
                r.matched(t)
            else:
                self.unit = UnitGoal(slug(title, self.ids))
                r.unplaced(b, "enhetsmålet finns inte i enhetens verksamhetsplan; titeln hör hemma där")
        self.board.enhetsmal.append(self.unit)

    def label_body(self, b: Block, nxt: Optional[Block]):
        r, t = self.r, b.text
        if self.label.startswith("board:") and self.new_board is not None:
            self.label_text.add(b.kind if b.kind == "bullet" else "text", t)
            r.placed(t)
            return
        if self.label.startswith("board:"):
            # Nämndmål texts are shared: compare with the board's file, never copy.
            known = sentence_keys(self.board_def.beskrivning, self.board_def.forvantat_resultat) if self.board_def else set()
            for s in sentences(t):
                if near(key(s), known):
                    r.matched(s)
                else:
                    r.unplaced(b, f"skiljer sig från nämndmålets text i data/namnder/{r.shared.board_id}/{r.year}.yaml", s)
            return
        if r.kind == REPORT and self.label != "analys":
            pu = self.unit_plan
            known = sentence_keys(getattr(pu, self.label, "")) if pu else set()
            for s in sentences(t):
                if near(key(s), known):
                    r.matched(s)
                else:
                    r.unplaced(b, f"{self.label} hör till verksamhetsplanen men skiljer sig från den", s)
            return
        if b.kind == "bullet":
            self.label_text.add("bullet", t)
        elif (b.kind == "text" and len(t.split()) <= 6 and not ends_sentence(t) and t[:1].isupper() and nxt is not None
              and nxt.kind == "text" and key(nxt.text) not in LABELS and not UNIT.match(nxt.text) and not BOARD.match(nxt.text)
              and not AREA.match(nxt.text) and not DIRECTION.match(nxt.text) and key(nxt.text) not in PARTS):
            self.label_text.add("bold", t)
        else:
            self.label_text.add("text", t)
        r.placed(t)

    def row(self, b: Block):
        """A table row under a goal: a header starts the table (ending a labelled text), others go to it."""
        first = key(b.cells[0]) if b.cells else ""
        if first in ("indikator", "aktivitet"):
            self.close_label()
            self.tables.start(b, self.area)
            return
        self.tables.row(b, self.area, self.new_board, self.board_def)
