"""A report's complaints (Redovisning av synpunkter och klagomål): the table of counts per period by
grouping and category, and the text around it."""

from __future__ import annotations

from ..blocks import Block, key
from .drafts import ComplaintCategory, ComplaintGroup, Text, Unplaced
from .state import Reading
from .words import number


class Complaints:
    def __init__(self, r: Reading):
        self.r = r
        self.groups: list[ComplaintGroup] = []
        self.text = Text()

    def line(self, b: Block):
        r = self.r
        if b.kind != "row":
            self.text.add("bullet" if b.kind == "bullet" else "text", b.text)
            r.placed(b.text)
            return
        cells = b.cells + [""] * (7 - len(b.cells))
        if key(cells[0]) == "uppdelning":
            r.noise(b.text) if self.groups else r.structure(b.text)  # the header again after a page break
            return
        group, name = cells[0], cells[1]
        if group:
            last = self.groups[-1] if self.groups else None
            if last and group[:1].islower():
                last.uppdelning += " " + group  # a group name split by a page break
            else:
                self.groups.append(ComplaintGroup(group))
        if not self.groups:
            r.unplaced(b, "rad i klagomålstabellen utan uppdelning")
            return
        cat = ComplaintCategory(name)
        for field_, cell in zip(("t1", "t2", "vb"), cells[2:5]):
            if cell and number(cell) is not None:
                setattr(cat, field_, int(number(cell)))
            elif cell:
                r.unplaced(b, "cell i klagomålstabellen som inte är ett antal", cell)
        total = number(cells[5]) if cells[5] else None
        if cells[5] and total is None:
            r.unplaced(b, "cell i klagomålstabellens totalkolumn som inte är ett antal", cells[5])
        computed = sum(getattr(cat, f) or 0 for f in ("t1", "t2", "vb"))
        if total is not None and int(total) != computed:
            # The site computes totals; a typed one that disagrees is for the editor to resolve.
            r.unplaced(b, f"totalen {int(total)} i dokumentet skiljer sig från summan av perioderna ({computed})", cells[5])
        if cells[6]:
            cat.sammanfattning = cells[6]
        self.groups[-1].kategorier.append(cat)
        r.placed(b.text)

    def in_a_plan(self) -> list[Unplaced]:
        """A plan has no complaints: each group of a table found in one is listed as unplaced."""
        return [Unplaced(g.uppdelning, self.r.source, "klagomålstabell i en verksamhetsplan") for g in self.groups]
