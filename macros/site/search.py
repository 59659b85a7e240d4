"""The site's search indexes: which built pages each covers, and which the search page offers.

Per year, the plans with the year's nämndmål and, apart, the reports with the year's indicator
tables; one index for the rest (units, förvaltningar, indicators, the hand-written pages). A
reader's first query loads one year's indexes, not the city's. In a big city a year's plans are
split into a few indexes of about UNITS_PER_INDEX units each (by a stable hash of the unit's id),
so that an edited plan indexes a slice of its year again, not the whole year: Pagefind takes about
10 ms per plan page here (7,5 s for the 841 plans and nämndmål of one year at 600 units). Each
index a first query loads costs the reader about 37 kB more (at 600 units, 1 031 kB with nine
indexes in slices of 150 against 808 kB with three unsliced), hence slices of 300, not smaller. Only
searched pages are members (pages.SEARCHED_TEMPLATES). The search page (assets/sok.js) merges a
year's indexes, and is told which exist: Pagefind makes no index of no pages.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from typing import Iterable, Optional

REST = "allmant"
UNITS_PER_INDEX = 300
_KINDS = {"verksamhetsplan": "planer", "verksamhetsberattelse": "berattelser"}
_REST_ORDER = (math.inf, False, 0)


@dataclass(frozen=True)
class Index:
    name: str  # its folder under pagefind/
    year: Optional[int]  # None for the rest's
    pages: tuple[str, ...]  # built files it covers, e.g. "enheter/x/2024/verksamhetsplan/index.html"


def slices(units: int) -> int:
    """How many indexes a year's plans (and its reports) are split into, for a city of `units` units."""
    return max(1, math.ceil(units / UNITS_PER_INDEX))


def _year_index(year: int, half: str, owner: str, n: int) -> tuple:
    k = zlib.crc32(owner.encode()) % n + 1 if n > 1 else 0
    return (year, half != "planer", k), f"{year}-{half}" + (f"-{k}" if k else "")


def place(file: str, n: int) -> Optional[tuple]:
    """(order, index name) of a built file such as "enheter/x/2024/verksamhetsplan/index.html" with
    `n` slices per year (slices()), or None for a file no index covers. The order: (year, half,
    slice), the rest's last."""
    parts = file.split("/")
    if parts[-1] != "index.html":
        return None
    if len(parts) == 5 and parts[0] == "enheter" and parts[3] in _KINDS and parts[2].isdigit():
        return _year_index(int(parts[2]), _KINDS[parts[3]], parts[1], n)
    if len(parts) == 5 and parts[0] == "mal" and parts[1].isdigit():  # mal/<år>/<nämnd>/<nämndmål>/
        return _year_index(int(parts[1]), "planer", parts[2], n)
    if len(parts) == 4 and parts[0] == "indikatorer" and parts[2].isdigit():  # indikatorer/<id>/<år>/
        return _year_index(int(parts[2]), "berattelser", parts[1], n)
    if len(parts) <= 2 or (len(parts) == 3 and parts[0] in ("enheter", "forvaltningar", "indikatorer")):
        return _REST_ORDER, REST
    return None


def indexes(searched: Iterable[str], units: int, others: Iterable[str] = ()) -> list[Index]:
    """The indexes of the `searched` pages (site paths such as "enheter/x/"), in order of year, half
    and slice, the rest's last and always there (the start page is searched). `others`: the other
    built files (hand-written pages, the theme's) the rest's index covers where place() says so."""
    n = slices(units)
    members: dict[tuple, list[str]] = {(_REST_ORDER, REST): []}
    for file in [p + "index.html" for p in searched] + list(others):
        where = place(file, n)
        if where is not None:
            members.setdefault(where, []).append(file)
    return [Index(name, order[0] if order != _REST_ORDER else None, tuple(sorted(set(files))))
            for (order, name), files in sorted(members.items())]


def by_year(found: Iterable[Index]) -> list[list]:
    """[[year, [its indexes' names]], ...], newest first: what the search page offers."""
    years: dict[int, list[str]] = {}
    for ix in found:
        if ix.year is not None:
            years.setdefault(ix.year, []).append(ix.name)
    return [[str(y), years[y]] for y in sorted(years, reverse=True)]
