"""Tables told from the text's geometry alone, ruled or not: columns from the x positions of the
cells across rows, rows from the vertical gaps between lines. Used for PDFs (positions in points) and
for space-aligned text exports (positions in characters, a line's height 1).

A line is given as its cells: pieces of text separated by a gap wider than a word space. A table is a
run of at least two lines with cells in two or more columns, together with the lines between them
that continue one cell (a wrapped cell) or span the table (a merged row, e.g. an indicator's Analys).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import Block


@dataclass
class Line:
    top: float
    bottom: float
    size: float  # type size (a line's height for text exports)
    cells: list[tuple[float, float, str]]  # (x0, x1, text), left to right
    index: int = 0  # position in the caller's list of lines


@dataclass
class Table:
    first: int  # index of the first and last line taken
    last: int
    rows: list[list[str]] = field(default_factory=list)
    columns: list[list[float]] = field(default_factory=list)


def _columns(lines: list[Line], slack: float) -> list[list[float]]:
    """Column intervals: the cells of the multi-cell lines projected onto the x axis and merged."""
    spans = sorted([c[0], c[1]] for line in lines if len(line.cells) > 1 for c in line.cells)
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 <= cols[-1][1] + slack:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    return cols


def _column(cell, cols, slack) -> int | None:
    """The column a cell lies in, or None when it spans a gutter."""
    for n, (x0, x1) in enumerate(cols):
        if cell[0] >= x0 - slack and cell[1] <= (cols[n + 1][0] - slack if n + 1 < len(cols) else float("inf")):
            return n if cell[0] < (cols[n + 1][0] if n + 1 < len(cols) else float("inf")) else None
    return None


def find(lines: list[Line], join, slack: float = 3.0, carry: list[list[float]] | None = None,
         merged: bool = True, body: float = 0.0) -> list[Table]:
    """The tables among lines (top-down, one page); join(a, b) joins a cell's wrapped lines. carry: the
    columns of a table that ended the previous page, for a table opening this one (its continuation,
    whose empty columns could not be told from its own lines). merged: whether a paragraph across the
    table between two rows is a merged row (where type size tells it from a heading). body: the running
    text's type size; a table set in another size keeps a row whose only cell is in the first column."""
    tables: list[Table] = []

    def columns(group):
        own = _columns(group, slack)
        # The first table of a page may go on from the previous page, with its columns.
        # Only when its own lines show fewer columns (some empty on this page): pdftotext lays out
        # each page's columns anew.
        return carry if carry and not tables and len(own) < len(carry) and _fits(own, carry, slack) else own

    i = 0
    while i < len(lines):
        if len(lines[i].cells) < 2:
            i += 1
            continue
        group = [lines[i]]
        j = i + 1
        while j < len(lines):
            line, prev = lines[j], group[-1]
            size = group[0].size
            near = line.top - prev.bottom < 2.5 * size and abs(line.size - size) < 0.6
            if not near:
                break
            cols = columns(group)
            col = _column(line.cells[0], cols, slack)
            # One cell: a wrapped cell's next line, or a row whose only cell is not the first column
            # (a heading at the left margin after the table is neither).
            if len(line.cells) > 1 or (col is not None and (col > 0 or line.top - prev.bottom < 0.8 * size
                                                            or (body and abs(size - body) >= 0.6))):
                group.append(line)
                j += 1
                continue
            # A line spanning the columns: a merged row (one paragraph) when the table goes on after it.
            if not merged:
                break
            k = j + 1
            while k < len(lines) and len(lines[k].cells) == 1 and abs(lines[k].size - size) < 0.6 \
                    and lines[k].top - lines[k - 1].bottom < 0.8 * size:
                k += 1
            if k < len(lines) and k > j and len(lines[k].cells) > 1 and lines[k].top - lines[k - 1].bottom < 2.5 * size:
                group.extend(lines[j:k])
                j = k
                continue
            break
        # Rows of one cell before the first of several cells: a table's title or a group's heading
        # row, or a row continued from the previous page.
        h = i
        while h > 0 and len(lines[h - 1].cells) == 1 and abs(lines[h - 1].size - group[0].size) < 0.6 \
                and lines[h].top - lines[h - 1].bottom < 2.5 * group[0].size and (not tables or lines[h - 1].index > tables[-1].last):
            h -= 1
        ext = lines[h:i]
        if not merged and not (h == 0 and all(_column(line.cells[0], columns(group), slack) is not None
                                               for line in ext)):
            # In a text export (no type size to go by): the rest of a row opening the page, or title
            # and group rows within the first column, as "Ersättning boende / med särskild service".
            cols = columns(group)
            n = len(ext)
            while n > 0 and _column(ext[n - 1].cells[0], cols, slack) == 0 and len(cols) > 1:
                n -= 1
            # A row of its own lies a row's gap above the table; a heading's last line touches it.
            ext = ext[n:] if ext and group[0].top - ext[-1].bottom > 0.5 * group[0].size else []
        group = ext + group
        if sum(1 for line in group if len(line.cells) > 1) >= 2 or (carry and group[0] is lines[0] and len(group) > 1):
            cols = columns(group)
            tables.append(Table(group[0].index, group[-1].index, _rows(group, join, slack, cols), cols))
            i = j
        else:
            i += 1
    return tables


