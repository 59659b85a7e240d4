"""The one layer that knows MkDocs: data -> generated files, planned nav, rendered page bodies.

Referenced from mkdocs.yml `hooks:`. Swapping the builder means rewriting this file only;
the model, the plan of pages and the templates stay as they are.
"""

from __future__ import annotations

import functools
import gc
import gzip
import hashlib
import logging
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jinja2
import pagefind_bin
from markupsafe import Markup
from mkdocs.commands.build import _build_page
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from macros.site import build_state, catalogue, csp, render, search
from macros.site.urls import catalogue as catalogue_path
from macros.build import cache, progress, publish, workers
from macros.site.delta import DownloadRecord, Manifest, PageRecord, records
from macros.model.load import DataError, collector_paused
from macros.site.outcomes import discrepancies
from macros.site.pages import NavNode
from macros.build.settings import project

log = logging.getLogger("mkdocs.hooks.planer")

# The theme's partials that hold inline scripts (mkdocs-material 9.x); the policy allows exactly
# these, rendered as each page renders them, by hash.
_INLINE_SCRIPT_PARTIALS = ("partials/javascripts/base.html", "partials/javascripts/palette.html",
                           "partials/javascripts/announce.html", "partials/javascripts/content.html",
                           "partials/javascripts/outdated.html", "partials/javascripts/consent.html")


def as_html(text: str) -> str:
    """Our titles, descriptions and headings are plain text; MkDocs and the theme print page titles,
    nav titles and toc names as HTML (raw into element text, <title> and attributes). Every such
    value is escaped here, where it enters their structures, and nowhere else."""
    return escape(text, quote=True)


def _nav(nodes: list[NavNode]) -> list:
    out = []
    for n in nodes:
        if n.children:
            section = ([n.path + "index.md"] if n.path is not None else []) + _nav(n.children)
            out.append({as_html(n.title): section})
        else:
            out.append({as_html(n.title): (n.path + "index.md") if n.path else "index.md"})
    return out


def on_config(config):
    # Runs before MkDocs cleans or writes site_dir, so bad data never half-publishes.
    global _problems, _publication
    _problems = None
    gc.unfreeze()  # the last build's data (serve), frozen below, may go now
    cache.settle()  # the last build's cache writers (serve), also a failed build's
    try:
        with collector_paused():
            state = _prepare(config)
    except DataError as e:
        if _command == "serve":
            return _show_problems_instead(config, e.problems)
        for problem in e.problems:
            log.error(str(problem))
        raise PluginError(f"{len(e.problems)} fel i datafilerna; inget byggdes.") from None
    _refuse_drafts(config, state)
    # A build (not serve's temporary folder) writes beside the site, swapped in whole (publish.py).
    _publication = _published(publish.begin, config.site_dir, log.info) if _command in ("build", "gh-deploy") and not _dirty else None
    config.site_dir = str(_publication.staging) if _publication else config.site_dir
    # The data and the plan live until the build ends: out of the collector's sight, it stops
    # scanning them again and again while pages are made, and forked workers share their memory
    # pages instead of copying those the collector touches.
    gc.freeze()
    # Documents that disagree are real data, not an editor's mistake: say so without failing the build.
    for d in discrepancies(state.dataset):
        log.info(f"Avvikelse mellan dokument: {d}")
    return config


def _prepare(config):
    """The data loaded and the site planned, for this configuration."""
    store = _cache_store(config)
    state = build_state.prepare(_site(config), progress=_show_progress(), store=store,
                                manifest=store.load_manifest() if store else None, open_data=_open_data(config))
    _configure(config, state)
    settings = _settings_fingerprint(config, state) if store else None
    if state.manifest and settings != state.manifest.settings:
        # Settings, code or templates changed too: every page may look different.
        state = build_state.prepare(_site(config), progress=_show_progress(), store=store, open_data=_open_data(config))
        _configure(config, state)
        settings = _settings_fingerprint(config, state)
    state.settings = settings
    if state.edits is not None:
        planned = sum(1 for p in state.plan.pages if not isinstance(p, PageRecord))
        log.info(f"Ändrade dokument sedan förra bygget: {len(state.edits.documents)}; "
                 f"{planned} av {len(state.plan.pages)} sidor görs om, resten tas ur cachen.")
    return state


