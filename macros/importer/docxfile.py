"""Word documents (.docx), read with python-docx: paragraphs with their heading level and list
style, and tables row by row, in document order."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .blocks import Block, ImportFault, clean

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
            runs = [r for r in item.runs if r.text.strip()]
            bold = bool(runs) and all(r.bold or r.italic for r in runs)
            kind = "bullet" if is_list and not level else "text"
            blocks.append(Block(kind, text, f"stycke {n_par}", level=level, bold=bold or bool(level)))
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
