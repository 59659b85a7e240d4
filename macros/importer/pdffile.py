"""PDF files, read with pypdfium2 (PDFium, the PDF engine of Chromium): running text joined over
hard-wrapped lines, headings told by type size and weight, ruled tables read cell by cell (a cell's
wrapped lines joined), and page headers, footers and page numbers recognised as export noise.

PDFium's text runs and the page's drawn rectangles are all that is needed; it reads a 16-page
document in well under a second, where a pure-Python PDF parser took over ten.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from pathlib import Path

from .blocks import SYMBOL_BULLETS, Block, ImportFault, clean
from . import gridtables
from .furniture import furniture
from .bounds import MAX_PAGES

SUFFIXES = (".pdf",)
_BULLET = re.compile(r"^[•\-–·▪●]\s+")


def _runs(page, height: float) -> list[dict]:
    """PDFium's text runs (one per line piece) with position, type size and weight, top-down."""
    import pypdfium2.raw as raw

    tp = page.get_textpage()
    runs = []
    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    for i in range(tp.count_rects()):
        left, bottom, right, top = tp.get_rect(i)
        text = tp.get_text_bounded(left, bottom, right, top)
        if not text.strip():
            continue
        idx = tp.get_index(left + 0.5, (bottom + top) / 2, 2, 2)
        size, bold, base = 0.0, False, bottom
        if idx is not None and idx >= 0:
            ox, oy = ctypes.c_double(), ctypes.c_double()
            if raw.FPDFText_GetCharOrigin(tp.raw, idx, ctypes.byref(ox), ctypes.byref(oy)):
                base = oy.value  # the baseline: glyph boxes vary with ascenders and descenders
            size = round(raw.FPDFText_GetFontSize(tp.raw, idx), 1)
            weight = raw.FPDFText_GetFontWeight(tp.raw, idx)
            raw.FPDFText_GetFontInfo(tp.raw, idx, buf, 256, ctypes.byref(flags))
            bold = weight >= 600 or b"bold" in buf.value.lower()
        runs.append({"x0": left, "x1": right, "top": height - top, "bottom": height - bottom,
                     "text": text.replace("\x02", "-").translate(SYMBOL_BULLETS).replace("\r", "").replace("\n", " ").strip(), "size": size, "bold": bold, "base": height - base})
    return runs


def _cells(page, height: float) -> list[tuple[float, float, float, float]]:
    """Table cells from the drawn rectangles (x0, top, x1, bottom), or from a grid of ruling lines."""
    import pypdfium2.raw as raw

    rects, hlines, vlines = [], [], []
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,)):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        box = (left, height - top, right, height - bottom)
        if w > 3 and h > 3:
            rects.append(box)
        elif w > 3:
            hlines.append(box)
        elif h > 3:
            vlines.append(box)
    if rects:
        return rects
    if not (hlines and vlines):
        return []
    # A grid of lines: cells between neighbouring horizontal and vertical lines.
    def cluster(values):
        out: list[float] = []
        for v in sorted(values):
            if not out or v - out[-1] > 2:
                out.append(v)
        return out

    ys = cluster([b[1] for b in hlines])
    xs = cluster([b[0] for b in vlines])

    def ruled(x, y):  # a vertical rule at x through height y
        return any(abs(b[0] - x) <= 2 and b[1] - 2 <= y <= b[3] + 2 for b in vlines)

    # Only where rules enclose the cell: between two tables of a page lie no vertical rules, and a
    # heading there is text, not a cell.
    return [(xs[i], ys[j], xs[i + 1], ys[j + 1]) for j in range(len(ys) - 1) for i in range(len(xs) - 1)
            if ruled(xs[i], (ys[j] + ys[j + 1]) / 2) and ruled(xs[i + 1], (ys[j] + ys[j + 1]) / 2)]


