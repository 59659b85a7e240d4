"""The site's search indexes: which built pages each covers, and which the search page offers.

Per year, the plans with the year's nämndmål, the reports, and the year's indicator tables (an
indicator's page of an earlier year); one index of the indicators' main pages (the latest year's
tables), searched with every year; one index for the rest (units, förvaltningar, the hand-written
pages). The search page counts the indicator tables for less than the documents (assets/sok.js). A
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

import gzip
import hashlib
import math
import zlib
from dataclasses import dataclass
from typing import Iterable, Optional

REST = "allmant"
INDICATORS = "indikatorer"
UNITS_PER_INDEX = 300
_KINDS = {"verksamhetsplan": "planer", "verksamhetsberattelse": "berattelser"}
_HALVES = ("planer", "berattelser", "indikatorer")  # a year's indexes, in order
_REST_ORDER = (math.inf, False, 0)
_INDICATORS_ORDER = (math.inf, False, -1)


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
    return (year, _HALVES.index(half), k), f"{year}-{half}" + (f"-{k}" if k else "")


def place(file: str, n: int) -> Optional[tuple]:
    """(order, index name) of a built file such as "enheter/x/2024/verksamhetsplan/index.html" with
    `n` slices per year (slices()), or None for a file no index covers. The order: (year, plans,
    reports or indicator tables, slice), the rest's last."""
    parts = file.split("/")
    if parts[-1] != "index.html":
        return None
    if len(parts) == 5 and parts[0] == "enheter" and parts[3] in _KINDS and parts[2].isdigit():
        return _year_index(int(parts[2]), _KINDS[parts[3]], parts[1], n)
    if len(parts) == 5 and parts[0] == "mal" and parts[1].isdigit():  # mal/<år>/<nämnd>/<nämndmål>/
        return _year_index(int(parts[1]), "planer", parts[2], n)
    if len(parts) == 4 and parts[0] == "indikatorer" and parts[2].isdigit():  # indikatorer/<id>/<år>/
        return _year_index(int(parts[2]), "indikatorer", parts[1], 1)  # a few pages a year: never sliced
    if len(parts) == 3 and parts[0] == "indikatorer":  # indikatorer/<id>/
        return _INDICATORS_ORDER, INDICATORS
    if len(parts) <= 2 or (len(parts) == 3 and parts[0] in ("enheter", "forvaltningar")):
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
    return [Index(name, order[0] if math.isfinite(order[0]) else None, tuple(sorted(set(files))))
            for (order, name), files in sorted(members.items())]


def by_year(found: Iterable[Index]) -> list[list]:
    """[[year, [its indexes' names]], ...], newest first: what the search page offers. The
    indicators' main pages are searched with every year (the rest's index always is)."""
    found = list(found)
    years: dict[int, list[str]] = {}
    for ix in found:
        if ix.year is not None:
            years.setdefault(ix.year, []).append(ix.name)
    shared = [ix.name for ix in found if ix.name == INDICATORS]
    return [[str(y), years[y] + shared] for y in sorted(years, reverse=True)]


# --- The same index from the same pages ----------------------------------------------------------
#
# Pagefind writes a filter's values in the order of a Rust hash map, which differs from run to run,
# and names its filter files and its metadata file after their content: with two förvaltningar, an
# index of unchanged pages came out under other names, so an incremental build differed from a clean
# one and a publication replaced files for nothing. canonical() rewrites an index's filter files
# with their values in order and names them, and the metadata file, after what they then hold.

_SIGNATURE = b"pagefind_dcd"


def canonical(folder) -> None:
    """Rewrite the Pagefind index in `folder` (a Path) so that its files depend on its pages only."""
    renamed: dict[str, str] = {}
    for path in sorted((folder / "filter").glob("*.pf_filter")):
        key, values = _unpacked(path)
        data = _packed([key, sorted(values, key=lambda v: v[0])])
        lang = path.stem.split("_", 1)[0]
        name = f"{lang}_{_digest(data, len(path.stem) - len(lang) - 1)}"
        renamed[path.stem] = name
        path.unlink()
        _write(folder / "filter" / f"{name}.pf_filter", data)
    for meta in sorted(folder.glob("pagefind.*.pf_meta")):
        value = _unpacked(meta)
        _rename_filters(value, renamed)
        data = _packed(value)
        old = meta.name[len("pagefind."):-len(".pf_meta")]
        lang = old.split("_", 1)[0]
        new = f"{lang}_{_digest(data, len(old) - len(lang) - 1)}"
        meta.unlink()
        _write(folder / f"pagefind.{new}.pf_meta", data)
        entry = folder / "pagefind-entry.json"
        entry.write_text(entry.read_text(encoding="utf-8").replace(f'"{old}"', f'"{new}"'), encoding="utf-8")


def _rename_filters(value, renamed: dict[str, str]) -> None:
    """The metadata's list of filters ([name, file] pairs): files renamed, in order of name."""
    if isinstance(value, list):
        if value and all(isinstance(v, list) and len(v) == 2 and v[1] in renamed for v in value):
            for v in value:
                v[1] = renamed[v[1]]
            value.sort(key=lambda v: v[0])
            return
        for v in value:
            _rename_filters(v, renamed)


def _digest(data: bytes, length: int) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


def _unpacked(path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    value, end = _decode(data, len(_SIGNATURE))
    if end != len(data):
        raise ValueError(f"{path}: unexpected data after the index")
    return value


def _write(path, data: bytes) -> None:
    path.write_bytes(gzip.compress(_SIGNATURE + data, compresslevel=9, mtime=0))


# The part of CBOR (RFC 8949) Pagefind's index files use: unsigned integers, text and byte strings,
# arrays and maps of definite length, and the simple values false, true and null.

def _decode(data: bytes, i: int):
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info not in simple:
            raise ValueError(f"CBOR: simple value {info} not expected")
        return simple[info], i
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n, i = int.from_bytes(data[i:i + size], "big"), i + size
    else:
        raise ValueError("CBOR: indefinite lengths not expected")
    if major == 0:
        return n, i
    if major in (2, 3):
        raw = data[i:i + n]
        return (raw.decode("utf-8") if major == 3 else bytes(raw)), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        pairs = []
        for _ in range(n):
            k, i = _decode(data, i)
            v, i = _decode(data, i)
            pairs.append((k, v))
        return _Map(pairs), i
    raise ValueError(f"CBOR: major type {major} not expected")


class _Map(list):
    """A CBOR map, its pairs in the order read."""


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError("CBOR: number too large")


def _packed(value) -> bytes:
    if value is False or value is True or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, _Map):
        return _head(5, len(value)) + b"".join(_packed(k) + _packed(v) for k, v in value)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_packed(v) for v in value)
    raise ValueError(f"CBOR: {type(value).__name__} not expected")
