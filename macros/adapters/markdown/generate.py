"""The site as files any Markdown builder reads: `python -m macros generate DIR`.

What mkdocs-gen-files leaves for MkDocs, written to a folder instead of handed to the build: every
planned page as `docs/<address>index.md` (YAML front matter, then its body as the templates rendered
it, raw HTML that Python-Markdown passes through as it stands), the downloads and the DCAT-AP-SE
catalogue under `docs/`, the hand-written pages of content/ with their macros done and their
assets, the menu as `nav.yml`, and a `mkdocs.yml` for plain MkDocs with mkdocs-material: no hook, no
macros plugin, no custom_dir (our theme overrides need the hook's helpers). Any builder that reads
mkdocs.yml and Markdown can build the site from it; tests/test_generate.py holds every page's body to
the normal build's.

Not carried over, as the normal build's adapter (adapters/mkdocs/hooks.py) makes them: the theme
overrides (skip link, footer, the header's search form), Pagefind's search (the folder's mkdocs.yml
uses the theme's own search plugin; content/sok.md, Pagefind's search page, is left out), the
Content-Security-Policy, the sitemap of generated pages, the tables of contents (the headings are raw
HTML, which the toc extension does not read) and "Redigera" links to data files.

Titles and descriptions are HTML-escaped once, as the MkDocs adapter does (`as_html`): MkDocs and the
theme print them as HTML. All of the folder is written beside it and swapped in whole
(build/publish.py): a failed run leaves the folder as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Callable

import jinja2
import yaml

from ...build import progress, publish, workers
from ...build.settings import CONFIG_FILE, Project, mkdocs_config
from ...site import build_state, handwritten
from ...site.catalogue import OpenData
from ...site.pages import NavNode
from ...site.urls import catalogue as catalogue_path

# The first line of the written mkdocs.yml: an existing folder that starts so may be replaced.
HEADER = "# Skriven av `python -m macros generate`; skrivs över nästa gång. Ändra i källorna, inte här.\n"
# MkDocs' own rule for front matter (mkdocs/utils/meta.py): `---`, YAML, `---` or `...`.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
# The hand-written pages in the menu after the generated ones, titled as there (adapters/mkdocs/hooks.py).
HANDWRITTEN_NAV = [{"Om webbplatsen": "om/index.md"}, {"Tillgänglighet": "tillganglighet/index.md"}]
# Pagefind's search page: its indexes are made after the normal build; the folder uses the theme's search.
LEFT_OUT = {"sok.md"}
# Of the project's mkdocs.yml, what the written one carries over as it stands.
CARRIED = ("site_name", "site_description", "site_url", "use_directory_urls", "extra_css", "extra_javascript",
           "markdown_extensions")


class GenerateError(Exception):
    """The folder could not be written (said in one line; a folder there before stays as it was)."""


@dataclass
class Written:
    pages: int  # generated pages
    handwritten: int  # hand-written pages, macros done
    files: int  # downloads, the catalogue and copied assets
    folder: Path


def as_html(text: str) -> str:
    """As adapters/mkdocs/hooks.py's: MkDocs and the theme print titles, descriptions and menu
    entries as HTML, so our plain texts are escaped once, here."""
    return escape(text, quote=True)


def generate(site: Project, out: Path, show_progress: bool = False,
             say: Callable[[str], None] = lambda m: print(m, file=sys.stderr, flush=True)) -> Written:
    """Write the site of `site` (its data, templates, content/ and mkdocs.yml) into `out`.
    Raises model.load.DataError for bad data (nothing written) and GenerateError."""
    config = mkdocs_config(site.root / CONFIG_FILE)
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    site_url = config.get("site_url") if isinstance(config.get("site_url"), str) else ""
    try:
        open_data = OpenData.from_settings(extra.get("oppna_data"), site_url)
    except ValueError as e:
        raise GenerateError(str(e)) from None
    state = build_state.prepare(site, progress=show_progress, open_data=open_data)
    out = Path(os.path.abspath(out))
    _refuse_foreign(out)
    try:
        publication = publish.begin(out, say)
    except publish.PublishError as e:
        raise GenerateError(str(e)) from None
    try:
        written = _write(state, site, config, publication.staging, site_url or "http://localhost:8000/",
                         open_data, show_progress)
    except BaseException:
        publication.discard()
        raise
    try:
        publication.publish()
    except publish.PublishError as e:
        raise GenerateError(str(e)) from None
    written.folder = out
    return written


def _refuse_foreign(out: Path) -> None:
    """Only an empty folder or one this command wrote may be replaced: never someone's own files."""
    if not out.exists():
        return
    if not out.is_dir():
        raise GenerateError(f"{out} finns redan och är ingen mapp; inget skrevs.")
    if not any(out.iterdir()):
        return
    try:
        with open(out / CONFIG_FILE, encoding="utf-8") as f:
            ours = f.readline() == HEADER
    except (OSError, UnicodeDecodeError):
        ours = False
    if not ours:
        raise GenerateError(f"{out} finns redan och är inte skriven av generate (dess {CONFIG_FILE} saknar "
                            "första raden som generate skriver); välj en tom eller ny mapp. Inget skrevs.")