def _tables(cells) -> list[list[list[tuple]]]:
    """Cells grouped into rows (same top) and rows into tables (each row starting where the last ended)."""
    rows: list[list[tuple]] = []
    for c in sorted(cells, key=lambda c: (round(c[1]), c[0])):
        if rows and abs(rows[-1][0][1] - c[1]) < 2:
            rows[-1].append(c)
        else:
            rows.append([c])
    tables: list[list[list[tuple]]] = []
    for row in rows:
        if tables and abs(tables[-1][-1][0][3] - row[0][1]) < 3:
            tables[-1].append(row)
        else:
            tables.append([row])
    # A single box is a frame around text (or a scanned page's image area), not a table.
    return [t for t in tables if sum(len(r) for r in t) > 1]


def _lines(runs: list[dict]) -> list[dict]:
    """Runs grouped into lines by their vertical position."""
    lines: list[dict] = []
    for r in sorted(runs, key=lambda r: (round(r["top"]), r["x0"])):
        if lines and _same_line(lines[-1], r):
            lines[-1]["runs"].append(r)
        else:
            lines.append({"top": r["top"], "bottom": r["bottom"], "runs": [r]})
    for line in lines:
        rs = sorted(line["runs"], key=lambda r: r["x0"])
        line["text"] = " ".join(r["text"] for r in rs)
        line["x0"], line["x1"] = rs[0]["x0"], rs[-1]["x1"]
        line["bottom"] = max(r["bottom"] for r in rs)
        line["base"] = max(r["base"] for r in rs)
        line["size"] = max(r["size"] for r in rs)
        line["bold"] = all(r["bold"] for r in rs)
        line["words"] = line["text"].split()
    return lines


def _same_line(line: dict, r: dict) -> bool:
    """A run on the line: same top, or a small glyph (a list bullet) set inside the line's height."""
    if abs(line["top"] - r["top"]) < 2:
        return True
    middle = (r["top"] + r["bottom"]) / 2
    return line["top"] < middle < line["bottom"] and r["bottom"] - r["top"] < line["bottom"] - line["top"]


def _join(a: str, b: str, wrapped_mid_word: bool = False) -> str:
    if a.endswith("-") and not a.endswith(" -") and b[:1].islower() and b.split(" ")[0] not in ("och", "eller", "samt", "till"):
        return a[:-1] + b  # a word hyphenated at the line end
    if wrapped_mid_word and b[:1].isalpha():
        return a + b  # a table cell too narrow for the word: "Tas fram av nämnd/styrel" + "se"
    return a + " " + b


def _table_rows(table: list[list[tuple]], runs: list[dict]) -> list[list[str]]:
    """A table's cells as text, each cell's lines joined."""
    def inside(r, c):
        cx, cy = (r["x0"] + r["x1"]) / 2, (r["top"] + r["bottom"]) / 2
        return c[0] <= cx <= c[2] and c[1] <= cy <= c[3]

    grid = [[_lines([r for r in runs if inside(r, c)]) for c in row] for row in table]
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
                # fills a line of its own up to the column's edge.
                alone = len(prev["words"]) == 1 and edges[c] - prev["x1"] < (prev["size"] or 8) * 0.7
                text = _join(text, line["text"], wrapped_mid_word=alone)
            cells.append(clean(text))
        out.append(cells)
    return out


def read(path: Path) -> list[Block]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise ImportFault("PDF-filen är lösenordsskyddad; spara den utan lösenord och försök igen") from None
        raise ImportFault("filen är ingen läsbar PDF") from None
    if len(pdf) > MAX_PAGES:  # checked before any page is read (bounds.py)
        count = len(pdf)
        pdf.close()
        raise ImportFault(f"PDF-filen har {count} sidor; högst {MAX_PAGES} kan importeras (en plan har några tiotal)")
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            height = page.get_size()[1]
            runs = _runs(page, height)
            tables = _tables(_cells(page, height))
            boxes = [(t[0][0][0], t[0][0][1], max(c[2] for c in t[0]), t[-1][0][3]) for t in tables]

            def in_table(r, boxes=boxes):
                cx, cy = (r["x0"] + r["x1"]) / 2, (r["top"] + r["bottom"]) / 2
                return any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

            rows = [(box[1], _table_rows(t, [r for r in runs if in_table(r, [box])])) for t, box in zip(tables, boxes)]
            pages.append((height, _lines([r for r in runs if not in_table(r)]), rows))
    finally:
        pdf.close()
    return _blocks(pages)