def _open_data(config) -> catalogue.OpenData:
    """mkdocs.yml `extra: oppna_data:`: the licence, publisher and contact of the open data."""
    try:
        return catalogue.OpenData.from_settings(config.extra.get("oppna_data"), config.site_url or "")
    except ValueError as e:
        raise PluginError(str(e)) from None


def _configure(config, state) -> None:
    """The settings and menu this build's pages are made with."""
    _no_edit_links_without_repo(config)
    state.edit_base = "" if state.dataset.info.syntetisk else data_edit_base(config, state.dataset.root)
    config.extra["syntetisk"] = state.dataset.info.syntetisk
    config.extra["forhandsvisning"] = state.dataset.scope
    nav = _nav(state.plan.nav)
    nav.append({"Om webbplatsen": "om.md"})
    nav.append({"Tillgänglighet": "tillganglighet.md"})
    config.nav = nav


def _no_edit_links_without_repo(config) -> None:
    # MkDocs would make "edit/main/content/om.md", relative to the site, from edit_uri alone.
    if not config.get("repo_url"):
        config.edit_uri = None
        config.edit_uri_template = None


def data_edit_base(config, data_root: Path) -> str:
    """Where "Redigera" links to data files start: MkDocs' repo_url + edit_uri lead to docs_dir
    (content/); a data file's link is the same base with its path from the repository root.

    "" (no links) when repo_url or edit_uri is unset, or when the data is not inside the
    repository (PLANER_DATA elsewhere); synthetic data gets none either (see on_config)."""
    repo_url, edit_uri = config.get("repo_url"), config.get("edit_uri")
    if not repo_url or not edit_uri:
        return ""
    repo_root = Path(config.config_file_path).resolve().parent
    docs_dir = Path(config.docs_dir).resolve()
    try:
        # Sources are named from the data directory's parent: data/enheter/<enhet>/...
        sources_root = data_root.resolve().parent.relative_to(repo_root)
        docs_rel = docs_dir.relative_to(repo_root)
    except ValueError:
        return ""
    docs_base = urljoin(repo_url if repo_url.endswith("/") else repo_url + "/", edit_uri)  # as MkDocs joins them
    up = "../" * len(docs_rel.parts)  # from content/ back to the repository root
    return urljoin(docs_base, up + (sources_root.as_posix() + "/" if sources_root.parts else ""))


# --- Preview with errors (scripts/serve) -----------------------------------------------------
# `mkdocs serve` stops rebuilding the site after a failed build ("will appear stuck"). While
# serving, bad data instead makes a site of one page, listing every problem, at every address;
# the page shows the site again by itself once the files are fixed (assets/planer-fel.js).

_command = ""  # "build", "serve", ... (on_startup); this module stays loaded across rebuilds
_problems: list | None = None  # the problems of this build, when it shows them instead of the site
_publication: "publish.Publication | None" = None
_dirty = False


def on_startup(command, dirty):
    global _command, _dirty
    _command, _dirty = command, dirty


def on_shutdown():
    """The command ends: the build cache complete, a build's new site swapped in whole (or thrown
    away when the build failed), and the loaded city left to the operating system
    (workers.leave_at_exit) rather than freed object by object. MkDocs calls this in a `finally:`;
    an exception in flight means the build failed."""
    cache.settle()  # the build cache complete when the command returns
    if _publication:  # after MkDocs' last word (strict mode's warnings fail the build after on_post_build)
        _published(_publication.publish if sys.exc_info()[0] is None else _publication.discard)
    workers.leave_at_exit()


def _published(step, *args):
    try:
        return step(*args)
    except publish.PublishError as e:  # one line, no traceback
        raise PluginError(str(e)) from None


def _site(config):
    """The site this mkdocs.yml describes: its data folder and templates (settings.py)."""
    return project(Path(config.config_file_path).parent, config.extra.get("data_dir"))


def on_serve(server, config, builder):
    # The data is watched where it is read from, also when PLANER_DATA points outside the project.
    server.watch(str(_site(config).data))
    return server


