"""Site builder for Stockholms stad's verksamhetsplaner and verksamhetsberättelser.

As the mkdocs-macros module it offers thin macros for hand-written pages in content/;
the data model, the page plan and rendering live in the submodules.
"""

from __future__ import annotations


def define_env(env) -> None:  # mkdocs-macros entry point
    from .site import build_state, search
    from .site.pages import Page

    @env.macro
    def sokindex() -> str:
        """The years the search page can search, newest first, with their indexes (macros/site/search.py),
        as JSON for its script."""
        import json

        state = build_state.current()
        return json.dumps(search.by_year(state.search_indexes()))

    @env.macro
    def brodsmulor() -> str:
        """A hand-written page's breadcrumbs (the start page above it), as generated pages have them."""
        from functools import partial

        from .site import urls

        template = build_state.current().env.get_template("_brodsmulor.html")
        return template.render(crumbs=[("Start", urls.home())], url=partial(urls.relative, env.page.url))

    @env.macro
    def startsida() -> str:
        """The start page's overview: years, units per förvaltning, goals and indicators."""
        state = build_state.current()
        ds = state.dataset
        boards = {}
        for unit_id, unit in sorted(ds.units.items(), key=lambda kv: kv[1].namn.lower()):
            boards.setdefault(unit.namnd, []).append((unit_id, unit))
        page = Page("", "Start", "startsida.html", {
            "years": list(reversed(ds.years)),
            "boards": [(b, ds.boards[b], units) for b, units in sorted(boards.items(), key=lambda kv: ds.boards[kv[0]].forvaltning)],
            "documents": len(ds.document_keys),
            "indicator_count": len({i.id for c in ds.cities.values() for i in c.indikatorer}),
        }, "")
        return state.render(page)
