"""Tables in text exports, recognised with the help of what is known.

A text export has lost a table's rules and, without ``-layout``, its positions too: pdftotext writes
each cell as a paragraph of its own, an empty cell not at all, and a table's columns in an order of
its own (the first column's names and a row's values may come apart, a page's furniture between
them); with ``-layout`` it packs a table's columns anew on every page. What is known puts it together
again. Indicator tables: the year's indicator names (a name is a name only when it is one of them,
however its cell wrapped), the column headings (``Indikator``, ``Årsmål``, ``KF:s årsmål år 2024``,
``Periodicitet``, the report's outcome columns), and the shapes of values (``9 %``, ``1,61 kg CO₂ per
kg livsmedel``, ``Tas fram av nämnd/styrelse``, ``År``, ``VB 2024``). The templates' other tables
(compensation levels, a nämndmål's activities, a report's complaints) by their headings and the
shapes of their rows.

The result is the rows the Word and PDF readers give: the heading row, then a row per indicator (its
cells under their headings, an empty cell where the document has none) and its ``Analys`` row, and
so on. A table that cannot be read so (an unknown name, values that do not add up to rows, totals
that are not the sums of their periods) is left to the reader's other means, line by line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .blocks import clean, key
from .furniture import PAGE_NUMBER


@dataclass(frozen=True)
class Known:
    """What the reader may know before it reads: the year's indicators (name → KF's target, as a number
    or a text such as "Tas fram av nämnd/styrelse", or None) and units, and the year."""
    indicators: dict = field(default_factory=dict)
    units: tuple = ()
    year: int = 0

    def headings(self) -> list[str]:
        y = self.year
        return ["Indikator", "Årsmål", f"KF:s årsmål år {y}", "KF:s årsmål", "Periodicitet", "Period",
                "Periodens utfall", "Utfall män/ pojkar", "Utfall kvinnor/ flickor", f"Utfall VB {y - 1}"]


KF_PHRASES = ("Tas fram av nämnd/styrelse", "Tas fram av nämnd")
_PERIOD = re.compile(r"^(År|Tertial|Månad|Kvartal|Halvår|((VB|T[1-3]|Tertial\s*[1-3])\s*)?(19|20)\d\d)$")
_NUMBER = re.compile(r"^[−–-]?\d{1,3}(?:[  ]\d{3})*(?:[,.]\d+)?|^[−–-]?\d+(?:[,.]\d+)?")


@dataclass
class Piece:
    line: int  # 0-based line of the export
    text: str
    x: Optional[float] = None  # the column in characters (pdftotext -layout), None without positions
    x1: Optional[float] = None  # where it ends
    page: int = 0


def _ends_table(text: str) -> bool:
    """A line that cannot be in an indicator table: the templates' next goal, label or part."""
    return bool(re.match(r"^(Nämndmål|Enhetsmål|KF:s inriktningsmål|KF:s mål för verksamhetsområdet)\b", text)
                or text.rstrip(":") in ("Beskrivning", "Förväntat resultat", "Aktivitet", "Inledning", "Övrigt",
                                        "Redovisning av ekonomi", "Uppföljning av ekonomi", "Bilagor"))


