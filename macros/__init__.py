"""Site builder for Stockholms stad's verksamhetsplaner and verksamhetsberättelser.

As the mkdocs-macros module it offers thin macros for hand-written pages in content/
(macros/site/handwritten.py); the data model, the page plan and rendering live in the submodules.
"""

from __future__ import annotations


def define_env(env) -> None:  # mkdocs-macros entry point
    from .site import build_state, handwritten

    @env.macro
    def sokindex() -> str:
        """The years the search page can search, newest first, with their indexes, as JSON for its script."""
        return handwritten.search_years(build_state.current())

    @env.macro
    def brodsmulor() -> str:
        """A hand-written page's breadcrumbs (the start page above it), as generated pages have them."""
        return handwritten.crumbs(build_state.current(), env.page.url)

    @env.macro
    def startsida() -> str:
        """The start page's overview: years, units per förvaltning, goals and indicators."""
        return handwritten.start_overview(build_state.current())