def _show_problems_instead(config, problems: list):
    global _problems
    _problems = problems
    print(f"{len(problems)} fel i datafilerna; förhandsvisningen visar dem i stället för webbplatsen:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)  # not the log: in --strict a logged error stops the server's build
    config.nav = []
    config.extra["syntetisk"] = False
    config.extra["forhandsvisning"] = ""
    return config


def _problem_files(files):
    """Only the static files (CSS, scripts): no page needs data the build could not read."""
    for f in list(files):
        if f.is_documentation_page():
            files.remove(f)
    return files


def _write_problem_page(config) -> None:
    base = urlsplit(config.site_url or "/").path or "/"
    html = render.error_page(render.environment(_site(config).templates), _problems, base if base.endswith("/") else base + "/")
    for name in ("index.html", "404.html"):
        Path(config.site_dir, name).write_text(html, encoding="utf-8")


def _refuse_drafts(config, state) -> None:
    """A publishing build (mkdocs.yml `extra.publicering`, set from PLANER_PUBLICERING) refuses
    drafts (every file with something left in att_fylla or att_flytta is named, by line), a
    site_url that is not a published address, and open data without a contact e-mail (DCAT-AP-SE
    requires one of the catalogue's contact point; only the city can say which)."""
    if not _truthy(config.extra.get("publicering")):
        return
    host = urlsplit(config.site_url or "").hostname or ""
    local = host in ("", "localhost", "127.0.0.1", "::1")
    if local:  # canonical links and the sitemap would point at the editor's own machine
        log.error(f"site_url är {config.site_url or 'inte satt'}: sätt den publicerade adressen i PLANER_SITE_URL "
                  "(t.ex. https://intranat.example.se/planer/)")
    problems = state.dataset.remaining_problems
    for problem in problems:
        log.error(str(problem))
    if problems:
        raise PluginError(f"{len(state.dataset.remaining)} filer är utkast ({len(problems)} saker kvar att fylla i); "
                          "inget publicerades.")
    if local:
        raise PluginError("Ingen publicerad adress (site_url); inget publicerades.")
    if not _open_data(config).kontakt_epost:
        raise PluginError("extra.oppna_data.kontakt_epost saknas: dataportal.se kräver en e-postadress till "
                          "öppna datas kontaktpunkt (sätt PLANER_KONTAKT_EPOST); inget publicerades.")


_YES = ("1", "true", "yes", "y", "ja", "j", "sant", "on")
_NO = ("", "0", "false", "no", "n", "nej", "falskt", "off", "none")


def _truthy(value) -> bool:
    # !ENV gives the environment's text: "1", "true", "ja" publish; "", "0", "false", "nej" do not.
    # Anything else is refused: a "publishing" build that read as false would publish drafts.
    if not isinstance(value, str):
        return bool(value)
    if value.strip().lower() not in _YES + _NO:
        raise PluginError(f"PLANER_PUBLICERING={value!r} förstås inte; skriv ja eller nej (eller 1 och 0); inget byggdes.")
    return value.strip().lower() in _YES


def _nav_paths(nodes: list[NavNode]) -> set[str]:
    return {p for n in nodes for p in ([n.path] if n.path is not None else []) + list(_nav_paths(n.children))}


class _GeneratedPage(MkDocsPage):
    """A page planned from the data. Its title and metadata come from the plan and its body from
    our templates (built in on_env), so MkDocs' reading and Markdown steps have nothing to do:
    at city scale a Markdown converter per page cost seconds on every build. (mkdocs-material's
    blog plugin subclasses Page the same way for its posts.)"""

    def __init__(self, planned, nav_title: "str | None", file: File, config) -> None:
        super().__init__(as_html(nav_title or planned.title), file, config)
        self._meta = {"title": as_html(planned.title), "description": as_html(planned.description),
                      "render_macros": False, "sok": planned.searchable}

    def read_source(self, config) -> None:
        self.markdown, self.meta = "", dict(self._meta)

    def _set_canonical_url(self, base: "str | None") -> None:
        # As MkDocs' (urljoin), without parsing the site's address again for each of tens of
        # thousands of pages: a planned page's address is a relative path of slugs.
        if not base:
            return super()._set_canonical_url(base)
        root, path = _site_address(base)
        self.canonical_url, self.abs_url = root + self.url, path + self.url

    def render(self, config, files) -> None:
        self.content, self.toc, self.present_anchor_ids = "", get_toc([]), set()


@functools.cache
def _site_address(base: str) -> tuple[str, str]:
    base = base if base.endswith("/") else base + "/"
    return base, urlsplit(base).path


def _nav_titles(nodes: list[NavNode]) -> dict[str, str]:
    """The menu's titles of its pages (a document is "Verksamhetsplan 2024" there); a section's own
    page has none and is titled like the page."""
    out = {}
    for n in nodes:
        if n.children:
            out.update(_nav_titles(n.children))
        elif n.path is not None:
            out[n.path] = n.title
    return out


def on_files(files, config):
    if _problems is not None:
        return _problem_files(files)
    state = build_state.current()
    in_nav = _nav_paths(state.plan.nav)
    titles = _nav_titles(state.plan.nav)
    state.unlisted = []
    for page in state.plan.pages:
        if isinstance(page, PageRecord) and page.path not in in_nav:
            # Kept from the last build and outside the menu: linked from the cache in on_env, no
            # MkDocs page made (at city scale most pages, and a millisecond each).
            state.unlisted.append(page)
            continue
        # Pages reached by links rather than the menu (goal, comparison, complaint pages) are not in nav.
        inclusion = InclusionLevel.UNDEFINED if page.path in in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.path + "index.md", content="", inclusion=inclusion)
        _GeneratedPage(page, titles.get(page.path), file, config)
        files.append(file)
    for download in state.plan.downloads:
        files.append(File.generated(config, download.path, content=download.content))
    # Made on every build, incremental ones too (never kept in the cache): it lists every file.
    files.append(File.generated(config, catalogue_path(), content=state.catalogue(
        config.site_url or "http://localhost:8000/", _open_data(config))))
    return files


