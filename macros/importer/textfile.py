"""Text exports (.txt, .md) of Word or PDF documents: one paragraph per line, tables as tab rows.

Handles the shapes of the seed documents: Markdown-like (``##`` headings, ``**bold**``, ``*italic*``,
``<b>`` tags), plain text with tab-separated tables, and the report's layout.
"""

from __future__ import annotations

import re
from pathlib import Path

from .blocks import Block, ImportFault, clean
from .furniture import furniture

SUFFIXES = (".txt", ".md")

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-•*–]\s+(.*)$")
_EMPHASIS = re.compile(r"^(\*{1,3}|_)(.+?)\1$")


def read(path: Path) -> list[Block]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return parse(text)


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.split("\n")
    furn = _furniture(lines)
    # A bold run the export broke over lines ("**Stockholms" / "stad**"): one line.
    for i, line in enumerate(lines):
        s = line.strip()
        if s.startswith("**") and s.count("**") == 1:
            for j in range(i + 1, min(i + 4, len(lines))):
                if lines[j].strip().endswith("**") and lines[j].count("**") == 1:
                    lines[i] = s + " " + " ".join(x.strip() for x in lines[i + 1:j + 1])
                    for n in range(i + 1, j + 1):
                        lines[n] = ""
                    break
    for number, line in enumerate(lines, start=1):
        where = f"rad {number}"
        line = line.replace("\f", "").rstrip("\r")
        if number - 1 in furn:
            blocks.append(Block("noise", clean(line), where))
            continue
        if "\t" in line:
            cells = [clean(c) for c in line.split("\t")]
            while cells and not cells[-1]:
                cells.pop()
            if any(cells):
                blocks.append(Block("row", "\t".join(cells), where, cells=cells))
            continue
        stripped = line.strip()
        if not stripped:
            continue
        level = 0
        m = _HEADING.match(stripped)
        if m:
            level, stripped = len(m.group(1)), m.group(2).strip()
        bold = False
        m = _EMPHASIS.match(stripped)
        if m and "**" not in m.group(2).strip("*"):
            bold, stripped = True, m.group(2).strip("*").strip()
        m = _BULLET.match(line) if not level else None
        if m and not stripped.startswith("**"):
            blocks.append(Block("bullet", clean(m.group(1).replace("**", "")), where))
            continue
        stripped = stripped.replace("**", "") if stripped.startswith("**") and stripped.count("**") == 2 and stripped.endswith("**") else stripped
        if stripped.startswith("**") and "**" in stripped[2:]:
            # "**Nämndmål:** text": a bold label on a line of text
            stripped = stripped.replace("**", "")
        text_ = clean(stripped)
        if text_:
            blocks.append(Block("text", text_, where, level=level, bold=bold or bool(level)))
    if not blocks:
        raise ImportFault("filen innehåller ingen text")
    return blocks


def _furniture(lines: list[str]) -> set[int]:
    """Line numbers (0-based) of page headers, footers and page numbers, where the export kept its
    page breaks as form feeds (pdftotext does)."""
    starts = [0] + [i for i, line in enumerate(lines) if line.startswith("\f")]
    if len(starts) < 3:
        return set()
    pages = [list(range(a, b)) for a, b in zip(starts, starts[1:] + [len(lines)])]
    # Blank lines are not lines of the page: the edges are its first and last lines of text.
    texts = [[i for i in page if lines[i].strip(" \f\r")] for page in pages]
    found = furniture([[lines[i].replace("\f", "") for i in page] for page in texts])
    return {page[n] for page, idx in zip(texts, found) for n in idx}
