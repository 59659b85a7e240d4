"""Render planned pages to HTML with the Jinja templates in overrides/sidor/ (autoescaped)."""

from __future__ import annotations

import hashlib
import html as html_lib
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..model import text
from . import fmt, urls, views
from .later import resolved
from .pages import Page

_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAGS = re.compile(r"<[^>]+>")
# A table cell or a term or its description closed right before the next tag. Pagefind adds no
# space after th, dt or dd (only after blocks such as td, p, li), so "Periodicitet" and "Tertial"
# would be indexed, and shown in search results, as one word "PeriodicitetTertial".
_GLUED_CELL = re.compile(r"(</(?:th|td|dt|dd)>)(?=<)")


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a misspelt name in a template fails the build, not the reader
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # one build reads each template once; checking files on every include costs seconds at scale
    )
    env.filters["blocks"] = text.blocks
    env.filters["phone"] = fmt.phone
    env.filters["as_html"] = as_html
    env.globals["drawn_once"] = _DrawnOnce()
    env.globals.update(to=urls, anchor=urls.goal_anchor, compensation_groups=views.compensation, format_budget=views.budget,
                       outline=views.outline)
    return env


class _DrawnOnce:
    """drawn_once(value, draw): draw(value), kept from the second time a text is met (most texts
    stand on one page; keeping only repeated ones keeps memory near the model's own). At 50 units
    61 115 prose fields are drawn, of 14 120 different texts. A text with a link inside the site is
    drawn each time: its links are relative to the page."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.linked: set[str] = set()  # repeated texts with links inside the site, looked at once
        self.drawn: dict[str, Markup] = {}

    def __call__(self, value: str, draw) -> Markup:
        out = self.drawn.get(value)
        if out is not None:
            return out
        out = draw(value)
        if value not in self.seen:
            self.seen.add(value)
        elif value not in self.linked:
            if text.has_site_links(value):
                self.linked.add(value)
            else:
                self.drawn[value] = out
        return out


def render(env: jinja2.Environment, page: Page, edit_base: str = "") -> str:
    template = env.get_template("_sida.html")  # the page's breadcrumbs, then page.template
    return spaced(template.render(
        page=page,
        url=partial(urls.relative, page.path),
        edit_links=[(s, edit_base + s) for s in page.sources] if edit_base else [],
        **resolved(page.context),
    ))


def as_html(value: str) -> str:
    """A Pagefind filter value, to be written into an attribute (escaped once more by the template).
    Pagefind undoes the escaping twice (its HTML parser, then its own clean-up of texts) and its UI
    shows the values as HTML: escaped twice here, a förvaltning named "<img src=x onerror=…>" shows
    as written and "A & B" as "A & B" (tests/browser/test_browser_search_results.py)."""
    return str(escape(str(escape(value))))


def spaced(html: str) -> str:
    """The page with a line break after every table cell, term and description that had none: the
    words of neighbouring cells stay apart in the search index (a browser ignores the break)."""
    return _GLUED_CELL.sub("\\1\n", html)


def error_page(env: jinja2.Environment, problems: list, base: str) -> str:
    """The preview's page listing every problem in the data (served in place of the site)."""
    fingerprint = hashlib.sha256("\n".join(map(str, problems)).encode("utf-8")).hexdigest()[:16]
    return env.get_template("fel.html").render(problems=problems, base=base, fingerprint=fingerprint)


def headings(html: str) -> list[Heading]:
    """h2/h3 with ids in rendered HTML, for the page's table of contents."""
    return [Heading(int(level), hid, html_lib.unescape(_TAGS.sub("", inner)).strip())
            for level, hid, inner in _HEADING.findall(html)]
