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
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]*)\)")
_INLINE = re.compile(_BOLD.pattern + "|" + _LINK.pattern)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_INTERNAL = re.compile(r"^[a-z0-9][a-z0-9/_.#-]*$")


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    href: str = ""
    internal: bool = False  # a path of this site, to be made relative to the page


def link_target_problem(url: str) -> str:
    """Why a link target is not allowed, or '' when it is."""
    if url.startswith(("https://", "http://", "mailto:")):
        return ""
    if _SCHEME.match(url) or url.startswith("//"):
        return f"länkar får gå till http(s), mailto eller en sida på webbplatsen; fann '{url[:40]}'"
    if not _INTERNAL.match(url):
        return f"en intern länk är en sökväg som 'enheter/namn/'; fann '{url[:40]}'"
    return ""


def link_problems(text: str) -> list[str]:
    return [p for m in _LINK.finditer(text or "") if (p := link_target_problem(m.group(2)))]


def has_site_links(text: str) -> bool:
    """Whether the text links to a page of this site (made relative to the page it stands on)."""
    return any(s.internal for line in (text or "").splitlines() for s in spans(line))


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
    for match in _INLINE.finditer(line):
        if match.start() > pos:
            out.append(Span(line[pos:match.start()]))
        if match.group(1) is not None:
            out.append(Span(match.group(1), bold=True))
        elif link_target_problem(match.group(3)):
            out.append(Span(match.group(0)))  # never a link; load has already reported it
        else:
            url = match.group(3)
            out.append(Span(match.group(2), href=url, internal=not url.startswith(("http://", "https://", "mailto:"))))
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
    def words(line: str) -> str:
        return "".join(span.text for span in spans(line))

    return " ".join(words(ln.strip()[2:] if ln.strip().startswith("- ") else ln.strip())
                    for ln in (text or "").splitlines() if ln.strip())
