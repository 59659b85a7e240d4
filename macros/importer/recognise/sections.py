"""Prose sections (Inledning or Sammanfattande analys, Ekonomi, Övrigt): headings and their text,
the budget named under a Budget heading, and the table Ersättningsnivåer."""

from __future__ import annotations

import re
from typing import Optional

from ..blocks import Block, key
from .contents import _TOC_DOTS, Contents
from .drafts import Budget, CompensationGroup, CompensationRow, CompensationTable, Section
from .state import Reading
from .words import ends_sentence, number, structural

_BUDGET = re.compile(r"(\d{1,3}(?:[  ]\d{3})+|\d+(?:[,.]\d+)?)\s*(milj kr|mkr|tkr|kr)\b")


def join_wrapped(blocks: list[Block]) -> list[Block]:
    """Join running text that a page break or hard wrap split: no end punctuation, then lower case."""
    out: list[Block] = []
    for b in blocks:
        # Page headers and footers between the halves stay where they are, counted as noise (however
        # many lines they take: a four-line footer, a running header and its page number).
        prev = next((x for x in reversed(out) if x.kind != "noise"), None)
        if prev and b.level and b.level == prev.level and b.kind == prev.kind == "text" and b.text[:1].islower():
            prev.text += " " + b.text  # a heading wrapped onto the next page
            continue
        if (prev and b.kind == "text" and prev.kind in ("text", "bullet") and not b.level and not prev.level
                and not prev.bold and not ends_sentence(prev.text) and len(prev.text) > 40
                and not _TOC_DOTS.search(prev.text)  # a contents entry ends at its leader and page number
                and (b.text[:1].islower() or (b.text[:1].isdigit() and prev.text[-1:].islower())
                     or (prev.full and not structural(b.text)))):
            hyphen = prev.text.endswith("-") and not prev.text.endswith(" -")
            prev.text = prev.text[:-1] + b.text if hyphen else prev.text + " " + b.text
            prev.full = b.full
            continue
        out.append(b)
    return out


class Prose:
    def __init__(self, r: Reading, contents: Contents):
        self.r, self.contents = r, contents
        self.sections: dict[str, list[Section]] = {"inledning": [], "sammanfattande_analys": [], "ekonomi": [], "ovrigt": []}
        self.current: Optional[Section] = None  # the section text goes to
        self.current_top: Optional[Section] = None  # the top-level section subsections go under
        self.heading_count: dict[str, int] = {}  # how often each heading has started a section

    def enter(self):
        """A new part: its first heading starts a section of its own."""
        self.current_top = self.current = None

    def heading_like(self, b: Block, nxt: Optional[Block], max_words: int = 12) -> bool:
        if b.kind != "text":
            return False
        if b.level or (b.bold and not ends_sentence(b.text)):
            return True
        if self.r.marked:
            return False  # the document marks its headings (styles, weight, size): an unmarked line is text
        t = b.text
        return (len(t) <= 100 and len(t.split()) <= max_words and t[:1].isupper() and not ends_sentence(t)
                and not t.endswith((",", "-")) and nxt is not None)

    def line(self, i: int, b: Block):
        r = self.r
        sections = self.sections[r.part]
        nxt = r.next_block(i)
        top = self.current_top
        if self.heading_like(b, nxt):
            k = key(b.text)
            seen = self.heading_count.get(k, 0)
            in_toc = seen < self.contents.count.get(k, 0)
            as_text = False
            if b.level and r.part_level:
                child = b.level > r.part_level + 1
            elif top is None:
                child = False
            else:
                # Plain text has no levels: a heading listed in the table of contents starts a
                # section; an empty heading that is itself listed there, or repeated from earlier in
                # the document (the templates' grouping headings), groups the headings that follow.
                groups = top.empty() and (top.in_toc or self.heading_count.get(key(top.rubrik), 0) > 1)
                if in_toc:
                    child = groups and not top.in_toc
                elif not b.bold and r.unit_name and k == key(r.unit_name):
                    # The unit's own name on a line of its own, in a section of its document: the
                    # section's text names the unit (Organisationsbeskrivning), it heads no subsection.
                    as_text = True
                    child = False
                elif top.empty() and not groups and not top.avsnitt:
                    as_text = True  # a short first line of the section's text, e.g. the unit's name
                    child = False
                else:
                    child = groups or bool(top.avsnitt)
            if not as_text:
                self.heading_count[k] = seen + 1
                s = Section(b.text, level=b.level, in_toc=in_toc)
                if child and top is not None:
                    top.avsnitt.append(s)
                else:
                    sections.append(s)
                    self.current_top = s
                self.current = s
                r.placed(b.text)
                return
        current = self.current
        if current is None or not sections:
            current = Section("Inledning" if r.part == "inledning" else "")
            sections.append(current)
            self.current = self.current_top = current
        if b.kind == "row":
            self.compensation_row(current, b)
            return
        target = current.after if current.table is not None else current.text
        target.add(b.kind if b.kind == "bullet" else "text", b.text)
        r.placed(b.text)
        if current.budget is None and key(current.rubrik).startswith("budget"):
            m = _BUDGET.search(b.text)
            if m:
                current.budget = Budget(number(m.group(1)), m.group(2))

    def compensation_row(self, s: Section, b: Block):
        """A row of the table Ersättningsnivåer: its title, a group's heading, the period's header, a level."""
        r = self.r
        cells = b.cells
        filled = [c for c in cells if c]
        if s.table is None:
            s.table = CompensationTable(filled[0], r.year, r.year - 1)
            m = re.search(r"(\d{4})", filled[0])
            if m:
                s.table.ar, s.table.foregaende_ar = int(m.group(1)), int(m.group(1)) - 1
            r.placed(b.text)
            return
        table = s.table
        if len(filled) == 1 and key(filled[0]) == key(table.rubrik):
            r.noise(b.text)  # the table's title repeated after a page break
            return
        if len(filled) == 1 and not number(filled[0]):
            table.grupper.append(CompensationGroup(filled[0]))
            r.placed(b.text)
            return
        m = re.search(r"Ersättning/(dygn|timme|månad)", b.text)
        if m and table.grupper:
            table.grupper[-1].per = m.group(1)
            r.structure(b.text)
            return
        if key(cells[0]) == key("Nivå") and len(cells) >= 5:
            y, prev = number(cells[1]), number(cells[-1])
            if y and prev:
                table.ar, table.foregaende_ar = int(y), int(prev)
            r.structure(b.text)
            return
        if len(cells) >= 3 and table.grupper and number(cells[1]) is not None and number(cells[-1]) is not None:
            table.grupper[-1].rader.append(CompensationRow(cells[0], number(cells[1]), number(cells[-1])))
            r.placed(b.text)  # the change columns are computed by the site
            return
        r.unplaced(b, "rad i tabellen Ersättningsnivåer som inte kunde tolkas")