class _Table:
    def __init__(self, known: Known, headings=None):
        self.known = known
        self.heading_keys = {key(h): h for h in (headings or known.headings())}
        self.name_keys = {key(n): n for n in known.indicators}
        self.unit_keys = [key(u) for u in known.units if key(u)] + ["st", "kr"]
        self.phrase_keys = {key(p): p for p in KF_PHRASES}

    # --- what a piece is -----------------------------------------------------------------

    def heading_at(self, pieces: list[Piece], i: int) -> int:
        """How many pieces from i make one known heading (0: none)."""
        text = ""
        best = 0
        for n in range(i, min(i + 4, len(pieces))):
            text = key(text + pieces[n].text)
            if text in self.heading_keys:
                best = n - i + 1
            elif not any(h.startswith(text) for h in self.heading_keys):
                break
        return best

    def value_start(self, text: str) -> Optional[str]:
        """'open' when the piece begins a value that may go on in the next piece, 'done' when it is a
        whole value, None when it is no value."""
        if _PERIOD.match(text):
            return "done"
        k = key(text)
        if any(p.startswith(k) for p in self.phrase_keys) and k.startswith("tas"):
            return "done" if k in self.phrase_keys else "open"
        m = _NUMBER.match(text)
        if not m:
            return None
        rest = key(text[m.end():])
        if rest in ("",) or text[m.end():].strip() == "%":
            return "done"
        if any(u == rest for u in self.unit_keys):
            return "done"
        if any(u.startswith(rest) for u in self.unit_keys):
            return "open"
        return None

    def value_goes_on(self, value: str, piece: str) -> bool:
        k = key(value + piece)
        if key(value).startswith("tas"):
            return any(p.startswith(k) for p in self.phrase_keys)
        m = _NUMBER.match(value)
        rest = key((value + " " + piece)[m.end():]) if m else ""
        return bool(m) and any(u.startswith(rest) for u in self.unit_keys)

    def value_text(self, parts: list[str]) -> str:
        k = key("".join(parts))
        if k in self.phrase_keys:
            return self.phrase_keys[k]
        return clean(" ".join(parts))

    def name_prefix(self, k: str) -> list[str]:
        return [n for n in self.name_keys if n.startswith(k)] if len(k) >= 3 else []


def _layout_headings(t: _Table, pieces: list[Piece], opening: str = "indikator") -> Optional[tuple[list[tuple[str, float]], int]]:
    """With positions: the heading row, its cells where the first line has them and their next lines
    under them ("Periodens" / "utfall"); and how many pieces it took."""
    first = pieces[0].line
    heads = [[p.text, p.x] for p in pieces if p.line == first]
    i = len(heads)
    while i < len(pieces) and pieces[i].line <= first + 3:
        line = [p for p in pieces[i:] if p.line == pieces[i].line]
        cols = [min(range(len(heads)), key=lambda c: abs(heads[c][1] - p.x)) for p in line]
        if len(set(cols)) < len(cols) or not all(any(h.startswith(key(heads[c][0] + p.text)) for h in t.heading_keys)
                                                  for c, p in zip(cols, line)):
            break
        for c, p in zip(cols, line):
            heads[c][0] += " " + p.text
        i += len(line)
    if not all(key(h) in t.heading_keys for h, _ in heads) or key(heads[0][0]) != opening:
        return None
    return [(clean(h), x) for h, x in heads], i


