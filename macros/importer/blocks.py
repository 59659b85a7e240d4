"""The shape every input format is read into: a flat list of blocks with their source position.

Readers (one module per format) only turn a file into blocks; what a block *means* (a heading, a
goal, a table row of indicators) is decided once, in ``recognise/``, for every format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from ..model.yamlfile import FORBIDDEN_CHARACTERS

Kind = Literal["text", "bullet", "row", "noise"]  # noise: page headers, footers, numbers


class ImportFault(Exception):
    """Bad input: one Swedish line naming the file, shown to the editor instead of a traceback."""


@dataclass
class Block:
    kind: Kind
    text: str  # plain text without markup; for a row, the cells joined by tabs
    where: str  # "rad 12" or "sida 3, rad 4": where the editor finds it in the source
    cells: list[str] = field(default_factory=list)  # table rows only
    level: int = 0  # heading level where the format knows it (Word styles, Markdown #); 0 = unknown
    bold: bool = False  # the whole block is bold or italic (how plain exports mark headings)
    full: bool = False  # the line filled its column in a hard-wrapped export: the next line may go on with it


# List bullets drawn from the Symbol or Wingdings font come out in Unicode's private use area.
SYMBOL_BULLETS = {0xF0B7: "•", 0xF0A7: "▪", 0xF076: "•", 0xF0D8: "•", 0xF0FC: "•", 0xF02D: "-"}
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+(?=[A-ZÅÄÖ0-9\"'(–-])")
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """One line of document text as the site holds it: single spaces, no export markup."""
    text = text.replace("\u00a0", " ").replace("\u00ad", "").replace("\u200b", "").translate(SYMBOL_BULLETS)
    text = FORBIDDEN_CHARACTERS.sub("", text)  # control characters Word pastes: validate would refuse the draft
    text = re.sub(r"\s*<sub>\s*(\d)\s*</sub>", lambda m: "₀₁₂₃₄₅₆₇₈₉"[int(m.group(1))], text)
    text = re.sub(r"</?(b|i|u|strong|em|sub|sup)>", "", text)
    return _SPACE.sub(" ", text).strip()


def sentences(text: str) -> list[str]:
    """Sentences of a text, the unit the importer counts: no sentence may be lost."""
    out = []
    for line in text.splitlines():
        line = line.strip().lstrip("-").strip()
        line = line.replace("**", "")
        if not line:
            continue
        out.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return out


def key(text: str) -> str:
    """A comparison key tolerant of case, spacing, punctuation and line-break hyphens."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("₂", "2")
    return re.sub(r"[^0-9a-zåäöéü]+", "", text)
