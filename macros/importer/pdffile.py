"""PDF files, read with pdfplumber: running text joined over hard-wrapped lines, headings told by
font size and weight, ruled tables read cell by cell (a cell's wrapped lines joined), and page
headers, footers and page numbers recognised as export noise."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .blocks import Block, ImportFault, clean

SUFFIXES = (".pdf",)
_PAGE_NUMBER = re.compile(r"^(sida\s*)?\d+(\s*(av|/|\()\s*\d+\)?)?$", re.I)
_BULLET = re.compile(r"^[•\-–·▪●]\s+")
_MARGIN = 0.08  # the top and bottom 8 % of a page hold headers and footers


def _lines(words: list[dict]) -> list[dict]:
    """Words grouped into lines by their vertical position."""
    lines: list[dict] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1]["top"] - w["top"]) < 2:
            lines[-1]["words"].append(w)
        else:
            lines.append({"top": w["top"], "words": [w]})
    for line in lines:
        ws = sorted(line["words"], key=lambda w: w["x0"])
        line["text"] = " ".join(w["text"] for w in ws)
        line["x0"], line["x1"] = ws[0]["x0"], ws[-1]["x1"]
        line["bottom"] = max(w["bottom"] for w in ws)
        line["size"] = max(round(w.get("size", 0), 1) for w in ws)
        line["bold"] = all("bold" in str(w.get("fontname", "")).lower() for w in ws)
    return lines


def _join(a: str, b: str, wrapped_mid_word: bool = False) -> str:
    if a.endswith("-") and not a.endswith(" -") and b[:1].islower() and b.split(" ")[0] not in ("och", "eller", "samt", "till"):
        return a[:-1] + b  # a word hyphenated at the line end
    if wrapped_mid_word and b[:1].isalpha():
        return a + b  # a table cell too narrow for the word: "Tas fram av nämnd/styrel" + "se"
    return a + " " + b


def _cell_lines(page, bbox) -> list[dict]:
    x0, top, x1, bottom = bbox
    return _lines(page.crop((x0, top, x1, bottom), strict=False).extract_words(extra_attrs=["size"]))


def _table_rows(page, table) -> list[list[str]]:
    """A table's cells as text, each cell's lines joined."""
    grid = [[_cell_lines(page, c) if c else [] for c in row.cells] for row in table.rows]
    edges: dict[int, float] = {}
    for row in grid:
        for c, lines in enumerate(row):
            for line in lines:
                edges[c] = max(edges.get(c, 0.0), line["x1"])
    out = []
    for row in grid:
        cells = []
        for c, lines in enumerate(row):
            text = ""
            for n, line in enumerate(lines):
                if n == 0:
                    text = line["text"]
                    continue
                prev = lines[n - 1]
                # Lines wrap at spaces; only a word longer than the column is cut, and it then
                # fills a line of its own.
                alone = len(prev["words"]) == 1 and edges[c] - prev["x1"] < (prev["size"] or 8) * 0.7
                text = _join(text, line["text"], wrapped_mid_word=alone)
            cells.append(clean(text))
        out.append(cells)
    return out


def read(path: Path) -> list[Block]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(str(path))
        pages = pdf.pages
    except PdfminerException as e:
        inner = e.args[0] if e.args else None
        if isinstance(inner, PDFPasswordIncorrect) or "password" in str(e).lower():
            raise ImportFault("PDF-filen är lösenordsskyddad; spara den utan lösenord och försök igen") from None
        raise ImportFault("filen är ingen läsbar PDF") from None
    except Exception as e:  # pdfminer raises several kinds on a broken file
        raise ImportFault(f"filen är ingen läsbar PDF ({type(e).__name__})") from None
    with pdf:
        return _read_pages(pages)


def _read_pages(pages) -> list[Block]:
    per_page = []
    for page in pages:
        tables = page.find_tables()
        boxes = [t.bbox for t in tables]

        def inside(w, boxes=boxes):
            return any(b[0] - 1 <= w["x0"] and w["x1"] <= b[2] + 1 and b[1] - 1 <= w["top"] and w["bottom"] <= b[3] + 1 for b in boxes)

        words = [w for w in page.extract_words(extra_attrs=["fontname", "size"]) if not inside(w)]
        per_page.append((page, tables, _lines(words)))
    if not any(lines or tables for _, tables, lines in per_page):
        raise ImportFault("PDF-filen innehåller ingen text (inskannad bild?); använd originalet i Word eller en PDF med text")

    # Headers and footers: lines in the page margins that repeat on several pages (page numbers as #).
    def shape(text):
        return re.sub(r"\d+", "#", text)

    margin_count = Counter()
    for page, _, lines in per_page:
        for line in lines:
            if line["top"] < page.height * _MARGIN or line["bottom"] > page.height * (1 - _MARGIN):
                margin_count[shape(line["text"])] += 1
    # A running header or footer is on most pages; a heading that happens to open two pages is not.
    repeated = {s for s, n in margin_count.items() if n >= max(2, len(per_page) // 2) or len(per_page) == 1}

    sizes = Counter()
    for _, _, lines in per_page:
        for line in lines:
            sizes[line["size"]] += len(line["text"])
    body = sizes.most_common(1)[0][0] if sizes else 0
    heading_sizes = sorted({s for s in sizes if s > body + 0.5}, reverse=True)

    blocks: list[Block] = []
    for number, (page, tables, lines) in enumerate(per_page, start=1):
        items = [("line", l["top"], l) for l in lines] + [("table", t.bbox[1], t) for t in tables]
        items.sort(key=lambda x: x[1])
        prev = None
        n_line = 0
        for kind, _, item in items:
            n_line += 1
            where = f"sida {number}, rad {n_line}"
            if kind == "table":
                prev = None
                for r, cells in enumerate(_table_rows(page, item), start=1):
                    while cells and not cells[-1]:
                        cells.pop()
                    if any(cells):
                        blocks.append(Block("row", "\t".join(cells), f"sida {number}, tabell rad {r}", cells=cells))
                continue
            line = item
            text = clean(line["text"])
            in_margin = line["top"] < page.height * _MARGIN or line["bottom"] > page.height * (1 - _MARGIN)
            if in_margin and (shape(line["text"]) in repeated or _PAGE_NUMBER.match(text)):
                blocks.append(Block("noise", text, where))
                prev = None
                continue
            level = heading_sizes.index(line["size"]) + 1 if line["size"] in heading_sizes else 0
            bullet = bool(_BULLET.match(text))
            if bullet:
                text = _BULLET.sub("", text)
            # A line continuing the paragraph above: same style, no gap larger than a line.
            if (prev is not None and not bullet and level == prev["level"] and line["bold"] == prev["bold"]
                    and line["top"] - prev["bottom"] < (line["bottom"] - line["top"]) * (0.5 if level else 0.8)
                    and blocks[-1].kind in ("text", "bullet")):
                blocks[-1].text = _join(blocks[-1].text, text)
                prev = {"bottom": line["bottom"], "level": level, "bold": line["bold"]}
                continue
            blocks.append(Block("bullet" if bullet else "text", text, where, level=level, bold=line["bold"] or bool(level)))
            prev = {"bottom": line["bottom"], "level": level, "bold": line["bold"]}
    return blocks
