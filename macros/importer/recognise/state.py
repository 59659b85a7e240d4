"""What every recogniser shares while the blocks are walked: the document read, where the walk is,
and the accounting that gives every sentence its fate (placed, matched, noise or unplaced)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..blocks import Block, sentences
from ..shared import Shared
from .drafts import Unplaced


@dataclass
class Counts:
    placed: int = 0
    matched: int = 0
    noise: int = 0
    noise_texts: list[str] = field(default_factory=list)  # what was counted as noise, for accounting
    structure_texts: list[str] = field(default_factory=list)  # headings and labels the site prints itself
    unplaced: list[Unplaced] = field(default_factory=list)


@dataclass
class Reading:
    blocks: list[Block]
    kind: str  # PLAN or REPORT
    year: int
    shared: Shared
    source: str  # the file's name, as unplaced texts cite it
    unit_name: Optional[str] = None  # the unit's name, when it exists: repeated on the cover
    marked: bool = False  # the document marks its headings (styles, weight, size)
    part: str = "head"  # the part of the document the walk is in: head, toc, after-toc, bilagor, or a PARTS value
    part_level: int = 0  # the heading level of that part's heading, where the format knows it
    c: Counts = field(default_factory=Counts)
    notes: list[str] = field(default_factory=list)  # shared texts not found, named in the output

    def next_block(self, i: int) -> Optional[Block]:
        return self.blocks[i + 1] if i + 1 < len(self.blocks) else None

    def placed(self, text: str):
        self.c.placed += max(1, len(sentences(text)))

    def matched(self, text: str):
        self.c.matched += max(1, len(sentences(text)))

    def structure(self, text: str):
        """A heading, label or table header the site prints itself: placed, and kept for accounting."""
        self.placed(text)
        self.c.structure_texts.append(text)

    def noise(self, text: str):
        self.c.noise += max(1, len(sentences(text)))
        self.c.noise_texts.append(text)

    def unplaced(self, b: Block, why: str = "", text: Optional[str] = None):
        self.c.unplaced.append(Unplaced(text if text is not None else b.text, f"{self.source}, {b.where}", why))