def read(pieces: list[Piece], known: Known, positions: bool) -> Optional[tuple[list[list[str]], int]]:
    """The rows of the indicator table whose heading row starts pieces[0], and how many pieces it took;
    None when the pieces do not make a table of the year's indicators."""
    t = _Table(known)
    headings: list[tuple[str, Optional[float]]] = []
    names: list[dict] = []  # {"key", "parts", "line", "analys"} in the first column's order
    values: list[dict] = []  # {"parts", "line", "x" (its column with positions), "open"}
    open_value: Optional[dict] = None
    open_name: Optional[dict] = None
    analys: Optional[dict] = None
    column_values: dict[int, dict] = {}  # with positions: the last value of each column
    i = 0
    if positions:
        found = _layout_headings(t, pieces)
        if found is None:
            return None
        headings, i = found
    cols = [x for _, x in headings]

    def column_of(p: Piece) -> int:
        return min(range(len(cols)), key=lambda c: abs(cols[c] - p.x))

    taken = i
    while i < len(pieces):
        p = pieces[i]
        if i and _ends_table(p.text):
            break
        if not positions:
            # Without positions the headings may come between the first rows' cells.
            n = t.heading_at(pieces, i)
            seen = {key(h) for h, _ in headings}
            if n and key("".join(x.text for x in pieces[i:i + n])) not in seen:  # each heading once
                headings.append((clean(" ".join(x.text for x in pieces[i:i + n])), None))
                i += n
                taken = i
                continue
            if not headings or key(headings[0][0]) != "indikator":
                return None
        # A value, or the rest of one.
        if positions and column_of(p) > 0:
            c = column_of(p)
            v = column_values.get(c)
            if v is not None and v["open"] and t.value_goes_on(" ".join(v["parts"]), p.text):
                v["parts"].append(p.text)
                v["open"] = key("".join(v["parts"])) not in t.phrase_keys and t.value_start(" ".join(v["parts"])) != "done"
            else:
                state = t.value_start(p.text)
                if state is None:
                    break
                v = {"parts": [p.text], "line": p.line, "x": c, "open": state == "open"}
                values.append(v)
                column_values[c] = v
            i += 1
            taken = i
            continue
        if not positions:
            if open_value is not None and t.value_goes_on(" ".join(open_value["parts"]), p.text):
                open_value["parts"].append(p.text)
                if key("".join(open_value["parts"])) in t.phrase_keys or t.value_start(" ".join(open_value["parts"])) == "done":
                    open_value["open"] = False
                    open_value = None
                i += 1
                taken = i
                continue
            open_value = None
            state = t.value_start(p.text)
            if state is not None:
                v = {"parts": [p.text], "line": p.line, "x": None, "open": state == "open"}
                values.append(v)
                open_value = v if state == "open" else None
                i += 1
                taken = i
                continue
        # The first column: a name (or the rest of one), or an indicator's Analys.
        k = key(p.text)
        if open_name is not None and analys is None and t.name_prefix(open_name["key"] + k):
            open_name["key"] += k
            open_name["parts"].append(p.text)
            i += 1
            taken = i
            continue
        if _whole_name(t, pieces, i, positions and column_of) or (analys is None and t.name_prefix(k)):
            open_name = {"key": k, "parts": [p.text], "line": p.line, "analys": None}
            names.append(open_name)
            analys = None
            i += 1
            taken = i
            continue
        if re.match(r"Analys\b", p.text) and names and analys is None:
            analys = {"parts": [p.text], "line": p.line}
            names[-1]["analys"] = analys
            open_name = None
            i += 1
            taken = i
            continue
        if analys is not None:
            analys["parts"].append(p.text)
            i += 1
            taken = i
            continue
        break
    if not names or any(n["key"] not in t.name_keys for n in names) or any(v["open"] for v in values):
        return None
    rows = _rows(t, headings, names, values, positions)
    if rows is None:
        return None
    return rows, taken


def _whole_name(t: _Table, pieces: list[Piece], i: int, column_of=None) -> bool:
    """Whether pieces from i make one of the known names (its wrapped lines, the next few pieces of
    the first column)."""
    k = ""
    for n in range(i, min(i + 40, len(pieces))):
        if column_of and column_of(pieces[n]) > 0:
            continue
        k += key(pieces[n].text)
        if k in t.name_keys:
            return True
        if not t.name_prefix(k):
            return False
    return False


def _role(heading: str) -> str:
    k = key(heading)
    if k == "indikator":
        return "name"
    if k.startswith("kfs"):
        return "kf"
    if k in ("period", "periodicitet"):
        return "period"
    return "value"


def _rows(t: _Table, headings, names, values, positions: bool) -> Optional[list[list[str]]]:
    roles = [_role(h) for h, *_ in headings]
    width = len(headings)
    # Each row's values: with positions, the values from the row's first line on; without, the values
    # up to a row's last column (its period), in order.
    groups: list[list[dict]] = []
    if positions:
        starts = [n["line"] for n in names]
        groups = [[] for _ in names]
        for v in values:
            row = max((r for r, s in enumerate(starts) if s <= v["line"]), default=None)
            if row is None:
                return None
            groups[row].append(v)
    else:
        if roles[-1] != "period":
            return None
        current: list[dict] = []
        for v in values:
            current.append(v)
            if _PERIOD.match(t.value_text(v["parts"])):
                groups.append(current)
                current = []
        if current or len(groups) != len(names):
            return None
    rows = [[h for h, *_ in headings]]
    for name, group in zip(names, groups):
        cells = [t.name_keys[name["key"]]] + [""] * (width - 1)
        texts = [t.value_text(v["parts"]) for v in group]
        if positions:
            for v, text in zip(group, texts):
                col = v["x"]
                if col == 0 or cells[col]:
                    return None
                cells[col] = text
        else:
            placed = _place(t, name, texts, roles)
            if placed is None:
                return None
            for col, text in placed:
                cells[col] = text
        rows.append(cells)
        if name["analys"]:
            rows.append([clean(" ".join(name["analys"]["parts"]))] + [""] * (width - 1))
    return rows


