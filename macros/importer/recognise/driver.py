"""The walk: the blocks prepared (lines a reader split or joined put right), each block given to the
recogniser of the part of the document it is in, and the draft assembled from what they built."""

from __future__ import annotations

from typing import Optional

from ..blocks import Block, ImportFault, key
from ..shared import Shared
from .complaints import Complaints
from .contents import Contents
from .goals import GoalTree, join_goal_headings
from .letterhead import Letterhead, split_letterhead
from .sections import Prose, join_wrapped
from .state import Counts, Reading
from .tables import Tables, join_indicator_names
from .words import AREA, BOARD, DIRECTION, NOISE_LINES, PARTS, PLAN, REPORT, kind_name


class Recogniser:
    def __init__(self, blocks: list[Block], kind: str, year: int, shared: Shared, source: str,
                 unit_name: Optional[str] = None):
        blocks = join_indicator_names(join_goal_headings(join_wrapped(split_letterhead(blocks)), shared), shared)
        # Whether the document marks its headings: its first part heading (Inledning, …) is styled or bold.
        first_part = next((b for b in blocks if b.kind == "text" and key(b.text) in PARTS), None)
        self.r = Reading(blocks, kind, year, shared, source, unit_name,
                         marked=bool(first_part and (first_part.level or first_part.bold)))
        self.letterhead = Letterhead(self.r)
        self.contents = Contents(self.r)
        self.prose = Prose(self.r, self.contents)
        self.tables = Tables(self.r)
        self.goals = GoalTree(self.r, self.tables)
        self.complaints = Complaints(self.r)

    # What the import writes besides the draft, and tells the editor.
    @property
    def shared(self) -> Shared:
        return self.r.shared

    @property
    def c(self) -> Counts:
        return self.r.c

    @property
    def notes(self) -> list[str]:
        return self.r.notes

    @property
    def new_boards(self) -> list[dict]:
        return [g.dump() for g in self.goals.new_boards]

    @property
    def new_indicators(self) -> list[dict]:
        return [d.dump() for d in self.tables.new_indicators]

    def run(self) -> dict:
        r = self.r
        board_titles = [m.group(1) for b in r.blocks if b.kind == "text" for m in [BOARD.match(b.text)] if m]
        r.shared.choose_board(board_titles)
        for i, b in enumerate(r.blocks):
            self.step(i, b)
        self.goals.close_label()
        if not (self.goals.goal_marks or self.letterhead.head.handlaggare):
            raise ImportFault(f"dokumentet ser inte ut som en {kind_name(r.kind)} (inga KF-mål, nämndmål eller Handläggare hittades)")
        return self.document()

    def step(self, i: int, b: Block):
        r = self.r
        t = b.text
        k = key(t)
        if b.kind == "noise":  # page headers, footers and numbers told by the reader
            r.noise(t)
            return
        if self.letterhead.title(b):
            return
        if k in NOISE_LINES or not k:
            r.noise(t)
            return
        # Table of contents: noise, but its entries tell which headings are sections.
        if k == key("Innehållsförteckning"):
            r.part = "toc"
            r.noise(t)
            return
        if r.part == "toc":
            if self.contents.line(i, b):
                return
            r.part = "after-toc"
        if self.letterhead.attachments(b):
            return
        # A new part of the document.
        part = PARTS.get(k)
        deeper = bool(b.level and r.part_level and b.level > r.part_level and r.part == part)
        if (part and b.kind == "text" and not deeper and not (part == "ovrigt" and r.part == "ovrigt" and k in self.contents.repeated)
                and not (part == "ekonomi" and r.part == "ekonomi")):
            self.enter_part(part, b)
            return
        if r.part in ("head", "after-toc", "bilagor"):
            if self.letterhead.line(i, b):
                return
        # Goals appear without a part heading in plans.
        if b.kind == "text" and (DIRECTION.match(t) or AREA.match(t)):
            if r.part != "mal":
                self.enter_part("mal", None)
        if r.part == "mal":
            self.goals.line(i, b)
        elif r.part in self.prose.sections:
            self.prose.line(i, b)
        elif r.part == "klagomal":
            self.complaints.line(b)
        else:
            r.unplaced(b, "utanför dokumentets delar")

    def enter_part(self, part: str, b: Optional[Block]):
        r = self.r
        self.goals.close_context("part")
        r.part = part
        r.part_level = b.level if b else 0
        self.prose.enter()
        if b:
            # The part heading is structure: the site prints its own.
            r.structure(b.text)

    def document(self) -> dict:
        r, sections = self.r, self.prose.sections
        doc: dict = {"huvud": self.letterhead.head.dump()}
        if self.letterhead.bilagor:
            doc["bilagor"] = self.letterhead.bilagor
        first = "inledning" if r.kind == PLAN else "sammanfattande_analys"
        other = "sammanfattande_analys" if r.kind == PLAN else "inledning"
        if sections[first] or sections[other]:
            doc[first] = [s.dump() for s in sections[first] + sections[other]]
        if self.goals.areas:
            doc["mal"] = [a.dump() for a in self.goals.areas]
        for part in ("ekonomi", "ovrigt"):
            if sections[part]:
                doc[part] = [s.dump() for s in sections[part]]
        if r.kind == REPORT:
            if self.complaints.groups:
                doc["klagomal"] = [g.dump() for g in self.complaints.groups]
            if self.complaints.text.parts:
                doc["klagomal_sammanfattning"] = self.complaints.text.markdown()
        elif self.complaints.groups or self.complaints.text.parts:
            r.c.unplaced.extend(self.complaints.in_a_plan())
        if r.c.unplaced:
            doc["oplacerat"] = [u.dump() for u in r.c.unplaced]
        return doc
