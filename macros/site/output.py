"""What a build writes into the site folder, for any builder: the planned pages in the builder's
frame, the sitemap, the policy file, the search indexes, the downloads kept for the next build, and
the manifest that build starts from.

An adapter (macros/adapters/) supplies only the frame: a function that puts a page's rendered body
into its theme's page. Everything else here knows no builder.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from html import escape
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import urlsplit

from ..build import cache, progress, workers
from ..build.settings import Project
from . import render, search
from .build_state import BuildState
from .delta import DownloadRecord, Manifest, PageRecord, records
from .pages import Page

# frame(page, body, toc) -> the whole HTML document of a planned page; toc as BuildState.headings.
# A frame refusing a page raises SiteError naming it; any other error is shown with the page's address.
Frame = Callable[[Page, str, list], str]


class SiteError(Exception):
    """A build that cannot go on, in one line for the editor (an adapter shows it its own way)."""


def fingerprint(paths: list[Path], settings: dict) -> str:
    """Everything besides a page's own plan that shapes its output: code, packages, the given files
    and folders (the builder's configuration, theme overrides, hand-written pages), the builder's
    `settings` (the whole menu among them) and the environment's PLANER_ settings."""
    env = sorted((k, v) for k, v in os.environ.items()
                 if k.startswith("PLANER_") and k not in ("PLANER_CACHE_DIR", "PLANER_PROGRESS", "PLANER_WORKERS"))
    return cache.build_fingerprint(paths, {**settings, "env": env})


def problem_site(site: Project, site_dir: str, site_url: str, problems: list) -> None:
    """The preview's site when the data has problems: one page listing them all, at every address
    (render.error_page; it shows the site again by itself once the files are fixed)."""
    base = urlsplit(site_url or "/").path or "/"
    html = render.error_page(render.environment(site.templates), problems, base if base.endswith("/") else base + "/")
    for name in ("index.html", "404.html"):
        Path(site_dir, name).write_text(html, encoding="utf-8")


def show_problems(problems: list) -> None:
    print(f"{len(problems)} fel i datafilerna; förhandsvisningen visar dem i stället för webbplatsen:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)


def worker_count(pages: int) -> int:
    return workers.count(pages, least=50)


def write_pages(state: BuildState, site_dir: str, frame: Frame, fingerprint: Optional[str], shown: bool) -> None:
    """Every page of the plan written into site_dir, on every core: made ones through `frame`, or
    copied from the build cache when their key (their whole plan, under `fingerprint`) is kept
    there; pages kept from the last build (delta.py) copied as they were. Sets state.page_keys."""
    pages = state.plan.pages
    n = worker_count(len(pages))
    made = sum(1 for p in pages if not isinstance(p, PageRecord))
    counter = progress.Progress("Bygger sidor", made, shown, shared=n > 1)

    def share(i: int, n: int) -> dict:
        """Share i of n (workers.py); the keys of their outputs, for the search indexes'."""
        keys: dict = {}
        where = "sidorna"
        try:
            for page in pages[i::n]:
                where = page.path
                dest = os.path.join(site_dir, page.path, "index.html")
                if isinstance(page, PageRecord):
                    _place_kept(page, state, dest, keys)
                else:
                    _write(page, state, dest, frame, fingerprint, keys)
                    counter.step()
        except SiteError:
            raise
        except Exception as e:
            raise SiteError(f"Fel när {where} byggdes: {e!r}") from e
        return keys

    state.page_keys = {}
    try:
        for keys in workers.shares(share, n):
            state.page_keys.update(keys)
    finally:
        counter.finish()
    state.fingerprint = fingerprint


def _write(page: Page, state: BuildState, dest: str, frame: Frame, fingerprint: Optional[str], keys: dict) -> None:
    key = cache.plan_page_key(fingerprint, page, state.edit_base) if fingerprint else None
    keys[page.path + "index.html"] = key
    if key is not None and state.store.restore_page(key, Path(dest)):
        return
    if os.path.lexists(dest):
        os.unlink(dest)  # may be a copy kept by the last build: never write through it
    body = state.render(page)
    html = frame(page, body, state.headings(body))
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "wb") as f:
        f.write(html.encode("utf-8", errors="xmlcharrefreplace"))
    if key is not None:
        state.store.keep_page(key, Path(dest))


def _place_kept(kept: PageRecord, state: BuildState, dest: str, keys: dict) -> None:
    keys[kept.path + "index.html"] = kept.key
    if not state.store.restore_page(kept.key, Path(dest)):
        raise SiteError(f"{kept.path}: sidan försvann ur cachen under bygget ({state.store.root}); bygg igen.")


def finish(state: BuildState, site_dir: str, site_url: str, others: dict[str, str], shown: bool) -> None:
    """After every page is written: the sitemap (the planned pages' addresses under site_url and
    `others`, the builder's own pages: built file -> address, "" for none), the policy as a file for the web
    server (README, publishing), the search indexes and what the next build starts from."""
    base = site_url or "/"
    base = base if base.endswith("/") else base + "/"
    # In address order: a build after edits (delta.py) does not know the full plan's order.
    _write_sitemap(site_dir, sorted(a for a in [*(base + p.path for p in state.plan.pages), *others.values()] if a))
    Path(site_dir, "content-security-policy.txt").write_text(state.csp + "\n", encoding="utf-8")
    state.other_html = sorted(others)
    if state.dataset.scope:
        return  # a scoped preview is for reading one unit's pages: no search, and seconds count
    _index(state, site_dir, shown)


def _write_sitemap(site_dir: str, addresses: list[str]) -> None:
    body = "".join(f"    <url>\n         <loc>{escape(a)}</loc>\n    </url>\n" for a in addresses)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           + body + "</urlset>\n").encode("utf-8")
    Path(site_dir, "sitemap.xml").write_bytes(xml)
    Path(site_dir, "sitemap.xml.gz").write_bytes(gzip.compress(xml, mtime=0))