def _place(t: _Table, name: dict, texts: list[str], roles: list[str]) -> Optional[list[tuple[int, str]]]:
    """Without positions: which column each of a row's values (in order) stands in. The period closes
    the row; KF's target is the one that the year's file gives (or its "Tas fram av …"); the other
    values fill the first value column and then those next to KF's column, leftwards (the middle
    columns of a report, outcomes for men and women, are the ones most often empty)."""
    out: list[tuple[int, str]] = []
    texts = list(texts)
    period_col = len(roles) - 1
    out.append((period_col, texts.pop()))
    kf_col = next((c for c, r in enumerate(roles) if r == "kf"), None)
    target = t.known.indicators.get(t.name_keys[name["key"]])
    if kf_col is not None and texts:
        last = texts[-1]
        if key(last).startswith("tas") or (target is not None and not isinstance(target, str) and _number(last) == target):
            out.append((kf_col, texts.pop()))
    free = [c for c, r in enumerate(roles) if r == "value" and (kf_col is None or c < kf_col)]
    if len(texts) > len(free) or any(key(x).startswith("tas") or _PERIOD.match(x) and not _NUMBER.match(x) for x in texts):
        return None
    if texts:
        out.append((free[0], texts[0]))
        rest = texts[1:]
        right = free[len(free) - len(rest):] if rest else []
        out += list(zip(right, rest))
    return out


def _number(text: str) -> Optional[float]:
    m = _NUMBER.match(text)
    if not m:
        return None
    return float(m.group(0).replace(" ", "").replace(" ", "").replace(",", ".").replace("−", "-").replace("–", "-"))


# --- the compensation table (Ersättningsnivåer) without positions ------------------------------------

