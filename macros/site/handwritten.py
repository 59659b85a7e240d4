"""What the hand-written pages in content/ ask of the data: the three macros they call
(`{{ startsida() }}`, `{{ brodsmulor() }}`, `{{ sokindex() }}`). Here, below every builder: mkdocs-macros
calls them through define_env (macros/__init__.py), and `python -m macros generate`
(macros/adapters/markdown/) when it writes the hand-written pages out with the macros done."""

from __future__ import annotations

import json
from functools import partial

from . import search, urls
from .pages import Page


def search_years(state) -> str:
    """The years the search page can search, newest first, with their indexes (search.py), as JSON
    for its script."""
    return json.dumps(search.by_year(state.search_indexes()))


def crumbs(state, page_url: str) -> str:
    """A hand-written page's breadcrumbs (the start page above it), as generated pages have them;
    `page_url` is the page's own directory URL ("om/")."""
    template = state.env.get_template("_brodsmulor.html")
    return template.render(crumbs=[("Start", urls.home())], url=partial(urls.relative, page_url))


def start_overview(state) -> str:
    """The start page's overview: years, units per förvaltning, goals and indicators."""
    ds = state.dataset
    boards: dict = {}
    for unit_id, unit in sorted(ds.units.items(), key=lambda kv: kv[1].namn.lower()):
        boards.setdefault(unit.namnd, []).append((unit_id, unit))
    page = Page("", "Start", "startsida.html", {
        "years": list(reversed(ds.years)),
        "boards": [(b, ds.boards[b], units) for b, units in sorted(boards.items(), key=lambda kv: ds.boards[kv[0]].forvaltning)],
        "documents": len(ds.document_keys),
        "indicator_count": len({i.id for c in ds.cities.values() for i in c.indikatorer}),
    }, "")
    return state.render(page)
