"""A build after edits to documents only: which documents to read, which pages to make again.

In planning season editors change plans and reports all day; the shared files (dataset, KF's goals,
nämnder, units) change a few times a year. When the data differs from the last build's only in the
contents of some documents (none added or removed, nothing else changed), a build reads the
documents that the pages showing the edited ones read (pages.Page.reads): their units'
documents, and their years' when an edit changed a document's goals or indicators (a board's open
data page takes its other documents' files from the last build's list). It plans from those,
keeps the planned pages whose `reads` meet an edit, and takes every other page, download and
search index from the last build: its Manifest says which, and the build cache (macros/build/cache.py)
holds them. Anything else is a full build.

Nothing here knows MkDocs; output.py writes the manifest and build_state.py reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from ..model.load import DOC_KINDS
from .pages import BOARD, UNIT, YEAR, NavNode, Page

MANIFEST_VERSION = 4  # 4: the open data lists (board_files) hold each document's date and files' labels


@dataclass(frozen=True)
class PageRecord:
    """A built page as the next build needs it when it does not plan the page again."""

    path: str
    title: str
    description: str
    searchable: bool
    reads: tuple
    key: str  # of its output in the cache (cache.plan_page_key)


@dataclass(frozen=True)
class DownloadRecord:
    path: str
    reads: tuple
    digest: str  # of its bytes, kept in the cache (Store.keep_blob)


@dataclass
class Manifest:
    """What a finished build leaves for the next one (kept in the cache beside the pages)."""

    settings: str  # what decides, before building, whether its pages may be kept (the adapter's settings, build_state.prepare_cached)
    fingerprint: str  # the build's settings, code, templates and menu (output.fingerprint)
    file_keys: dict[tuple, str]  # every data file's key (load.file_keys)
    file_stats: dict[tuple, tuple]  # and its stat() then, where it can be trusted (load._stat)
    boards_of_units: dict[str, str]
    pages: list[PageRecord]
    downloads: list[DownloadRecord]
    nav: list[NavNode]
    board_files: dict[str, dict[tuple, tuple]]  # SitePlan.board_files: the open data pages' lists
    remaining: dict[tuple, list] = field(default_factory=dict)  # Dataset.remaining
    remaining_problems: list = field(default_factory=list)  # Dataset.remaining_problems
    version: int = MANIFEST_VERSION


@dataclass(frozen=True)
class Edits:
    """The documents edited since the last build, and what the pages showing them read."""

    documents: frozenset[tuple]  # (kind, unit id, year)
    reads: frozenset[tuple]  # UNIT(..), YEAR(..), BOARD(..) of the edited documents
    units: frozenset[str]
    years: frozenset[int]  # those whose year view an edit changed, and the years after them
    boards: frozenset[str]
    board_units: frozenset[str] = frozenset()  # every unit of the boards in `boards`

    def to_read(self, key: tuple) -> bool:
        """Whether a build after these edits reads a document (load's `documents`): the edited
        units' documents; every document of the edited units' boards (a förvaltning's pages sum up
        its units' results); and those of the years whose pages are remade and of the year before
        each (a year's pages show the year before beside it)."""
        _, unit_id, year = key
        return unit_id in self.units or unit_id in self.board_units or year in self.years or year + 1 in self.years

    def affects(self, reads: tuple) -> bool:
        return reads in self.reads


def usable(manifest) -> bool:
    """Whether a manifest from the cache is of this code's making: a cache made by an older version
    holds manifests of another shape (the next build is then a full one)."""
    return isinstance(manifest, Manifest) and getattr(manifest, "version", None) == MANIFEST_VERSION


def document_edits(before: Manifest, now: dict[tuple, str],
                   year_view_changed: Callable[[tuple], bool] = lambda key: True) -> Optional[Edits]:
    """The edits when only documents' contents changed since `before`; None when anything else did
    (a file added, removed or shared), and a full build is due. Empty edits: nothing changed.

    `year_view_changed(key)`: whether an edited document's year view (pages.year_view) differs from
    the last build's; when it does not, the pages of its year (goals, indicator tables) stay, and
    the year's other documents are not read."""
    if set(before.file_keys) != set(now):
        return None
    changed = {k for k, v in now.items() if before.file_keys[k] != v}
    if any(k[0] not in DOC_KINDS for k in changed):
        return None
    units = frozenset(k[1] for k in changed)
    # A changed year view changes that year's pages and the next year's, which show it beside theirs.
    years = frozenset(y for k in changed if year_view_changed(k) for y in (k[2], k[2] + 1))
    boards = frozenset(before.boards_of_units[u] for u in units)
    board_units = frozenset(u for u, b in before.boards_of_units.items() if b in boards)
    reads = frozenset({UNIT(u) for u in units} | {YEAR(y) for y in years} | {BOARD(b) for b in boards})
    return Edits(frozenset(changed), reads, units, years, boards, board_units)


def records(pages: list[Page], keys: dict[str, Optional[str]]) -> Optional[list[PageRecord]]:
    """The pages as records, with the keys of their outputs by path; None when one has no key (its
    output cannot be told from its inputs, so no later build may take it from the cache)."""
    out = []
    for p in pages:
        key = keys.get(p.path)
        if key is None:
            return None
        out.append(PageRecord(p.path, p.title, p.description, p.searchable, p.reads, key))
    return out