COMPENSATION_TITLE = re.compile(r"^Ersättningsnivåer(\s+(19|20)\d\d)?$")
_PER = re.compile(r"^Ersättning/(\w+)$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_AMOUNT = re.compile(r"^[−–-]?\d{1,3}(?:[  ]\d{3})*(?:,\d+)?$")
_PERCENT = re.compile(r"^[−–-]?\d+(?:,\d+)?\s*%$")
_HEADINGS = {"Höjning", "Nivå", "kronor", "Höjning %"}


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", ":", ";"))


def read_compensation(pieces: list[Piece], noise: set[int]) -> Optional[tuple[list[list[str]], int]]:
    """The compensation table (its title "Ersättningsnivåer <år>" starts pieces[0]) as pdftotext writes
    it without -layout: its rows whole and in order (a level and four amounts), but its headings and
    its groups' titles wherever the export put them, some after the last row. The groups are the runs
    of rows; each gets the next group title in order and the per (dygn, timme, månad) of the last
    "Ersättning/…" before it. The table ends at running text. None unless the titles are as many as
    the groups: then the table is left to the reader's other means. A page number that the export
    wrote amid the table (its footer's) is skipped, its line added to noise."""
    numbers = {p.line for p in pieces if PAGE_NUMBER.match(p.text)}
    given, pieces = pieces, [p for p in pieces if p.line not in numbers]
    texts = [p.text for p in pieces]
    title = texts[0]
    i = 1
    if not COMPENSATION_TITLE.match(title):
        return None
    if not re.search(r"\d{4}$", title) and i < len(texts) and _YEAR.match(texts[i]):
        title, i = f"{title} {texts[i]}", i + 1
    titles: list[str] = []
    pers: list[Optional[str]] = []  # the per before each run of rows
    runs: list[list[list[str]]] = []
    years: list[str] = []
    per_since: Optional[str] = None
    in_run = title_open = False
    taken = i
    while i < len(texts):
        t = texts[i]
        row = texts[i:i + 5]
        if (len(row) == 5 and not _AMOUNT.match(t) and not _PERCENT.match(t) and t not in _HEADINGS
                and not _PER.match(t) and not _YEAR.match(t)
                and _AMOUNT.match(row[1]) and _AMOUNT.match(row[2]) and _PERCENT.match(row[3]) and _AMOUNT.match(row[4])):
            if not in_run:
                runs.append([])
                pers.append(per_since)
                per_since = None
                in_run = True
            runs[-1].append(row)
            i += 5
            taken = i
            continue
        in_run = False
        m = _PER.match(t)
        joins = title_open and not t.startswith("Ersättning")
        title_open = False
        if m:
            per_since = m.group(1)  # the last before the rows: a later group's copy comes first
        elif _YEAR.match(t):
            years.append(t)
        elif t in _HEADINGS:
            pass
        elif len(t) > 40 or ends_sentence(t) or _AMOUNT.match(t) or _PERCENT.match(t):
            break  # text again: the table is over
        elif joins:
            titles[-1] += " " + t  # a group title's wrapped line
            title_open = True
        else:
            titles.append(t)  # a group's title: "Ersättning boende med särskild service"
            title_open = True
        i += 1
        taken = i
    # Headings and titles that follow the last row belong to the table; a per there is a column's copy.
    if not runs or len(titles) != len(runs) or any(p is None for p in pers):
        return None
    year = next((y for y in years), title[-4:])
    previous = next((y for y in years if y != year), str(int(year) - 1) if year.isdigit() else "")
    rows = [[title]]
    for group, per, run in zip(titles, pers, runs):
        rows += [[group], ["", f"Ersättning/{per}", "Höjning", "", f"Ersättning/{per}"], ["Nivå", year, "kronor", "Höjning %", previous]]
        rows += run
    noise.update(n for n in numbers if n < pieces[taken - 1].line)
    return rows, given.index(pieces[taken - 1]) + 1


# --- the complaints table with positions -------------------------------------------------------------

# A report's complaints table (Redovisning av synpunkter och klagomål), as the template heads it.
COMPLAINT_HEADINGS = ("Uppdelning", "Klagomål/ synpunkter/ kategorier", "Utfall T1", "Utfall T2", "Utfall VB",
                      "Totalt ack. Utfall", "Sammanfattning och planerade åtgärder")
_COUNT = re.compile(r"^\d{1,4}$")
_TOTAL = re.compile(r"^\d{1,5}\s*st$")


def read_complaints(pieces: list[Piece], join) -> Optional[tuple[list[list[str]], int]]:
    """The complaints table (its heading row starts pieces[0]) as pdftotext -layout writes it. Rows
    lie apart by a blank line, a cell's wrapped lines do not. Its columns are laid out anew on every
    page, packed to what the page holds, so they are told by what is in them: the group at the margin,
    the category beside it, counts (the three periods, told apart by where the counts of the whole
    table stand, in order), the total ("53 st") and the summary to its right. The table ends at a
    line of running text, or at a row with a group but no category. None when the periods' columns
    cannot be told (no page with counts in three places, or a row whose total is not the sum of what
    was read as its periods): the table is then left to the reader's other means."""
    t = _Table(Known(), COMPLAINT_HEADINGS)
    found = _layout_headings(t, pieces, opening=key(COMPLAINT_HEADINGS[0]))
    if found is None or len(found[0]) != len(COMPLAINT_HEADINGS):
        return None
    heads, i = found
    blocks: list[list[Piece]] = []
    while i < len(pieces):
        p = pieces[i]
        if _ends_table(p.text) or (p.x <= 1 and p.x1 is not None and p.x1 > heads[2][1]):
            break
        if not blocks or p.line - pieces[i - 1].line > 1 or p.page != pieces[i - 1].page:
            blocks.append([])
        blocks[-1].append(p)
        i += 1
    # A row with a group but no category is no row of the table: it ends before it.
    for n, b in enumerate(blocks):
        if all(p.x <= 1 for p in b) and not (n and b[0].page != blocks[n - 1][-1].page and b[0].text[:1].islower()):
            blocks = blocks[:n]
            break
    if not blocks:
        return None
    taken = pieces.index(blocks[-1][-1]) + 1
    # The periods' places, page by page (each page packs its columns anew): on the heading row's page
    # they are the headings'; on a page with counts in three places, those in order; a page with
    # fewer takes the nearest of the places those pages give.
    home = pieces[0].page
    places: dict[int, list[list[float]]] = {}
    for b in blocks:
        for p in b:
            if _COUNT.match(p.text) and p.page != home:
                spots = places.setdefault(p.page, [])
                near_ = next((s_ for s_ in spots if min(abs(p.x - x) for x in s_) <= 2), None)
                if near_ is None:
                    spots.append([p.x])
                else:
                    near_.append(p.x)
    if any(len(spots) > 3 for spots in places.values()):
        return None
    full = [[[x] for _, x in heads[2:5]]] + [sorted(spots, key=min) for spots in places.values() if len(spots) == 3]
    centres = [sum(sum(s_[n]) / len(s_[n]) for s_ in full) / len(full) for n in range(3)]
    period: dict[tuple[int, float], int] = {}
    for b in blocks:
        for p in b:
            if _COUNT.match(p.text) and p.page == home:
                period[(home, p.x)] = min(range(3), key=lambda n: abs(heads[2 + n][1] - p.x))
    for page, spots in places.items():
        order = sorted(spots, key=min)
        if len(order) == 3:
            chosen = [0, 1, 2]
        else:
            chosen = [min(range(3), key=lambda n: abs(centres[n] - sum(s_) / len(s_))) for s_ in order]
            if len(set(chosen)) < len(chosen) or chosen != sorted(chosen):
                return None
        for s_, n in zip(order, chosen):
            period.update({(page, x): n for x in s_})
    if not period:
        return None
    right = max(x for (_, x) in period)

    def column(p: Piece) -> int:
        if p.x <= 1:
            return 0
        if _TOTAL.match(p.text):
            return 5
        if _COUNT.match(p.text):
            return 2 + period[(p.page, p.x)]
        return 6 if p.x > right else 1

    rows = [[h for h, _ in heads]]
    previous_page = None
    for b in blocks:
        cells = [[] for _ in COMPLAINT_HEADINGS]
        for p in b:
            cells[column(p)].append(p.text)
        texts = [_joined(parts, join) for parts in cells]
        filled = [x for x in texts if x]
        if (previous_page is not None and b[0].page != previous_page and len(rows) > 1 and filled
                and all(x[:1].islower() for x in filled)):
            rows[-1] = [join(a, x) if a and x else a or x for a, x in zip(rows[-1], texts)]  # cut by the page break
        else:
            rows.append(texts)
        previous_page = b[-1].page
    # A row's total is the sum of its periods: a row where it is not was read into wrong columns.
    for row in rows[1:]:
        if row[5] and sum(int(c) for c in row[2:5] if _COUNT.match(c)) != int(row[5].split()[0]):
            return None
    return rows, taken


def _joined(parts: list[str], join) -> str:
    text = ""
    for part in parts:
        text = join(text, part) if text else part
    return clean(text)


# --- the activity table without positions ------------------------------------------------------------

ACTIVITY_HEADINGS = ("Aktivitet", "Startdatum", "Slutdatum")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_activities(pieces: list[Piece], join) -> Optional[tuple[list[list[str]], int]]:
    """A nämndmål's activity table (its heading row starts pieces[0]) as pdftotext writes it without
    -layout: the headings, then each activity's lines followed by its start and end dates (where a page
    break cut the activity, its rest follows the dates in lower case on the next page). The table ends
    where no two dates follow the lines (at most twelve) or at the templates' next goal or label."""
    if [p.text for p in pieces[:3]] != list(ACTIVITY_HEADINGS):
        return None
    rows = [list(ACTIVITY_HEADINGS)]
    i = taken = 3
    while i < len(pieces):
        if pieces[i].page != pieces[i - 1].page and pieces[i].text[:1].islower() and len(rows) > 1:
            # The rest of the last activity, whose dates came before the page break.
            n = i
            while n < len(pieces) and n - i < 12 and not ends_sentence(pieces[n].text) and not _DATE.match(pieces[n].text):
                n += 1
            if n < len(pieces) and ends_sentence(pieces[n].text):
                rows[-1][0] = _joined([rows[-1][0]] + [p.text for p in pieces[i:n + 1]], join)
                i = taken = n + 1
                continue
        n = i
        while n < len(pieces) and n - i < 12 and not _DATE.match(pieces[n].text) and not _ends_table(pieces[n].text):
            n += 1
        if n == i or n + 1 >= len(pieces) or not (_DATE.match(pieces[n].text) and _DATE.match(pieces[n + 1].text)):
            break
        rows.append([_joined([p.text for p in pieces[i:n]], join), pieces[n].text, pieces[n + 1].text])
        i = taken = n + 2
    if len(rows) < 2:
        return None
    return rows, taken
