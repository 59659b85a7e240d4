"""The site's search indexes: which built pages each covers (Pagefind globs) and which exist.

Per year, one index for the plans with the year's nämndmål and one for the reports with the year's
indicator tables; one for the rest (units, förvaltningar, indicators, the hand-written pages). A
reader's first query then loads one year's indexes, not the city's; an edit to a plan indexes half
a year again (at 600 units one year's index took 17 s), and the halves are indexed side by side.
Each glob names searched pages only (pages.SEARCHED_TEMPLATES): Pagefind reads every page its glob
matches, also those without data-pagefind-body. The search page (assets/sok.js) merges a year's
indexes, and asks only for those that exist: Pagefind makes no index of no pages.
"""

from __future__ import annotations

from typing import Iterable

from .cache import glob_regex

REST = "allmant"


def _year_indexes(y: int) -> list[tuple[str, str]]:
    return [(f"{y}-planer", f"{{enheter/*/{y}/verksamhetsplan/index.html,mal/{y}/*/*/index.html}}"),
            (f"{y}-berattelser", f"{{enheter/*/{y}/verksamhetsberattelse/index.html,indikatorer/*/{y}/index.html}}")]


def all_indexes(years: Iterable[int]) -> list[tuple[str, str]]:
    """(index name, glob of the built pages it covers), for every year whether or not it has pages."""
    return [ix for y in years for ix in _year_indexes(y)] + \
        [(REST, "{index.html,*/index.html,enheter/*/index.html,forvaltningar/*/index.html,indikatorer/*/index.html}")]


def indexes(years: Iterable[int], searched: Iterable[str]) -> list[tuple[str, str]]:
    """The indexes with at least one of the `searched` pages (site paths such as "enheter/x/"), and
    always the rest's (the start page is searched)."""
    files = [p + "index.html" for p in searched]
    return [(name, glob) for name, glob in all_indexes(years)
            if name == REST or any(map(glob_regex(glob).match, files))]


def by_year(years: Iterable[int], found: Iterable[tuple[str, str]]) -> list[list]:
    """[[year, [its indexes among `found`]], ...], newest first, years without one left out: what
    the search page offers."""
    names = {name for name, _ in found}
    offered = ([str(y), [n for n, _ in _year_indexes(y) if n in names]] for y in sorted(years, reverse=True))
    return [entry for entry in offered if entry[1]]
