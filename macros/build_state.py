"""The data, the plan and the renderer of one build, made once and shared by hooks and macros."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import jinja2

from . import render as r
from .cache import Store, code_fingerprint
from .load import Dataset, load
from .pages import Page, SitePlan, plan_site
from .settings import Project, project, scope


@dataclass
class BuildState:
    dataset: Dataset
    plan: SitePlan
    env: jinja2.Environment
    edit_base: str = ""
    by_src: dict[str, Page] = field(default_factory=dict)
    sitemap: list[str] = field(default_factory=list)  # every page's address, for sitemap.xml
    csp: str = ""  # the Content-Security-Policy of every page (csp.py)
    csp_hashes: set[str] = field(default_factory=set)
    store: Optional[Store] = None  # the build cache (macros.cache), None without one
    fingerprint: Optional[str] = None  # of this build's settings, code and menu (macros.cache)
    page_keys: dict[str, Optional[str]] = field(default_factory=dict)  # built page -> key of its output

    def render(self, page: Page) -> str:
        return r.render(self.env, page, self.edit_base)

    @staticmethod
    def headings(html: str) -> list[dict]:
        """Headings nested for a table of contents: h3 under the h2 before it."""
        tokens: list[dict] = []
        for h in r.headings(html):
            token = {"level": h.level, "id": h.id, "name": h.title, "children": []}
            if h.level == 3 and tokens:
                tokens[-1]["children"].append(token)
            else:
                tokens.append(token)
        return tokens


_current: Optional[BuildState] = None


def prepare(site: Project, progress: bool = False, store: Optional[Store] = None) -> BuildState:
    """Load and plan afresh (each build, including each rebuild while serving)."""
    global _current
    ds = load(site.data, scope=scope(), progress=progress, store=store)
    plan = plan_site(ds, store.memo(code_fingerprint()) if store else None)
    _current = BuildState(ds, plan, r.environment(site.templates), "", {p.path + "index.md": p for p in plan.pages}, store=store)
    return _current


def current() -> BuildState:
    return _current if _current is not None else prepare(project())