def _show_progress() -> bool:
    """Progress lines on a terminal, not with `mkdocs build -q` (MkDocs then logs errors only) nor in CI."""
    return progress.wanted(quiet=logging.getLogger("mkdocs").getEffectiveLevel() > logging.INFO)


# --- Incremental builds (the cache itself is macros/build/cache.py) -------------------------------------

def _cache_store(config) -> "cache.Store | None":
    """The build cache beside mkdocs.yml (.cache/), or in $PLANER_CACHE_DIR; none with PLANER_CACHE=0."""
    if not cache.enabled():
        return None
    return cache.Store(cache.cache_dir(Path(config.config_file_path).resolve().parent / ".cache"))


def _build_fingerprint(config, more: "dict | None" = None, skip: tuple = ()) -> str:
    """Everything besides a page's own plan that shapes its output: code, packages, mkdocs.yml, the
    theme overrides, the hand-written pages, the settings pages are made with, and the whole menu."""
    settings = {
        "nav": config.nav, "site_url": config.site_url, "site_name": config.site_name,
        "use_directory_urls": config.use_directory_urls, "more": more,
        "extra": {k: v for k, v in config.extra.items() if k not in skip},
        "copyright": config.copyright, "repo_url": config.repo_url, "edit_uri": config.edit_uri,
        "extra_css": list(config.extra_css), "extra_javascript": [str(j) for j in config.extra_javascript],
        "env": sorted((k, v) for k, v in os.environ.items()
                      if k.startswith("PLANER_") and k not in ("PLANER_CACHE_DIR", "PLANER_PROGRESS", "PLANER_WORKERS")),
    }
    paths = [Path(config.config_file_path).resolve(), Path(config.docs_dir)]
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    return cache.build_fingerprint(paths, settings)


def _settings_fingerprint(config, state) -> str:
    """Before anything is built: whether the last build's pages may be kept (macros/site/delta.py).
    As _build_fingerprint, but for the content security policy, which is made later (on_env) from the
    same templates, the serving mode and the folder depths of the pages: those two stand in for it."""
    depths = sorted({p.path.count("/") for p in state.plan.pages})
    return _build_fingerprint(config, {"serving": _command == "serve", "depths": depths}, skip=("csp",))


# ------------------------------------------------------------------------------------------------

