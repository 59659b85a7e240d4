"""The MkDocs adapter (mkdocs.yml `hooks:`): the core's site presented through MkDocs' plugin events.

The core (macros/site/) loads the data, plans the pages, renders their bodies and writes pages,
sitemap, search indexes and downloads (site/output.py). Here they meet MkDocs on its public API
only: the plan's menu becomes MkDocs' navigation (`on_nav`), each planned page a `Page` framed by
the theme's `main.html` (`get_context`, the page events), downloads `File.generated`. Planned pages
are not among MkDocs' files, so MkDocs builds only the hand-written pages of content/; the core
writes the rest on every core. theme.py draws the theme's frame faster.
"""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from functools import partial
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import get_context
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from macros.build import cache, progress, publish, workers
from macros.build.settings import project
from macros.model.load import DataError
from macros.site import build_state, catalogue, csp, output, publishing
from macros.site.urls import catalogue as catalogue_path
from macros.adapters.mkdocs import theme

log = logging.getLogger("mkdocs.hooks.planer")

# MkDocs' own menu: the hand-written pages. The plan's menu goes in front of the last two (on_nav).
HAND_WRITTEN = [{"Start": "index.md"}, {"Om webbplatsen": "om.md"}, {"Tillgänglighet": "tillganglighet.md"}]

_command = ""  # "build", "serve", ... (on_startup); this module stays loaded across serve's rebuilds
_dirty = False
_problems: list | None = None  # the problems of this build, when the preview shows them instead of the site
_publication: "publish.Publication | None" = None
_nav: "Navigation | None" = None
_theirs: list[File] = []  # MkDocs' own pages (content/)


# Our titles, descriptions and headings are plain text; MkDocs and the theme print page titles,
# nav titles and toc names as HTML: each is escaped here, where it enters their structures.
as_html = partial(escape, quote=True)


class PlannedPage(Page):
    """A page of the plan (site/pages.py), framed by the theme; its body comes from our templates,
    so MkDocs never reads nor builds it: it is not among MkDocs' files. (mkdocs-material's blog
    plugin subclasses Page the same way for its posts.)"""

    def __init__(self, planned, menu_title: str, config) -> None:
        super().__init__(as_html(menu_title), File.generated(config, planned.path + "index.md", content=""), config)
        self.meta = {"title": as_html(planned.title), "description": as_html(planned.description),
                     "render_macros": False, "sok": planned.searchable}


@contextmanager
def _errors():
    try:
        yield
    except (output.SiteError, publish.PublishError, ValueError) as e:  # one line, no traceback
        raise PluginError(str(e)) from None


def on_startup(command, dirty):
    global _command, _dirty
    _command, _dirty = command, dirty


def on_config(config):
    # Runs before MkDocs cleans or writes site_dir, so bad data never half-publishes.
    global _problems, _publication
    _problems = None
    with _errors():
        open_data = catalogue.OpenData.from_settings(config.extra.get("oppna_data"), config.site_url or "")
    try:
        state = build_state.prepare_cached(_site(config), _show_progress(), open_data,
                                           lambda state: _configure(config, state), log.info)
    except DataError as e:
        if _command == "serve":
            return _show_problems_instead(config, e.problems)
        for problem in e.problems:
            log.error(str(problem))
        raise PluginError(f"{len(e.problems)} fel i datafilerna; inget byggdes.") from None
    with _errors():
        if publishing.truthy(config.extra.get("publicering")):
            lines, refusal = publishing.refusals(state.dataset, config.site_url, state.open_data)
            for line in lines:
                log.error(line)
            if refusal:
                raise PluginError(refusal)
        # A build (not serve's temporary folder) writes beside the site, swapped in whole (publish.py).
        _publication = publish.begin(config.site_dir, log.info) if _command in ("build", "gh-deploy") and not _dirty else None
    config.site_dir = str(_publication.staging) if _publication else config.site_dir
    return config


