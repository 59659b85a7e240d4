"""Word documents (.docx), read with python-docx: paragraphs with their heading level and list
style, and tables row by row, in document order."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .blocks import Block, ImportFault, clean, key

SUFFIXES = (".docx",)
_OLE = b"\xd0\xcf\x11\xe0"  # an encrypted .docx (or an old .doc) is an OLE container, not a zip


def read(path: Path) -> list[Block]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    with path.open("rb") as f:
        magic = f.read(4)
    if magic == _OLE:
        raise ImportFault("filen är lösenordsskyddad eller i det gamla .doc-formatet; spara den som .docx utan lösenord och försök igen")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ImportFault("filen är ingen läsbar Word-fil (.docx)") from None
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    names = {st.style_id: st.name or "" for st in document.styles}
    blocks: list[Block] = []
    n_par = n_tab = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            n_par += 1
            text = clean(item.text)
            if not text:
                continue
            # The style's id straight from the XML: python-docx's Paragraph.style looks up the
            # default style on every call, which made a 50-page document take seconds.
            ppr = item._p.pPr
            style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
            style = names.get(style_id, "") if style_id else ""
            level = 0
            for prefix in ("Heading ", "Rubrik "):
                if style.startswith(prefix) and style[len(prefix):].isdigit():
                    level = int(style[len(prefix):])
            if style == "Title":
                level = 1
            is_list = "List" in style or "Lista" in style or (ppr is not None and ppr.numPr is not None)
            kind = "bullet" if is_list and not level else "text"
            for n, (line, bold) in enumerate(_lines(item, text)):
                # Line breaks inside one paragraph ("Handläggare⏎Name⏎Telefon: …", as Word templates
                # write letterheads) separate lines as paragraphs would.
                where = f"stycke {n_par}" + (f", rad {n + 1}" if n else "")
                blocks.append(Block(kind, line, where, level=level, bold=bold or bool(level)))
        elif isinstance(item, Table):
            n_tab += 1
            for r, row in enumerate(item.rows, start=1):
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                        continue
                    seen.add(id(cell._tc))
                    cells.append(clean(" ".join(p.text for p in cell.paragraphs)))
                while cells and not cells[-1]:
                    cells.pop()
                if any(cells):
                    blocks.append(Block("row", "\t".join(cells), f"tabell {n_tab}, rad {r}", cells=cells))
    if not blocks:
        raise ImportFault("Word-filen innehåller ingen text")
    return blocks


def _lines(paragraph, text: str) -> list[tuple[str, bool]]:
    """A paragraph's text split at its line breaks, each line with whether all its runs are bold or italic."""
    from docx.text.hyperlink import Hyperlink

    runs = [r for c in paragraph.iter_inner_content() for r in (c.runs if isinstance(c, Hyperlink) else [c])]
    lines: list[list] = [[]]
    for r in runs:
        pieces = r.text.split("\n")
        for n, piece in enumerate(pieces):
            if n:
                lines.append([])
            if piece.strip():
                lines[-1].append((piece, bool(r.bold or r.italic)))
    out = []
    for line in lines:
        joined = clean("".join(p for p, _ in line))
        if joined:
            out.append((joined, all(b for _, b in line)))
    if key("".join(t for t, _ in out)) != key(text):
        # Text outside runs (a field's result, say): the paragraph's whole text, never a part of it.
        return [(line, False) for line in map(clean, paragraph.text.split("\n")) if line]
    return out