def _build(f, state, config, doc_files, nav, env, fingerprint=None, keys=None) -> None:
    page = f.page
    planned = state.by_src[f.src_uri]
    dest = Path(f.abs_dest_path)
    if isinstance(planned, PageRecord):  # kept from the last build (macros/site/delta.py)
        _place_kept(planned, state, dest, keys)
        return
    key = cache.plan_page_key(fingerprint, planned, state.edit_base) if fingerprint else None
    if keys is not None:
        keys[f.dest_uri] = key
    if key is not None and state.store.restore_page(key, dest):
        return
    if dest.exists() or dest.is_symlink():
        dest.unlink()  # may be a link to a kept page: never write through it
    page.content = state.render(planned)
    page.toc = get_toc(_escaped_toc(state.headings(page.content)))
    _build_page(page, config, doc_files, nav, env)
    page.content = None  # written; at city scale the bodies would otherwise all stay in memory
    if key is not None:
        state.store.keep_page(key, dest)


def _link_kept(pages: list[PageRecord], state, site_dir: str, keys: dict) -> None:
    """Kept pages outside the menu, linked from the cache (on every core: making tens of thousands
    of folders is most of it)."""
    for kept in pages:
        _place_kept(kept, state, os.path.join(site_dir, kept.path, "index.html"), keys)


def _place_kept(kept: PageRecord, state, dest, keys: "dict | None") -> None:
    """A page kept from the last build (macros/site/delta.py), linked from the cache to `dest`."""
    if keys is not None:
        keys[kept.path + "index.html"] = kept.key
    if not state.store.restore_page(kept.key, dest):
        raise PluginError(f"{kept.path}: sidan försvann ur cachen under bygget ({state.store.root}); bygg igen.")


def _escaped_toc(tokens: list[dict]) -> list[dict]:
    return [{**t, "name": as_html(t["name"]), "children": _escaped_toc(t["children"])} for t in tokens]


def on_env(env, config, files):
    """Build the generated pages here, on every core, and leave only hand-written pages to MkDocs.

    MkDocs builds pages one at a time; generated pages need no Markdown, so each worker renders
    a share of them (body from our templates, then the theme's page) after a fork that shares
    the loaded data, nav and theme. Uses mkdocs' `_build_page`, the one private call of this
    adapter (MkDocs 1.6)."""
    env.globals["planer_once"] = _once_per_folder_depth([f.page for f in files.documentation_pages()
                                                          if isinstance(f.page, _GeneratedPage)])
    # The theme's texts (lang.t), made once: base.html imported them `with context` on every page,
    # though they read only the config.
    env.globals["lang"] = env.get_template("partials/language.html").make_module({"config": config})
    if _problems is not None:
        return env
    state = build_state.current()
    env.auto_reload = False  # templates don't change during a build; don't stat them on every include
    _set_policy(env, config, files)
    env.globals["planer_nav"] = _menu_once_per_folder_depth(env, config._current_nav)
    env.globals["planer_nav_item"] = _menu_entries_once_per_folder_depth(env)
    generated = [f for f in files.documentation_pages() if f.src_uri in state.by_src]
    doc_files = files.documentation_pages()
    nav = config._current_nav  # set in on_nav
    n = _worker_count(len(generated) + len(state.unlisted))
    shown = progress.Progress("Bygger sidor", len(generated), _show_progress(), shared=n > 1)
    fingerprint = _build_fingerprint(config) if state.store else None
    if state.manifest and fingerprint != state.manifest.fingerprint:
        # _settings_fingerprint said the kept pages are still right; the policy disagrees.
        raise PluginError("Sidornas Content-Security-Policy ändrades utan att inställningarna gjorde det; "
                          f"bygg om utan cache (PLANER_CACHE=0) eller ta bort {state.store.root}.")
    state.page_keys = {}

    def share(i: int, n: int) -> dict:
        """Share i of n of the pages (workers.py); the keys of their outputs, for the search indexes'."""
        keys: dict = {}
        where = "sidorna"
        try:
            for f in generated[i::n]:
                where = f.src_uri
                _build(f, state, config, doc_files, nav, env, fingerprint, keys)
                shown.step()
            where = "sidorna ur cachen"
            _link_kept(state.unlisted[i::n], state, config.site_dir, keys)
        except PluginError:
            raise  # names its page
        except Exception as e:
            raise PluginError(f"Fel när {where} byggdes: {e!r}") from e
        return keys

    try:
        for keys in workers.shares(share, n):
            state.page_keys.update(keys)
    finally:
        shown.finish()
    state.fingerprint = fingerprint
    # MkDocs' own loop now writes only the hand-written pages; its sitemap would then miss the
    # generated ones, so the sitemap is written in on_post_build from every page's address.
    # In address order: a build after edits (macros/site/delta.py) does not know the full plan's order.
    unlisted = [_site_address(config.site_url)[0] + p.path for p in state.unlisted] if config.site_url else []
    state.sitemap = sorted(a for a in [*(f.page.canonical_url or f.page.abs_url for f in doc_files if f.page), *unlisted] if a)
    state.other_html = [f.dest_uri for f in doc_files if f.src_uri not in state.by_src] + \
        [t for t in config.theme.static_templates if t.endswith(".html")]
    for f in generated:
        files.remove(f)
    return env


