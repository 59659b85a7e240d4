"""mkdocs-material's frame, drawn faster: the parts no page changes drawn once per folder depth.

The copies in overrides/ call these globals (each change marked in the copy's header); every
one renders only the theme's own partials, as the theme would. Half of the theme's time per page
went to the menu (profile at 50 units x 8 years), the rest largely to blocks that are the same on
every page at one depth.
"""

from __future__ import annotations

from typing import Callable

import jinja2
from markupsafe import Markup


def install(env: jinja2.Environment, config, nav, planned: Callable[[object], bool]) -> None:
    """The globals overrides/base.html, main.html and partials/ call; `planned(page)`: a generated
    page, whose shared parts may come from another page at its depth."""
    # The theme's texts (lang.t), made once: base.html imported them `with context` on every page,
    # though they read only the config.
    env.globals["lang"] = env.get_template("partials/language.html").make_module({"config": config})
    env.globals["planer_once"] = _once_per_folder_depth(planned)
    env.globals["planer_nav"] = _menu_once_per_folder_depth(env, nav)
    env.globals["planer_nav_item"] = _menu_entries_once_per_folder_depth(env)


def _menu_once_per_folder_depth(env, nav):
    """The menu (partials/nav.html) of a page outside it, drawn once per folder depth.

    Such a page marks no item as current, so its menu differs from another's only in the links'
    relative paths; drawn with links from the site's root (base_url + path) it is the same for
    every page at the same depth, though pruned to a few entries: the theme's nav-item macro walks
    every section's children. A page in the menu gets None and draws its own (base.html)."""
    template = env.get_template("partials/nav.html")
    in_menu = {id(p) for p in nav.pages} if nav else set()
    drawn: dict[str, Markup] = {}

    @jinja2.pass_context
    def planer_nav(context) -> "Markup | None":
        page = context.get("page")
        if page is None or id(page) in in_menu:
            return None
        base_url = context["base_url"]
        if base_url not in drawn:
            # No page in the context: the `url` filter then joins base_url and the address.
            drawn[base_url] = Markup(template.render({**context.get_all(), "page": None}))
        return drawn[base_url]

    return planer_nav


def _once_per_folder_depth(planned: Callable[[object], bool]):
    """{% call planer_once(name) %}...{% endcall %}: the part no page changes (styles, scripts, the
    theme's config, the header but for the page's title, the footer), drawn once per folder depth
    for generated pages. Their links lead from the site's root to assets and hand-written pages,
    none of which is under a generated page's folder, so the same relative links serve every
    generated page at one depth. Other pages (hand-written, the theme's own, the preview's
    problems) draw it each time."""
    drawn: dict[tuple, Markup] = {}

    @jinja2.pass_context
    def planer_once(context, name: str, caller) -> Markup:
        page = context.get("page")
        if page is None or not planned(page):
            return caller()
        key = (name, context["base_url"])
        if key not in drawn:
            drawn[key] = caller()
        return drawn[key]

    return planer_once


def _menu_entries_once_per_folder_depth(env):
    """An entry of the menu off the way to the current page (partials/nav-item.html), drawn once per
    folder depth, the same way: a page in the menu draws the way to itself, and every other entry
    (a förvaltning's closed section walks all its units) comes from here."""
    template = env.get_template("partials/nav-item.html")
    modules: dict[str, object] = {}  # base_url -> the template's macros, drawing for no page
    drawn: dict[tuple, Markup] = {}

    @jinja2.pass_context
    def planer_nav_item(context, item, path, level, parent=None) -> Markup:
        base_url = context["base_url"]
        key = (id(item), path, level, bool(parent and parent.active), base_url)
        if key not in drawn:
            if base_url not in modules:
                modules[base_url] = template.make_module({**context.get_all(), "page": None, "planer_nav_item": None})
            drawn[key] = Markup(modules[base_url].render(item, path, level, parent))
        return drawn[key]

    return planer_nav_item