def _index(state: BuildState, site_dir: str, shown: bool) -> None:
    """Pagefind indexes the pages' <article data-pagefind-body> with Swedish stemming (from <html
    lang="sv">) into the indexes of search.py under site/pagefind/; an index whose pages are all
    unchanged is copied from the cache."""
    import pagefind_bin

    members = _search_members(site_dir, state) if state.store and state.fingerprint else None
    indexes = state.search_indexes()
    counter = progress.Progress("Sökindex", len(indexes), shown)
    todo = []
    for ix in indexes:
        key = _search_key(state, ix, members)
        if key and state.store.restore_dir(key, Path(site_dir, "pagefind", ix.name)):
            counter.step()
        else:
            todo.append((ix, key))
    inputs = Path(site_dir, ".sokindex")
    # The binary itself, not `python -m pagefind`: that starts Python to exec it, 0,085 s of CPU
    # for each of the 17 indexes of an 8-year site.
    binary = str(pagefind_bin.get_executable())

    def index(job):
        # Pagefind reads a folder of links to the index's pages: given the site and a glob, it
        # walks every folder of it (tens of thousands at city scale), once per index.
        ix, key = job
        folder = inputs / ix.name
        for rel in ix.pages:
            os.makedirs(folder / os.path.dirname(rel), exist_ok=True)
            cache.link_or_copy(os.path.join(site_dir, rel), folder / rel)
        out = Path(site_dir, "pagefind", ix.name)
        result = subprocess.run([binary, "--site", str(folder), "--output-path", str(out), "--silent"],
                                capture_output=True, text=True)
        shutil.rmtree(folder)
        if result.returncode == 0:
            try:
                search.canonical(out)  # the same files from the same pages, build after build
            except (OSError, ValueError) as e:  # a Pagefind that writes another format
                result = subprocess.CompletedProcess(result.args, 1, "", f"{out}: {e}")
        if result.returncode == 0 and key:
            state.store.keep_dir(key, out)
        return result

    # Pagefind indexes on one core; the indexes are independent, so they run side by side.
    failed = []
    with ThreadPoolExecutor(max_workers=max(1, min(len(todo), worker_count(len(state.plan.pages))))) as pool:
        running = [pool.submit(index, job) for job in todo]
        # Meanwhile (Pagefind reads only pages): the downloads, kept for the next build or copied from the last.
        downloads = _keep_downloads(state, site_dir) if state.store else []
        for done in as_completed(running):
            result = done.result()
            if result.returncode != 0:
                failed.append(result)
            counter.step()
    counter.finish()
    shutil.rmtree(inputs, ignore_errors=True)
    if failed:
        raise SiteError(f"Pagefind kunde inte indexera webbplatsen: {failed[0].stderr.strip() or failed[0].stdout.strip()}")
    if state.store:
        cache.settle()  # what loading and planning kept is written before the cache is pruned
        _keep_for_next_build(state, downloads)


