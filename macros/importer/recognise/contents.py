"""The table of contents: noise in the draft, but its entries tell which headings start sections
(plain text has no heading levels) and which appear twice ("Övrigt" as a part and a section in it)."""

from __future__ import annotations

import re

from ..blocks import Block, key
from .state import Reading

_TOC_DOTS = re.compile(r"\s*(\d{1,3}\s*)?\.{3,}\s*\d*$")  # "Title ..... 3", or "Title 3 ....." as PDFium reads a leader
_TOC_PAGE = re.compile(r"^(\D.{0,200}?\S)\s+\d{1,3}$")


class Contents:
    def __init__(self, r: Reading):
        self.r = r
        self.titles: set[str] = set()  # keys of the entries
        self.count: dict[str, int] = {}  # how often each is listed
        self.repeated: set[str] = set()
        self.pending: list[str] = []  # the first lines of a wrapped entry

    def line(self, i: int, b: Block) -> bool:
        """A line of the contents (counted as noise); False where the contents have ended."""
        return self.entry(b) or self.wrapped(i, b)

    def entry(self, b: Block) -> bool:
        if b.kind == "row" and len(b.cells) >= 1:
            last = b.cells[-1]
            if len(b.cells) == 1 or re.fullmatch(r"\d+", last) or not last:
                title = _TOC_DOTS.sub("", b.cells[0]).strip()
                self.add(title)
                self.r.noise(b.text)
                return True
        if b.kind == "text" and _TOC_DOTS.search(b.text):
            self.add(_TOC_DOTS.sub("", b.text).strip())
            self.r.noise(b.text)
            return True
        # Word's contents entry: the title, a tab with a dotted leader (not text) and the page number.
        m = _TOC_PAGE.match(b.text)
        if b.kind == "text" and m and not b.level:
            self.add(m.group(1))
            self.r.noise(b.text)
            return True
        return False

    def wrapped(self, i: int, b: Block) -> bool:
        """A contents entry wrapped over lines: its first lines, when the entry goes on to its leader
        and page number within the next few lines (page furniture between them aside)."""
        blocks = self.r.blocks
        if b.kind != "text" or b.level or len(b.text) > 200:
            return False
        if re.fullmatch(r"[.\s]*\d{0,3}", b.text):  # the leader or page number alone on a line
            self.r.noise(b.text)
            return True
        text, n = b.text, i + 1
        while n < len(blocks) and n <= i + 6:
            nb = blocks[n]
            if nb.kind == "noise":
                n += 1
                continue
            if nb.kind != "text" or len(nb.text) > 200:
                return False
            if _TOC_DOTS.search(nb.text) or _TOC_PAGE.match(nb.text):
                self.pending.append(text)
                self.r.noise(b.text)
                return True
            text, n = text + " " + nb.text, n + 1
        return False

    def add(self, title: str):
        if self.pending:  # the first lines of a wrapped entry
            title = " ".join(self.pending[:1] + [title])
            self.pending = []
        title = re.sub(r"\s*Fel! Bokmärket är inte definierat\.?", "", title)
        k = key(title)
        if k in self.titles:
            self.repeated.add(k)  # "Övrigt" as a part and as a section in it
        self.titles.add(k)
        self.count[k] = self.count.get(k, 0) + 1