def _configure(config, state) -> "str | None":
    """The settings this build's pages are made with; their fingerprint, when there is a cache."""
    if not config.get("repo_url"):  # MkDocs would make "edit/main/content/om.md", relative to the site
        config.edit_uri = config.edit_uri_template = None
    state.edit_base = "" if state.dataset.info.syntetisk else publishing.data_edit_base(
        config.repo_url, config.edit_uri, Path(config.config_file_path).parent, Path(config.docs_dir), state.dataset.root)
    config.extra["syntetisk"] = state.dataset.info.syntetisk
    config.extra["forhandsvisning"] = state.dataset.scope
    config.nav = list(HAND_WRITTEN)
    # The content security policy is made later (on_env) from the same templates, the serving mode
    # and the pages' folder depths: those two stand in for it.
    depths = sorted({p.path.count("/") for p in state.plan.pages})
    return _fingerprint(config, state, {"serving": _command == "serve", "depths": depths}, skip=("csp",)) if state.store else None


def _fingerprint(config, state, more: "dict | None" = None, skip: tuple = ()) -> str:
    """Everything besides a page's own plan that shapes its output: code, packages, mkdocs.yml, the
    theme overrides, the hand-written pages, the settings pages are made with, and the whole menu."""
    settings = {
        "nav": state.plan.nav, "site_url": config.site_url, "site_name": config.site_name,
        "use_directory_urls": config.use_directory_urls, "more": more,
        "extra": {k: v for k, v in config.extra.items() if k not in skip},
        "copyright": config.copyright, "repo_url": config.repo_url, "edit_uri": config.edit_uri,
        "extra_css": list(config.extra_css), "extra_javascript": [str(j) for j in config.extra_javascript],
    }
    paths = [Path(config.config_file_path).resolve(), Path(config.docs_dir)] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])
    return output.fingerprint(paths, settings)


def on_files(files, config):
    if _problems is not None:  # only the static files (CSS, scripts): no page needs data the build could not read
        for f in files.documentation_pages():
            files.remove(f)
        return files
    state = build_state.current()
    for download in state.plan.downloads:
        files.append(File.generated(config, download.path, content=download.content))
    # Made on every build, incremental ones too (never kept in the cache): it lists every file.
    files.append(File.generated(config, catalogue_path(), content=state.catalogue(
        config.site_url or "http://localhost:8000/", state.open_data)))
    return files


def on_nav(nav, config, files):
    """The plan's menu (site/pages.py NavNode) in front of MkDocs' own entries, as MkDocs would
    make it from a nav setting: sections with their index page first, parents and neighbours set."""
    global _nav, _theirs
    _theirs = files.documentation_pages()
    if _problems is None:
        planned = {p.path: p for p in build_state.current().plan.pages}
        pages: list[Page] = []  # in the menu's order

        def page(path: str, menu_title: str):
            file = files.get_file_from_path(path + "index.md")  # a hand-written page (the start page)
            pages.append(file.page if file is not None and file.page is not None else PlannedPage(planned[path], menu_title, config))
            return pages[-1]

        def items(nodes, parent=None) -> list:
            out = []
            for n in nodes:
                if n.children:
                    item = Section(as_html(n.title), [])
                    item.children = ([page(n.path, planned[n.path].title)] if n.path is not None else []) + items(n.children, item)
                    item.children[0].parent = item  # its index page (items() set the others')
                else:
                    item = page(n.path or "", n.title)
                item.parent = parent
                out.append(item)
            return out

        mine = items(build_state.current().plan.nav)
        rest = [i for i in nav.items if i not in pages]  # MkDocs' entries for the other hand-written pages
        pages += [i for i in rest if isinstance(i, Page)]
        for before, after in zip(pages, pages[1:]):
            before.next_page, after.previous_page = after, before
        nav = Navigation(mine + rest, pages)
    _nav = nav
    return nav


def on_env(env, config, files):
    """The planned pages written here, on every core (site/output.py), each in the theme's frame."""
    theme.install(env, config, _nav, lambda page: isinstance(page, PlannedPage))
    if _problems is not None:
        return env
    state = build_state.current()
    env.auto_reload = False  # templates don't change during a build; don't stat them on every include
    _set_policy(env, config, state)
    fingerprint = _fingerprint(config, state) if state.store else None
    if state.manifest and fingerprint != state.manifest.fingerprint:
        # The settings' fingerprint said the kept pages are still right; the policy disagrees.
        raise PluginError("Sidornas Content-Security-Policy ändrades utan att inställningarna gjorde det; "
                          f"bygg om utan cache (PLANER_CACHE=0) eller ta bort {state.store.root}.")
    in_menu = {p.file.src_uri[:-len("index.md")]: p for p in _nav.pages if isinstance(p, PlannedPage)}
    main = env.get_template("main.html")

    def frame(planned, body: str, toc: list) -> str:
        page = in_menu.get(planned.path) or PlannedPage(planned, planned.title, config)
        page.content, page.toc, page.active = body, get_toc(_escaped_toc(toc)), True
        try:
            context = config.plugins.on_page_context(get_context(_nav, _theirs, config, page), page=page, config=config, nav=_nav)
            return config.plugins.on_post_page(main.render(context), page=page, config=config)
        except PluginError as e:  # a page refused (our on_post_page names it): said as it is
            raise output.SiteError(str(e)) from None
        finally:
            page.active, page.content = False, None  # written; at city scale the bodies would otherwise all stay in memory

    with _errors():
        output.write_pages(state, config.site_dir, frame, fingerprint, _show_progress())
    return env