def _keep_downloads(state: BuildState, site_dir: str) -> list[DownloadRecord]:
    """The downloads this build made, kept in the cache by digest, and those of documents no edit
    reached (delta.py) copied from it, as the last build wrote them."""
    for d in state.kept_downloads:
        if not state.store.restore_blob(d.digest, Path(site_dir, d.path)):
            raise SiteError(f"{d.path}: filen försvann ur cachen under bygget ({state.store.root}); bygg igen.")
    downloads = list(state.kept_downloads)
    for d in state.plan.downloads:
        digest = hashlib.sha256(d.content).hexdigest()
        state.store.keep_blob(digest, Path(site_dir, d.path))
        downloads.append(DownloadRecord(d.path, d.reads, digest))
    return downloads


def _keep_for_next_build(state: BuildState, downloads: list[DownloadRecord]) -> None:
    """The manifest the next build starts from (delta.py); after a full build, the cache pruned to
    what that build used, so it holds about one site."""
    store, ds = state.store, state.dataset
    keys = {rel[:-len("index.html")]: key for rel, key in state.page_keys.items()}  # "x/index.html" -> "x/"
    made = records([p for p in state.plan.pages if not isinstance(p, PageRecord)], keys)
    if made is None or state.fingerprint is None or state.settings is None:
        store.drop_manifest()  # some page cannot be kept: the next build is a full one
    else:
        store.keep_manifest(Manifest(
            settings=state.settings, fingerprint=state.fingerprint, file_keys=ds.file_keys, file_stats=ds.file_stats,
            boards_of_units={u: unit.namnd for u, unit in ds.units.items()},
            pages=made + [p for p in state.plan.pages if isinstance(p, PageRecord)], downloads=downloads,
            nav=state.plan.nav, board_files=state.plan.board_files, remaining=ds.remaining,
            remaining_problems=ds.remaining_problems))
    if state.edits is None:
        store.prune(["pages", "search", "model", "memo", "blobs"])


def _search_members(site_dir: str, state: BuildState) -> dict[str, Optional[str]]:
    """Every built page and the key of its output: planned pages by their cache key, the rest
    (hand-written pages, the theme's) by their bytes. None among the values: that page is not
    cacheable. (From what the build wrote, not a walk of the site: 43 000 folders at city scale.)"""
    members = dict(state.page_keys)
    for rel in state.other_html:
        path = os.path.join(site_dir, rel)
        if os.path.isfile(path):
            members[rel] = cache.file_digest(Path(path))
    return members


def _search_key(state: BuildState, ix, members) -> Optional[str]:
    """The key of a search index: every page it covers and the key of that page's output."""
    if members is None:
        return None
    covered = [(rel, members.get(rel)) for rel in ix.pages]
    if any(key is None for _, key in covered):
        return None
    return cache.tree_key(state.fingerprint, ix.name, covered)