def _fits(own: list[list[float]], carry: list[list[float]], slack: float) -> bool:
    """Every column of a page's table lies within one of the previous page's columns."""
    return all(any(x0 >= c0 - slack and x0 < (carry[n + 1][0] if n + 1 < len(carry) else float("inf"))
                   for n, (c0, _) in enumerate(carry)) for x0, _ in own) and len(own) <= len(carry)


def _rows(group: list[Line], join, slack: float, cols: list[list[float]]) -> list[list[str]]:
    gaps = [b.top - a.bottom for a, b in zip(group, group[1:])]
    # Lines of one cell lie closer together than rows, whose cells have padding or spacing around them;
    # where every gap is alike, a line opening a first-column cell with a capital or digit opens a row.
    # A table without a wrapped cell has only row gaps: lines of one paragraph lie at most about a
    # third of the type size apart (a text export's at 0).
    tight = min(min(gaps), 0.3 * group[0].size) if gaps else 0.0
    uniform = bool(gaps) and max(gaps) - min(gaps) <= 0.4 * group[0].size
    rows: list[list[str]] = []
    was_merged = False
    right = [max((c[1] for line in group for c in line.cells if _column(c, cols, slack) == n), default=x1)
             for n, (_, x1) in enumerate(cols)]
    last: dict[int, tuple[float, str]] = {}  # per column: the right end and text of its last piece
    for n, line in enumerate(group):
        placed = [(_column(c, cols, slack), c) for c in line.cells]
        merged = len(line.cells) == 1 and placed[0][0] is None
        opens = placed[0][0] == 0 and line.cells[0][2][:1].isupper() or line.cells[0][2][:1].isdigit()
        new = (n == 0 or merged != was_merged or gaps[n - 1] > tight + 0.4 * line.size
               or (uniform and not merged and len(line.cells) > 1 and opens))
        if new:
            rows.append([] if merged else [""] * len(cols))
        row = rows[-1]
        if merged:  # one cell across the table
            if row:
                row[0] = join(row[0], line.cells[0][2])
            else:
                row.append(line.cells[0][2])
        else:
            for col, cell in placed:
                col = col if col is not None else 0
                if not row[col]:
                    row[col] = cell[2]
                else:
                    # A word longer than the column is cut and fills its line up to the column's edge.
                    x1, text = last.get(col, (0.0, ""))
                    cut = " " not in text and right[col] - x1 < 0.7 * line.size and cell[2][:1].islower()
                    row[col] = row[col] + cell[2] if cut else join(row[col], cell[2])
                last[col] = (cell[1], cell[2])
        was_merged = merged
    return rows


def continues(cells: list[str]) -> bool:
    """A table row that is the rest of the row above (cut by a page break): every filled cell goes on
    in lower case."""
    filled = [c for c in cells if c]
    return bool(filled) and all(c[:1].islower() for c in filled)


def merge_rows(above: list[str], rest: list[str], join) -> list[str]:
    merged = [join(a, b) if a and b else a or b for a, b in zip(above + [""] * len(rest), rest + [""] * len(above))]
    while merged and not merged[-1]:
        merged.pop()
    return merged


def add_rows(blocks: list, rows: list[list[str]], opens_page: bool, join, where) -> None:
    """A page's table rows appended to `blocks` as row Blocks (`where(i)` names row i, from 1),
    empty cells at a row's end and empty rows left out. When the table opens its page, a first row
    that continues the last row before the page break (continues) is joined to it."""
    for i, cells in enumerate(rows, start=1):
        while cells and not cells[-1]:
            cells.pop()
        if not any(cells):
            continue
        last = next((b for b in reversed(blocks) if b.kind != "noise"), None)
        if i == 1 and opens_page and last is not None and last.kind == "row" and continues(cells):
            last.cells = merge_rows(last.cells, cells, join)
            last.text = "\t".join(last.cells)
            continue
        blocks.append(Block("row", "\t".join(cells), where(i), cells=cells))
