"""Text exports (.txt, .md) of Word or PDF documents: one paragraph per line, tables as tab rows.

Handles the shapes of the seed documents: Markdown-like (``##`` headings, ``**bold**``, ``*italic*``,
``<b>`` tags), plain text with tab-separated tables, and the report's layout.
"""

from __future__ import annotations

import re
from pathlib import Path

from .blocks import SYMBOL_BULLETS, Block, ImportFault, clean, key
from . import gridtables, texttables
from .furniture import furniture

SUFFIXES = (".txt", ".md")

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-•*–]\s+(.*)$")
_EMPHASIS = re.compile(r"^(\*{1,3}|_)(.+?)\1$")


def read(path: Path, known: texttables.Known | None = None) -> list[Block]:
    """known: what the year's shared files say (indicator names, KF's targets, units), by which the
    indicator tables of an export without tabs are recognised (texttables.py)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return parse(text, known)


def parse(text: str, known: texttables.Known | None = None) -> list[Block]:
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
    _detached_bullets(lines, furn)
    tables = _known_tables(lines, furn, known) if known is not None else {}
    tables.update(_layout_tables(lines, furn | set(tables) | _item_continuations(lines)))
    _titles_before_page_break(lines, furn, tables)
    paged = any(line.startswith("\f") for line in lines)
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0  # a full line's length
    last_line = None
    for number, line in enumerate(lines, start=1):
        where = f"rad {number}"
        line = line.replace("\f", "").rstrip("\r").translate(SYMBOL_BULLETS)
        if number - 1 in furn:
            blocks.append(Block("noise", clean(line), where))
            continue
        if tables.get(number - 1) is not None:
            rows, opens_page = tables[number - 1]
            gridtables.add_rows(blocks, rows, opens_page, _join, lambda r: f"{where}, tabellrad {r}")
            continue
        if number - 1 in tables:
            continue  # a line of a table, read with its first line
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
            last_line = number - 1
            continue
        stripped = stripped.replace("**", "") if stripped.startswith("**") and stripped.count("**") == 2 and stripped.endswith("**") else stripped
        if stripped.startswith("**") and "**" in stripped[2:]:
            # "**Nämndmål:** text": a bold label on a line of text
            stripped = stripped.replace("**", "")
        text_ = clean(stripped)
        if not text_:
            continue
        last = blocks[-1] if blocks and blocks[-1].kind in ("text", "bullet") else None
        if (paged and last is not None and not level and not bold and last_line is not None
                and all(n in furn for n in range(last_line + 1, number - 1))
                and len(lines[last_line].strip()) >= 0.7 * width):
            # pdftotext keeps no paragraph marks: the line above filled the column, so this one may
            # go on with its paragraph (the recogniser decides, knowing the headings).
            last.full = True
        blocks.append(Block("text", text_, where, level=level, bold=bold or bool(level)))
        last_line = number - 1
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


_CELL = re.compile(r"\S+(?: \S+)*")  # text between runs of two or more spaces


def _join(a: str, b: str) -> str:
    if a.endswith("-") and not a.endswith(" -") and b[:1].islower() and b.split(" ")[0] not in ("och", "eller", "samt", "till"):
        return a + b  # "IT-" + "relaterade": the hyphen is the word's own
    return a + " " + b


def _cells(line: str) -> list[tuple[float, float, str]]:
    cells: list[list] = []
    for m in _CELL.finditer(line.replace("\f", " ")):
        if cells and _BULLET.match(cells[-1][2] + " "):  # a list item's bullet and its text
            cells[-1][1], cells[-1][2] = m.end(), cells[-1][2] + " " + clean(m.group(0))
        else:
            cells.append([m.start(), m.end(), clean(m.group(0))])
    return [(a, b, t) for a, b, t in cells]


_BULLET_ONLY = re.compile(r"^\f?\s*[•▪\-–]\s*$")


def _detached_bullets(lines: list[str], furn: set[int]) -> None:
    """pdftotext without -layout writes a list's bullets apart from their items: a line per bullet,
    then, after a blank line, the items' lines. When the next paragraph has as many lines opening an
    item (a capital or a digit; a wrapped item goes on in lower case) as there were bullets, each of
    those lines gets its bullet back (in place). Page furniture between the bullets and the items (a
    page number the bullet stands above) is passed over."""
    i = 0
    while i < len(lines):
        if not _BULLET_ONLY.match(lines[i].translate(SYMBOL_BULLETS)):
            i += 1
            continue
        j = i
        while j < len(lines) and _BULLET_ONLY.match(lines[j].translate(SYMBOL_BULLETS)):
            j += 1
        k = j
        while k < len(lines) and (not lines[k].strip(" \r") or k in furn):
            k += 1
        e = k
        while e < len(lines) and lines[e].strip(" \r") and not lines[e].startswith("\f"):
            e += 1
        starts = [n for n in range(k, e) if lines[n].strip()[:1].isupper() or lines[n].strip()[:1].isdigit()]
        if k > j and starts and starts[0] == k and len(starts) == j - i:
            for n in starts:
                lines[n] = "• " + lines[n].strip()
        i = j


def _item_continuations(lines: list[str]) -> set[int]:
    """Lines (0-based) that go on with a list item above them at its hanging indent, as pdftotext
    -layout writes a wrapped item ("•  Öka kvaliteten genom att" / "   kvalitetssäkra insatserna."):
    text of the item, not a one-cell table row."""
    out: set[int] = set()
    indent = None  # where the text of the item above starts
    for i, raw in enumerate(lines):
        line = raw.replace("\f", "").rstrip("\r").translate(SYMBOL_BULLETS)
        if not line.strip():
            indent = None
            continue
        m = re.match(r"^(\s*[-•*–]\s+)\S", line)
        if m:
            indent = len(m.group(1)) if len(_cells(line)) == 1 else None  # not an item in a table's cell
            continue
        lead = len(line) - len(line.lstrip(" "))
        if indent is not None and lead and abs(lead - indent) <= 1 and len(_cells(line)) == 1:
            out.add(i)
        else:
            indent = None
    return out


def _titles_before_page_break(lines: list[str], furn: set[int], tables: dict[int, object]) -> None:
    """A compensation table's title ("Ersättningsnivåer 2024", perhaps wrapped before its year) left at
    the foot of a page whose next page opens with the table: the title becomes the table's first row,
    as it is where both stand on one page (in place)."""
    for first, found in list(tables.items()):
        if found is None or not found[1]:
            continue
        before: list[int] = []
        j = first - 1
        while j >= 0 and len(before) < 2 and j not in tables:
            if j not in furn and lines[j].strip(" \f\r"):
                before.insert(0, j)
            j -= 1
        texts = [clean(lines[j].replace("\f", "")) for j in before]
        for n in (1, 0):  # the title on one line, or wrapped before its year
            title = " ".join(texts[n:])
            if texts[n:] and texttables.COMPENSATION_TITLE.match(title) and re.search(r"\d{4}$", title):
                rows, _ = found
                tables[before[n]] = ([[title]] + rows, False)
                for i in range(before[n] + 1, first + 1):
                    if i not in furn:
                        tables[i] = None
                break


def _known_tables(lines: list[str], furn: set[int], known: texttables.Known) -> dict[int, object]:
    """Indicator tables, told by what is known (texttables.py), in an export without tabs: each
    "Indikator" heading row with the lines up to its table's last piece. Same shape as _layout_tables."""
    if any("\t" in line for line in lines):
        return {}
    out: dict[int, object] = {}
    # An export that keeps positions sets a table's cells apart by runs of spaces.
    spaced = sum(1 for line in lines if re.search(r"\S {2,}\S", line)) > 0.02 * sum(1 for line in lines if line.strip())
    n = 0
    while n < len(lines):
        cells = _cells(lines[n]) if n not in furn else []
        if cells and len(cells) == 1 and not spaced and texttables.COMPENSATION_TITLE.match(cells[0][2]):
            pieces = [texttables.Piece(i, clean(lines[i].replace("\f", "")))
                      for i in range(n, min(len(lines), n + 600)) if i not in furn and lines[i].strip(" \f\r")]
            found = texttables.read_compensation(pieces, furn)
            if found is not None:
                rows, taken = found
                last = pieces[taken - 1].line
                out[n] = (rows, False)
                out.update({i: None for i in range(n + 1, last + 1) if i not in furn})
                n = last + 1
                continue
        first = key(cells[0][2]) if cells else ""
        if first not in ("indikator", "uppdelning", "aktivitet") or (first == "aktivitet" and spaced):
            n += 1
            continue
        positions = len(cells) > 1
        pieces = []
        page = 0
        for i in range(n, min(len(lines), n + 400)):
            page += lines[i].startswith("\f")
            if i in furn or not lines[i].strip(" \f\r"):
                continue
            if positions:
                pieces += [texttables.Piece(i, t, x, x1, page) for x, x1, t in _cells(lines[i])]
            else:
                pieces.append(texttables.Piece(i, clean(lines[i].replace("\f", "")), page=page))
        if first == "indikator":
            found = texttables.read(pieces, known, positions)
        elif first == "aktivitet":
            found = texttables.read_activities(pieces, _join)
        else:
            found = texttables.read_complaints(pieces, _join) if positions else None
        if found is None:
            n += 1
            continue
        rows, taken = found
        last = pieces[taken - 1].line
        out[n] = (rows, False)
        for i in range(n + 1, last + 1):
            if i not in furn:
                out[i] = None
        n = last + 1
    return out