def _menu_once_per_folder_depth(env, nav):
    """The menu (partials/nav.html) of a page outside it, drawn once per folder depth.

    Such a page marks no item as current, so its menu differs from another's only in the links'
    relative paths; drawn with links from the site's root (base_url + path) it is the same for
    every page at the same depth. Half of the theme's time per page went to the menu (profile at
    50 units x 8 years), though pruned to a few entries: the theme's nav-item macro walks every
    section's children. A page in the menu gets None and draws its own (base.html)."""
    template = env.get_template("partials/nav.html")
    in_menu = {id(p) for p in nav.pages}
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


def _once_per_folder_depth(pages: list):
    """{% call planer_once(name) %}...{% endcall %} (base.html, main.html, partials/header.html): the
    part no page changes (styles, scripts, the theme's config, the header but for the page's title,
    the footer), drawn once per folder depth for generated pages.
    Their links lead from the site's root to assets and hand-written pages, none of which is under a
    generated page's folder, so the same relative links serve every generated page at one depth.
    Other pages (hand-written, the theme's own, the preview's problems) draw it each time."""
    drawn: dict[tuple, Markup] = {}
    generated = {id(p): p for p in pages}  # the pages themselves kept: their ids stay theirs

    @jinja2.pass_context
    def planer_once(context, name: str, caller) -> Markup:
        page = context.get("page")
        if page is None or id(page) not in generated:
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


def _set_policy(env, config, files) -> None:
    """The Content-Security-Policy every page carries (main.html writes it as a <meta>).

    Not while serving: `mkdocs serve` adds an inline livereload script to every page it serves."""
    state = build_state.current()
    base_urls = {get_relative_url(".", f.url) for f in files.documentation_pages()}
    base_urls |= {get_relative_url(".", path) for path in {p.path.count("/"): p.path for p in state.unlisted}.values()}
    base_urls |= {".", urlsplit(config.site_url or "/").path}  # theme templates such as 404.html
    hashes = set()
    for name in _INLINE_SCRIPT_PARTIALS:
        template = env.get_template(name)
        for base_url in base_urls:
            html = template.render(config=config, base_url=base_url, features=config.theme.get("features", []))
            hashes |= {csp.sha256(script) for script in csp.inline_scripts(html)}
    state.csp_hashes = hashes
    state.csp = csp.policy(hashes)
    config.extra["csp"] = "" if _command == "serve" else state.csp


def _check_scripts(output: str, name: str) -> str:
    # An inline script the policy does not allow is a template change to account for, or text
    # from the data that became markup: either way, not something to publish.
    if _problems is not None:  # the preview's problem page: no data, no policy
        return output
    state = build_state.current()
    for script in csp.inline_scripts(output):
        if csp.sha256(script) not in state.csp_hashes:
            raise PluginError(f"{name}: ett inline-skript som sidornas Content-Security-Policy inte tillåter: {script[:60]!r}")
    return output


def on_post_page(output, page, config):
    return _check_scripts(output, page.file.src_uri)


def on_post_template(output, template_name, config):
    return _check_scripts(output, template_name)


def _worker_count(pages: int) -> int:
    return workers.count(pages, least=50)


def on_nav(nav, config, files):
    config._current_nav = nav
    return nav