def _write(state, site: Project, config: dict, folder: Path, base_url: str, open_data: OpenData,
           show_progress: bool) -> Written:
    docs = folder / "docs"
    docs.mkdir()
    pages = list(state.plan.pages)
    n = workers.count(len(pages), least=50)
    shown = progress.Progress("Skriver sidor", len(pages), show_progress, shared=n > 1)

    def share(i: int, n: int) -> None:
        for page in pages[i::n]:
            _write_file(docs / (page.path + "index.md"), page_markdown(page, state.render(page)))
            shown.step()

    try:
        workers.shares(share, n)
    finally:
        shown.finish()
    files = 0
    for download in state.plan.downloads:
        _write_file(docs / download.path, download.content)
        files += 1
    _write_file(docs / catalogue_path(), state.catalogue(base_url, open_data))
    files += 1
    handwritten_pages, copied = _copy_content(state, config, site.root, docs)
    nav = menu(state.plan.nav) + HANDWRITTEN_NAV
    _write_file(folder / "nav.yml", _yaml(nav))
    _write_file(folder / CONFIG_FILE, HEADER + _yaml(builder_config(config, nav)))
    return Written(len(pages), handwritten_pages, files + copied, folder)


def page_markdown(page, body: str) -> str:
    """A generated page as Markdown: front matter, then its body as raw HTML. Every element at the
    body's top level is a block element starting its line (the templates see to it; the search
    filters stand in a div): Python-Markdown then passes each through as it stands, and adds or
    drops nothing but line breaks between them."""
    meta = {"title": as_html(page.title), "description": as_html(page.description),
            "sok": page.searchable,  # our overrides' flag (data-pagefind-body)
            "render_macros": False}  # mkdocs-macros, where present, never reads data text as Jinja
    if not page.searchable:
        meta["search"] = {"exclude": True}  # the theme's search plugin's flag
    return "---\n" + _yaml(meta) + "---\n\n" + body + ("" if body.endswith("\n") else "\n")


def menu(nodes: list[NavNode]) -> list:
    """The plan's menu as MkDocs' `nav` (as adapters/mkdocs/hooks.py's `_nav`): a section lists its
    own page first (the theme's navigation.indexes), titles escaped."""
    out = []
    for n in nodes:
        if n.children:
            section = ([n.path + "index.md"] if n.path is not None else []) + menu(n.children)
            out.append({as_html(n.title): section})
        else:
            out.append({as_html(n.title): (n.path + "index.md") if n.path else "index.md"})
    return out


def builder_config(config: dict, nav: list) -> dict:
    """The written mkdocs.yml: the project's name, address, styles, scripts and Markdown extensions,
    its theme without custom_dir, the theme's search, the menu. No hooks, no macros plugin."""
    out = {k: config[k] for k in CARRIED if k in config and config[k] is not None}
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {"name": "material"}
    theme = {k: v for k, v in theme.items() if k != "custom_dir"}
    # No edit links: "Redigera" leads into content/ of a repository, not to this folder.
    theme["features"] = [f for f in theme.get("features") or [] if f != "content.action.edit"]
    out.update({"docs_dir": "docs", "site_dir": "site", "theme": theme, "plugins": ["search"],
                "extra": {"generator": False}, "nav": nav})
    return out


def _copy_content(state, config: dict, root: Path, docs: Path) -> tuple[int, int]:
    """content/ (the project's docs_dir): its Markdown pages with their macros done, the rest copied.

    A page `x.md` is written as `x/index.md`, its address (x/) as a folder of its own, as every
    generated page is: the breadcrumbs' links in its raw HTML lead from that address, and Zensical
    reads relative links in raw HTML from the Markdown file (MkDocs leaves raw HTML as it is). So
    a Markdown link in a hand-written page cannot be relative to content/ (none is: the pages link
    with anchors and to other hosts); a wrong one fails the written folder's strict build."""
    source = root / (config.get("docs_dir") if isinstance(config.get("docs_dir"), str) else "content")
    pages = copied = 0
    if not source.is_dir():
        return pages, copied
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if path.is_dir() or any(part.startswith(".") for part in rel.parts) or rel.as_posix() in LEFT_OUT:
            continue
        if path.suffix == ".md":
            own = rel if rel.name == "index.md" else rel.with_suffix("") / "index.md"
            _write_file(docs / own, _handwritten(state, path.read_text(encoding="utf-8"), own, str(path)))
            pages += 1
        else:
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, docs / rel)
            copied += 1
    return pages, copied


def _handwritten(state, text: str, rel: Path, name: str) -> str:
    """A hand-written page with its macros done (handwritten.py), as mkdocs-macros renders it: the
    text after the front matter as a Jinja template, not autoescaped (the page is ours, not data)."""
    found = _FRONT_MATTER.match(text)
    meta = (yaml.safe_load(found.group(1)) or {}) if found else {}
    body = text[found.end():] if found else text
    url = "" if rel.parent == Path(".") else rel.parent.as_posix() + "/"  # the page's address
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.globals.update(startsida=lambda: handwritten.start_overview(state),
                       brodsmulor=lambda: handwritten.crumbs(state, url),
                       sokindex=lambda: handwritten.search_years(state))
    try:
        body = env.from_string(body).render()
    except jinja2.TemplateError as e:
        raise GenerateError(f"{name}: {e}") from None
    return "---\n" + _yaml({**meta, "render_macros": False}) + "---\n" + body


def _yaml(value) -> str:
    try:
        return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=float("inf"))
    except yaml.YAMLError as e:  # a setting under a tag only MkDocs reads (!relative)
        raise GenerateError(f"{CONFIG_FILE}: kan inte skrivas om utan MkDocs ({e})") from None


def _write_file(path: Path, content: "str | bytes") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)