def _layout_tables(lines: list[str], furn: set[int]) -> dict[int, object]:
    """Tables in a space-aligned export (pdftotext -layout): {first line: (rows, opens a page)} and
    {every other line of a table: None}. Columns in characters, rows apart where a blank line is."""
    if any("\t" in line for line in lines):
        return {}
    out: dict[int, object] = {}
    starts = [0] + [i for i, line in enumerate(lines) if line.startswith("\f")]
    carry = None
    for a, b in zip(starts, starts[1:] + [len(lines)]):
        page = [gridtables.Line(i, i + 1, 1.0, _cells(lines[i]), i)
                for i in range(a, b) if lines[i].strip(" \f\r") and i not in furn]
        if not page:
            carry = None
            continue
        # Without type sizes a heading between two tables cannot be told from a merged row: the
        # recogniser reads an indicator's Analys paragraph after its row by its label.
        found = gridtables.find(page, _join, slack=0.5, carry=carry, merged=False)
        if (carry and not (found and found[0].first == page[0].index) and len(page[0].cells) == len(carry)
                and page[0].index not in out):
            # A table's last row alone at the top of the next page (a title or text after it), its
            # cells as many as the table's columns: a row of that table.
            found.insert(0, gridtables.Table(page[0].index, page[0].index, [[c[2] for c in page[0].cells]], carry))
        carry = found[-1].columns if found and found[-1].last == page[-1].index else None
        for t in found:
            out[t.first] = (t.rows, t.first == page[0].index)
            for i in range(t.first + 1, t.last + 1):
                out[i] = None
    return out