def _escaped_toc(tokens: list[dict]) -> list[dict]:
    return [{**t, "name": as_html(t["name"]), "children": _escaped_toc(t["children"])} for t in tokens]


def _set_policy(env, config, state) -> None:
    """The Content-Security-Policy every page carries (main.html writes it as a <meta>): the hashes
    of the inline scripts the theme writes, read from one page drawn at each folder depth and from
    the error page. They depend on the depth only (links from the site's root); on_post_page holds
    every page to it. Not while serving: `mkdocs serve` adds an inline livereload script."""
    depths = {p.path.count("/") for p in state.plan.pages} | {len([x for x in f.url.split("/") if x not in ("", ".")]) for f in _theirs}
    pages = [Page("", File.generated(config, "pl-prov/" * d + "index.md", content=""), config) for d in depths]
    for p in pages:
        p.content, p.toc = "", get_toc([])
    html = [env.get_template("main.html").render(get_context(_nav, _theirs, config, p)) for p in pages]
    html.append(env.get_template("404.html").render(get_context(_nav, _theirs, config, base_url=urlsplit(config.site_url or "/").path)))
    state.csp_hashes = csp.allowing(html)
    state.csp = csp.policy(state.csp_hashes)
    config.extra["csp"] = "" if _command == "serve" else state.csp


def _check_scripts(output_html: str, name: str) -> str:
    if _problems is not None:  # the preview's problem page: no data, no policy
        return output_html
    with _errors():
        return csp.unexpected(output_html, build_state.current().csp_hashes, name)


def on_post_page(output_html, page, config):
    return _check_scripts(output_html, page.file.src_uri)


def on_post_template(output_html, template_name, config):
    return _check_scripts(output_html, template_name)


def on_post_build(config):
    if _problems is not None:
        return output.problem_site(_site(config), config.site_dir, config.site_url or "", _problems)
    others = {f.dest_uri: f.page.canonical_url or f.page.abs_url or "" for f in _theirs if f.page}
    others.update({t: "" for t in config.theme.static_templates if t.endswith(".html")})
    with _errors():
        output.finish(build_state.current(), config.site_dir, config.site_url or "", others, _show_progress())


def on_shutdown():
    """The build cache complete, a build's new site swapped in whole (or thrown away when it failed:
    MkDocs calls this in a `finally:`), the loaded city left to the operating system."""
    cache.settle()
    if _publication:  # after MkDocs' last word (strict mode's warnings fail the build after on_post_build)
        with _errors():
            (_publication.publish if sys.exc_info()[0] is None else _publication.discard)()
    workers.leave_at_exit()


# --- Preview with errors (scripts/serve) -----------------------------------------------------
# `mkdocs serve` stops rebuilding the site after a failed build ("will appear stuck"). While
# serving, bad data instead makes a site of one page, listing every problem, at every address;
# the page shows the site again by itself once the files are fixed (assets/planer-fel.js).

def on_serve(server, config, builder):
    # The data is watched where it is read from, also when PLANER_DATA points outside the project.
    server.watch(str(_site(config).data))
    return server


def _show_problems_instead(config, problems: list):
    global _problems
    _problems = problems
    output.show_problems(problems)  # not in the log: in --strict a logged error stops the server's build
    config.nav, config.extra["syntetisk"], config.extra["forhandsvisning"] = [], False, ""
    return config


def _site(config):
    return project(Path(config.config_file_path).parent, config.extra.get("data_dir"))


def _show_progress() -> bool:  # on a terminal, not with `mkdocs build -q` (errors only) nor in CI
    return progress.wanted(quiet=logging.getLogger("mkdocs").getEffectiveLevel() > logging.INFO)
