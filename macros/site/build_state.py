"""The data, the plan and the renderer of one build, made once and shared by hooks and macros."""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass, field
from typing import Callable, Optional

import jinja2

from . import catalogue
from . import render as r
from . import search
from ..build.cache import Store, cache_dir, code_fingerprint, forget_models, settle
from ..build.cache import enabled as cache_enabled
from .delta import DownloadRecord, Edits, Manifest, PageRecord, document_edits, usable
from ..model.load import Dataset, collector_paused, file_keys, load, read_document
from .outcomes import discrepancies
from .pages import Page, SitePlan, plan_site, year_view
from ..build.settings import Project, project, scope


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
    settings: Optional[str] = None  # the same, known before building (prepare_cached)
    page_keys: dict[str, Optional[str]] = field(default_factory=dict)  # built page -> key of its output
    # A build after edits to documents only (macros/site/delta.py): the last build's manifest, the edits,
    # and the downloads taken from the cache. plan.pages then holds PageRecords for the pages kept.
    manifest: Optional[Manifest] = None
    edits: Optional[Edits] = None
    kept_downloads: list[DownloadRecord] = field(default_factory=list)
    unlisted: list[PageRecord] = field(default_factory=list)  # kept pages outside the menu: no MkDocs page
    other_html: list[str] = field(default_factory=list)  # the site's other pages (hand-written, the theme's)
    open_data: Optional[catalogue.OpenData] = None  # the open data's licence, publisher and contact

    def render(self, page: Page) -> str:
        return r.render(self.env, page, self.edit_base)

    def catalogue(self, base_url: str, settings: catalogue.OpenData) -> bytes:
        """The DCAT-AP-SE catalogue (catalogue.py), made afresh on every build from the plan's lists of
        files: whole in a build after edits too (kept documents' entries come from the manifest)."""
        return catalogue.rdf(self.env, self.plan.board_files, self.dataset.boards, base_url, settings)

    def search_indexes(self) -> list[search.Index]:
        """The site's search indexes (macros/site/search.py): the search page offers them, the adapter
        makes them. The rest's index covers the other pages too once the adapter knows them
        (other_html); which indexes exist does not depend on them."""
        return search.indexes([p.path for p in self.plan.pages if p.searchable], len(self.dataset.units), self.other_html)

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


def prepare_cached(site: Project, progress: bool, open_data: catalogue.OpenData,
                   settings: Callable[[BuildState], str], log: Callable[[str], None]) -> BuildState:
    """Load and plan, with the build cache beside the site (cache.enabled()): only what edits to
    documents reach when the builder's `settings` (called on every state made: the builder sets
    itself up for it and returns the fingerprint of everything else that shapes a page, None
    without a cache) are the last build's; else everything. `log` hears what the editor may want
    to know. The data and the plan are then left frozen out of the collector's sight until the next
    build: it stops scanning them again and again while pages are made, and forked workers share
    their memory pages instead of copying those the collector touches."""
    gc.unfreeze()  # the last build's data (serve) may go now
    settle()  # the last build's cache writers (serve), also a failed build's
    store = Store(cache_dir(site.root / ".cache")) if cache_enabled() else None
    with collector_paused():
        state = prepare(site, progress, store, store.load_manifest() if store else None, open_data)
        state.settings = settings(state)
        if state.manifest and state.settings != state.manifest.settings:
            # Settings, code or templates changed too: every page may look different.
            state = prepare(site, progress, store, open_data=open_data)
            state.settings = settings(state)
    gc.freeze()
    # Documents that disagree are real data, not an editor's mistake: said without failing the build.
    for d in discrepancies(state.dataset):
        log(f"Avvikelse mellan dokument: {d}")
    if state.edits is not None:
        planned = sum(1 for p in state.plan.pages if not isinstance(p, PageRecord))
        log(f"Ändrade dokument sedan förra bygget: {len(state.edits.documents)}; "
            f"{planned} av {len(state.plan.pages)} sidor görs om, resten tas ur cachen.")
    return state


def prepare(site: Project, progress: bool = False, store: Optional[Store] = None,
            manifest: Optional[Manifest] = None, open_data: Optional[catalogue.OpenData] = None) -> BuildState:
    """Load and plan afresh (each build, including each rebuild while serving); with the last
    build's `manifest`, only what edits to documents reach, when that is all that changed."""
    global _current
    forget_models()
    state = _after_edits(site, progress, store, manifest, open_data) if store and manifest and not scope() else None
    if state is None:
        with _written_behind(store):
            ds = load(site.data, scope=scope(), progress=progress, store=store)
        with _written_behind(store):
            plan = plan_site(ds, store.memo(code_fingerprint()) if store else None, open_data=open_data)
        state = BuildState(ds, plan, r.environment(site.templates), store=store)
    state.by_src = {p.path + "index.md": p for p in state.plan.pages}
    state.open_data = open_data
    _current = state
    return state


def _after_edits(site: Project, progress: bool, store: Store, manifest: Manifest,
                 open_data: Optional[catalogue.OpenData]) -> Optional[BuildState]:
    """The build after edits to documents only (macros/site/delta.py), or None when a full build is due."""
    if not usable(manifest):
        return None
    found = file_keys(site.data, (manifest.file_keys, manifest.file_stats))
    if found is None:
        return None
    now, stats = found

    def year_view_changed(key: tuple) -> bool:
        before, after = store.load_model(manifest.file_keys[key]), read_document(site.data, key, store)
        return before is None or after is None or year_view(before) != year_view(after)

    edits = document_edits(manifest, now, year_view_changed)
    if edits is None:
        return None
    kept = [p for p in manifest.pages if not edits.affects(p.reads)]
    kept_downloads = [d for d in manifest.downloads if not edits.affects(d.reads)]
    if not store.has_pages(p.key for p in kept) or not store.has_blobs(d.digest for d in kept_downloads):
        return None  # the cache lost some of them (removed by hand, or by another build)
    with store.writing_behind():
        ds = load(site.data, progress=progress, store=store, documents=edits.to_read)
    if any((k in ds.remaining) != (k in manifest.remaining) for k in edits.documents):
        return None  # a document became a draft or stopped being one: the menu says so on every page
    read = set(ds.file_keys)
    shown = {ds.sources[k] for k in read}
    ds.remaining = {**{k: v for k, v in manifest.remaining.items() if k not in read}, **ds.remaining}
    ds.remaining_problems = sorted([p for p in manifest.remaining_problems if p.file not in shown] + ds.remaining_problems,
                                   key=lambda p: (p.file, p.line, p.column))
    ds.file_keys, ds.file_stats = now, stats
    with store.writing_behind():
        plan = plan_site(ds, store.memo(code_fingerprint()), wants=edits.affects, board_files=manifest.board_files,
                         titles={p.path: p.title for p in manifest.pages}, open_data=open_data)
    pages: list = [p for p in plan.pages if edits.affects(p.reads)]
    downloads = [d for d in plan.downloads if edits.affects(d.reads)]
    return BuildState(ds, SitePlan(pages + kept, manifest.nav, downloads, plan.board_files), r.environment(site.templates), store=store,
                      manifest=manifest, edits=edits, kept_downloads=kept_downloads)


def _written_behind(store: Optional[Store]):
    """What the block keeps in the cache is written by another process (Store.writing_behind)."""
    return store.writing_behind() if store else contextlib.nullcontext()


def current() -> BuildState:
    return _current if _current is not None else prepare(project())