def on_post_build(config):
    """Search: Pagefind indexes the pages' <article data-pagefind-body> with Swedish stemming (from
    <html lang="sv">), into the indexes of macros/site/search.py (per year, plans and reports apart, in
    slices in a big city; the rest) under site/pagefind/. An index whose pages are all unchanged is linked from the cache.
    A scoped preview skips search: it is for reading one unit's pages, and seconds count."""
    if _problems is not None:
        _write_problem_page(config)
        return
    state = build_state.current()
    _write_sitemap(config.site_dir, state.sitemap)
    # The same policy as a header, for the web server (README, publishing).
    Path(config.site_dir, "content-security-policy.txt").write_text(state.csp + "\n", encoding="utf-8")
    if state.dataset.scope:
        return
    members = _search_members(config.site_dir, state) if state.store and state.fingerprint else None
    indexes = state.search_indexes()
    shown = progress.Progress("Sökindex", len(indexes), _show_progress())
    todo = []
    for ix in indexes:
        key = _search_key(state, ix, members)
        if key and state.store.restore_dir(key, Path(config.site_dir, "pagefind", ix.name)):
            shown.step()
        else:
            todo.append((ix, key))
    inputs = Path(config.site_dir, ".sokindex")
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
            cache.link_or_copy(os.path.join(config.site_dir, rel), folder / rel)
        out = Path(config.site_dir, "pagefind", ix.name)
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
    with ThreadPoolExecutor(max_workers=max(1, min(len(todo), _worker_count(len(state.plan.pages))))) as pool:
        running = [pool.submit(index, job) for job in todo]
        # Meanwhile (Pagefind reads only pages): the downloads, kept for the next build or linked from the last.
        downloads = _keep_downloads(config, state) if state.store else []
        for done in as_completed(running):
            result = done.result()
            if result.returncode != 0:
                failed.append(result)
            shown.step()
    shown.finish()
    shutil.rmtree(inputs, ignore_errors=True)
    if failed:
        raise PluginError(f"Pagefind kunde inte indexera webbplatsen: {failed[0].stderr.strip() or failed[0].stdout.strip()}")
    if state.store:
        cache.settle()  # what loading and planning kept is written before the cache is pruned
        _keep_for_next_build(state, downloads)


def _keep_downloads(config, state) -> list[DownloadRecord]:
    """The downloads this build made, kept in the cache by digest, and those of documents no edit
    reached (macros/site/delta.py) linked from it, as the last build wrote them."""
    for d in state.kept_downloads:
        if not state.store.restore_blob(d.digest, Path(config.site_dir, d.path)):
            raise PluginError(f"{d.path}: filen försvann ur cachen under bygget ({state.store.root}); bygg igen.")
    downloads = list(state.kept_downloads)
    for d in state.plan.downloads:
        digest = hashlib.sha256(d.content).hexdigest()
        state.store.keep_blob(digest, Path(config.site_dir, d.path))
        downloads.append(DownloadRecord(d.path, d.reads, digest))
    return downloads


def _keep_for_next_build(state, downloads: list[DownloadRecord]) -> None:
    """The manifest the next build starts from (macros/site/delta.py); after a full build, the cache
    pruned to what that build used, so it holds about one site."""
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


def _search_members(site_dir: str, state) -> dict[str, str]:
    """Every built page and the key of its output: generated pages by their cache key, the rest
    (hand-written pages, the theme's) by their bytes. None among the values: that page is not
    cacheable. (From what the build wrote, not a walk of the site: 43 000 folders at city scale.)"""
    members = dict(state.page_keys)
    for rel in state.other_html:
        path = os.path.join(site_dir, rel)
        if os.path.isfile(path):
            members[rel] = cache.file_digest(Path(path))
    return members


def _search_key(state, ix, members) -> "str | None":
    """The key of a search index: every page it covers and the key of that page's output."""
    if members is None:
        return None
    covered = [(rel, members.get(rel)) for rel in ix.pages]
    if any(key is None for _, key in covered):
        return None
    return cache.tree_key(state.fingerprint, ix.name, covered)


def _write_sitemap(site_dir: str, addresses: list[str]) -> None:
    body = "".join(f"    <url>\n         <loc>{escape(a)}</loc>\n    </url>\n" for a in addresses if a)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           + body + "</urlset>\n").encode("utf-8")
    Path(site_dir, "sitemap.xml").write_bytes(xml)
    Path(site_dir, "sitemap.xml.gz").write_bytes(gzip.compress(xml, mtime=0))
