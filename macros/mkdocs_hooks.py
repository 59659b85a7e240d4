"""The one layer that knows MkDocs: data -> generated files, planned nav, rendered page bodies.

Referenced from mkdocs.yml `hooks:`. Swapping the builder means rewriting this file only;
the model, the plan of pages and the templates stay as they are.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import subprocess
import sys
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import _build_page
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from macros import build_state, csp
from macros.load import DataError
from macros.outcomes import discrepancies
from macros.pages import NavNode
from macros.settings import project

log = logging.getLogger("mkdocs.hooks.planer")

# The theme's partials that hold inline scripts (mkdocs-material 9.x); the policy allows exactly
# these, rendered as each page renders them, by hash.
_INLINE_SCRIPT_PARTIALS = ("partials/javascripts/base.html", "partials/javascripts/palette.html",
                           "partials/javascripts/announce.html", "partials/javascripts/content.html",
                           "partials/javascripts/outdated.html", "partials/javascripts/consent.html")
_command = "build"


def on_startup(command, dirty):
    global _command
    _command = command


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
    try:
        site = project(Path(config.config_file_path).parent, config.extra.get("data_dir"))
        state = build_state.prepare(site, edit_base=config.extra.get("redigera_url", ""))
    except DataError as e:
        for problem in e.problems:
            log.error(str(problem))
        raise Abort(f"{len(e.problems)} fel i datafilerna; inget byggdes.") from None
    if str(site.data) not in config.watch:
        config.watch.append(str(site.data))  # `mkdocs serve` rebuilds when the data changes
    config.extra["syntetisk"] = state.dataset.info.syntetisk
    config.extra["forhandsvisning"] = state.dataset.scope
    # Documents that disagree are real data, not an editor's mistake: say so without failing the build.
    for d in discrepancies(state.dataset):
        log.info(f"Avvikelse mellan dokument: {d}")
    nav = _nav(state.plan.nav)
    nav.append({"Om webbplatsen": "om.md"})
    nav.append({"Tillgänglighet": "tillganglighet.md"})
    config.nav = nav
    return config


def _nav_paths(nodes: list[NavNode]) -> set[str]:
    return {p for n in nodes for p in ([n.path] if n.path is not None else []) + list(_nav_paths(n.children))}


def on_files(files, config):
    state = build_state.current()
    in_nav = _nav_paths(state.plan.nav)
    for page in state.plan.pages:
        meta = json.dumps({"title": as_html(page.title), "description": as_html(page.description), "render_macros": False,
                           "sok": page.searchable}, ensure_ascii=False)
        # The body is rendered from templates in on_page_content; the stub only carries metadata.
        # Pages reached by links rather than the menu (goal, comparison, complaint pages) are not in nav.
        inclusion = InclusionLevel.UNDEFINED if page.path in in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.path + "index.md", content=f"---\n{meta}\n---\n", inclusion=inclusion))
    for download in state.plan.downloads:
        files.append(File.generated(config, download.path, content=download.content))
    return files


def on_page_content(html, page, config, files):
    # Generated pages get their body in on_env, where they are built in parallel; hand-written
    # pages pass through.
    return html


def _build(f, state, config, doc_files, nav, env) -> None:
    page = f.page
    page.content = state.render(state.by_src[f.src_uri])
    page.toc = get_toc(_escaped_toc(state.headings(page.content)))
    _build_page(page, config, doc_files, nav, env)
    page.content = None  # written; at city scale the bodies would otherwise all stay in memory


def _escaped_toc(tokens: list[dict]) -> list[dict]:
    return [{**t, "name": as_html(t["name"]), "children": _escaped_toc(t["children"])} for t in tokens]


def on_env(env, config, files):
    """Build the generated pages here, on every core, and leave only hand-written pages to MkDocs.

    MkDocs builds pages one at a time; generated pages need no Markdown, so each worker renders
    a share of them (body from our templates, then the theme's page) after a fork that shares
    the loaded data, nav and theme. Uses mkdocs' `_build_page`, the one private call of this
    adapter (MkDocs 1.6)."""
    state = build_state.current()
    env.auto_reload = False  # templates don't change during a build; don't stat them on every include
    _set_policy(env, config, files)
    generated = [f for f in files.documentation_pages() if f.src_uri in state.by_src]
    doc_files = files.documentation_pages()
    nav = config._current_nav  # set in on_nav
    workers = _worker_count(len(generated))
    children = []
    for i in range(1, workers):
        pid = os.fork()
        if pid == 0:  # a worker: build its share, then leave without running anything else
            code = 0
            try:
                for f in generated[i::workers]:
                    _build(f, state, config, doc_files, nav, env)
            except BaseException as e:  # reported by the parent through the exit status
                print(f"Fel när {f.src_uri} byggdes: {e!r}", file=sys.stderr)
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        children.append(pid)
    failed = False
    try:
        for f in generated[0::workers]:
            _build(f, state, config, doc_files, nav, env)
    finally:
        for pid in children:
            _, status = os.waitpid(pid, 0)
            failed = failed or status != 0
    if failed:
        raise Abort("En del av sidorna kunde inte byggas; se felen ovan.")
    # MkDocs' own loop now writes only the hand-written pages; its sitemap would then miss the
    # generated ones, so the sitemap is written in on_post_build from every page's address.
    state.sitemap = [f.page.canonical_url or f.page.abs_url for f in doc_files if f.page]
    for f in generated:
        files.remove(f)
    return env


def _set_policy(env, config, files) -> None:
    """The Content-Security-Policy every page carries (main.html writes it as a <meta>).

    Not while serving: `mkdocs serve` adds an inline livereload script to every page it serves."""
    state = build_state.current()
    base_urls = {get_relative_url(".", f.url) for f in files.documentation_pages()}
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
    state = build_state.current()
    for script in csp.inline_scripts(output):
        if csp.sha256(script) not in state.csp_hashes:
            raise Abort(f"{name}: ett inline-skript som sidornas Content-Security-Policy inte tillåter: {script[:60]!r}")
    return output


def on_post_page(output, page, config):
    return _check_scripts(output, page.file.src_uri)


def on_post_template(output, template_name, config):
    return _check_scripts(output, template_name)


def _worker_count(pages: int) -> int:
    if pages < 50 or not hasattr(os, "fork"):
        return 1
    return max(1, min(os.cpu_count() or 1, int(os.environ.get("PLANER_WORKERS", "0")) or os.cpu_count() or 1))


def on_nav(nav, config, files):
    config._current_nav = nav
    return nav


def on_post_build(config):
    """Search: Pagefind indexes the pages' <article data-pagefind-body> with Swedish stemming (from
    <html lang="sv">), one index per year of documents and one for the rest, under site/pagefind/.

    Per year, because a reader's query then loads one year's chunks (a first query at city scale
    stays under a megabyte) and indexing holds one year in memory at a time. The search page
    searches the latest year with the rest, and every year when asked. A scoped preview skips
    search: it is for reading one unit's pages, and seconds count."""
    state = build_state.current()
    _write_sitemap(config.site_dir, state.sitemap)
    # The same policy as a header, for the web server (README, publishing).
    Path(config.site_dir, "content-security-policy.txt").write_text(state.csp + "\n", encoding="utf-8")
    if state.dataset.scope:
        return
    for name, glob in search_indexes(state.dataset.years):
        result = subprocess.run([sys.executable, "-m", "pagefind", "--site", config.site_dir, "--glob", glob,
                                 "--output-subdir", f"pagefind/{name}", "--silent"], capture_output=True, text=True)
        if result.returncode != 0:
            raise Abort(f"Pagefind kunde inte indexera webbplatsen: {result.stderr.strip() or result.stdout.strip()}")


def search_indexes(years: list[int]) -> list[tuple[str, str]]:
    """(index name, glob of the built pages it covers): documents and nämndmål per year, the rest apart."""
    out = [(str(y), f"{{enheter/*/{y}/*/index.html,mal/{y}/**/index.html}}") for y in years]
    out.append(("allmant", "{index.html,*/index.html,enheter/*/index.html,forvaltningar/*/index.html,indikatorer/*/index.html}"))
    return out


def _write_sitemap(site_dir: str, addresses: list[str]) -> None:
    body = "".join(f"    <url>\n         <loc>{escape(a)}</loc>\n    </url>\n" for a in addresses if a)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           + body + "</urlset>\n").encode("utf-8")
    Path(site_dir, "sitemap.xml").write_bytes(xml)
    Path(site_dir, "sitemap.xml.gz").write_bytes(gzip.compress(xml, mtime=0))
