"""Prose from YAML, turned into blocks a template renders, never into raw HTML.

The subset: paragraphs separated by a blank line; a line starting with "- "
opens a bullet item, and a following line indented by two spaces continues it
on a new line; **bold** inside a line. Everything else is literal text, so a
"<script>" in the data reaches the page as visible text, escaped by Jinja.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[tuple[Line, ...], ...]


Block = Union[Paragraph, BulletList]


def spans(line: str) -> Line:
    out: list[Span] = []
    pos = 0
    for match in _BOLD.finditer(line):
        if match.start() > pos:
            out.append(Span(line[pos:match.start()]))
        out.append(Span(match.group(1), bold=True))
        pos = match.end()
    if pos < len(line):
        out.append(Span(line[pos:]))
    return tuple(out)


def blocks(text: str) -> list[Block]:
    result: list[Block] = []
    para: list[Line] = []
    items: list[list[Line]] = []

    def flush_para() -> None:
        if para:
            result.append(Paragraph(tuple(para)))
            para.clear()

    def flush_items() -> None:
        if items:
            result.append(BulletList(tuple(tuple(i) for i in items)))
            items.clear()

    for raw in (text or "").splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush_para()
            flush_items()
        elif line.startswith("- ") or line == "-":
            flush_para()
            items.append([spans(line[2:].strip())])
        elif items and raw.startswith("  "):
            items[-1].append(spans(line.strip()))
        else:
            flush_items()
            para.append(spans(line.strip()))
    flush_para()
    flush_items()
    return result


def plain(text: str) -> str:
    """The words of a text without markup, for search descriptions and checks."""
    return " ".join(_BOLD.sub(r"\1", ln.strip()[2:] if ln.strip().startswith("- ") else ln.strip())
                    for ln in (text or "").splitlines() if ln.strip())