def _cells_of(line: dict) -> list[tuple[float, float, str]]:
    """A line's runs joined into cells: runs closer than a wide word space belong together."""
    cells: list[list] = []
    for r in sorted(line["runs"], key=lambda r: r["x0"]):
        bullet = bool(cells) and _BULLET.match(cells[-1][2] + " ")  # a list item's bullet and its text
        if cells and (bullet or r["x0"] - cells[-1][1] < max(4.0, (r["size"] or 10) * 0.9)):
            cells[-1][1] = max(cells[-1][1], r["x1"])
            cells[-1][2] += ("" if r["x0"] - cells[-1][1] < 0.5 else " ") + r["text"]
        else:
            cells.append([r["x0"], r["x1"], r["text"]])
    return [(a, b, clean(t)) for a, b, t in cells if clean(t)]


def _join_cell(a: str, b: str) -> str:
    return clean(_join(a, b))


def _blocks(pages) -> list[Block]:
    if not any(lines or any(any(row) for _, t in tables for row in t) for _, lines, tables in pages):
        raise ImportFault("PDF-filen innehåller ingen text (inskannad bild?); använd originalet i Word eller en PDF med text")

    # Headers, footers and page numbers: told by repetition at the pages' edges (furniture.py).
    noise = furniture([[l["text"] for l in lines] for _, lines, _ in pages])

    sizes = Counter()
    for _, lines, _ in pages:
        for line in lines:
            sizes[line["size"]] += len(line["text"])
    body = sizes.most_common(1)[0][0] if sizes else 0
    heading_sizes = sorted({s for s in sizes if s > body + 0.5}, reverse=True)

    blocks: list[Block] = []
    carry = None
    for number, (height, lines, tables) in enumerate(pages, start=1):
        furn = {id(lines[i]) for i in noise[number - 1]}
        # Tables without rules (or whose rules are not drawn as a grid): from the words' positions.
        body_lines = [l for l in lines if id(l) not in furn]
        found = gridtables.find([gridtables.Line(l["base"] - (l["size"] or 10), l["base"], l["size"] or 10, _cells_of(l), n)
                                 for n, l in enumerate(body_lines)], _join_cell, carry=carry, body=body)
        # A table ending the page may go on at the top of the next one.
        carry = found[-1].columns if found and found[-1].last == len(body_lines) - 1 else None
        taken = {id(body_lines[n]) for t in found for n in range(t.first, t.last + 1)}
        lines = [l for l in lines if id(l) not in taken]
        items = ([("line", l["top"], l) for l in lines] + [("table", top, rows) for top, rows in tables]
                 + [("table", body_lines[t.first]["top"], t.rows) for t in found])
        items.sort(key=lambda x: x[1])
        prev = None
        opens_page = True  # nothing but furniture yet on this page
        for n_line, (kind, _, item) in enumerate(items, start=1):
            where = f"sida {number}, rad {n_line}"
            if kind == "table":
                prev = None
                # A row the page break cut: its rest opens the next page's table, in lower case.
                gridtables.add_rows(blocks, item, opens_page, _join_cell, lambda r: f"sida {number}, tabell rad {r}")
                opens_page = False
                continue
            line = item
            text = clean(line["text"])
            if id(line) in furn:
                blocks.append(Block("noise", text, where))
                prev = None
                continue
            opens_page = False
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
