"""`python -m macros generate DIR` (macros/adapters/markdown/): the site written as Markdown files and
a mkdocs.yml without our hook. Built with plain MkDocs, every page's body, the set of pages and the
menu's titles must be the normal build's (the `site` fixture of conftest.py)."""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.meta import get_data

from builtsite import ROOT

# Elements without end tags: they hold no children in the tree below.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _env() -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for name in ("PLANER_DATA", "PLANER_SCOPE", "PLANER_PUBLICERING", "PLANER_SITE_URL", "PLANER_EDIT_URI",
                 "PLANER_REPO_URL"):
        env.pop(name, None)
    return env


def generate(folder: Path, *more: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", "generate", str(folder), "-q", *more],
                          cwd=ROOT, env=_env(), capture_output=True, text=True)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """The bundled data generated into a folder, and that folder built by plain MkDocs into its site/."""
    folder = tmp_path_factory.mktemp("generated") / "ut"
    made = generate(folder)
    assert made.returncode == 0, made.stdout + made.stderr
    # The mkdocs of this environment, run in the folder: its mkdocs.yml, no hook, no macros plugin.
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=folder, env=_env(),
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    warnings = [ln for ln in built.stderr.splitlines() if ln.startswith("WARNING")]
    assert not warnings, "\n".join(warnings)
    return folder


# The hand-written pages (content/*.md, but Pagefind's search page), each written as <address>/index.md.
HANDWRITTEN = {"" if p.stem == "index" else p.stem + "/" for p in (ROOT / "content").glob("*.md")} - {"sok/"}


def _address(docs: Path, index_md: Path) -> str:
    rel = index_md.parent.relative_to(docs).as_posix()
    return "" if rel == "." else rel + "/"


def _pages(site: Path) -> dict[str, Path]:
    out = {}
    for path in site.rglob("index.html"):
        rel = path.parent.relative_to(site).as_posix()
        out["" if rel == "." else rel + "/"] = path
    return out


class _Tree(HTMLParser):
    """A page as a tree of (tag, sorted attributes, children); texts with their spaces folded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: tuple = ("#document", (), [])
        self._open = [self.root]

    def handle_starttag(self, tag, attrs):
        node = (tag, tuple(sorted((k, v or "") for k, v in attrs)), [])
        self._open[-1][2].append(node)
        if tag not in VOID:
            self._open.append(node)

    def handle_startendtag(self, tag, attrs):
        self._open[-1][2].append((tag, tuple(sorted((k, v or "") for k, v in attrs)), []))

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, 0, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                return

    def handle_data(self, data):
        self._open[-1][2].append(" ".join(data.split()) if data.strip() else " ")


def _find(node, tag: str):
    if isinstance(node, tuple):
        if node[0] == tag:
            return node
        for child in node[2]:
            found = _find(child, tag)
            if found is not None:
                return found
    return None


# Inside the normal build's <article> but not the page's body: the print line our overrides/main.html
# adds, and the edit links (the `site` fixture is built with a repository URL; generate writes no
# "Redigera" links to data files, and its mkdocs.yml no repo_url for the theme's edit button).
NOT_BODY = {("p", "pl-utskrift"), ("aside", "pl-redigera"), ("a", "md-content__button")}


def body(path: Path) -> list:
    """The page's body: the children of the theme's <article>, compared as text and element structure.

    Normalised: attributes sorted (their order means nothing), runs of white space in a text folded to
    one space (HTML shows them as one), white space alone between the article's top-level elements
    dropped (Python-Markdown puts line breaks between raw HTML blocks and drops blank lines; between
    block elements they show as nothing), and NOT_BODY left out."""
    parser = _Tree()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    article = _find(parser.root, "article")
    assert article is not None, f"{path}: no <article>"
    return [c for c in article[2] if c != " " and not (
        isinstance(c, tuple) and (c[0], dict(c[1]).get("class", "").split(" ")[0]) in NOT_BODY)]


def test_every_page_is_there_with_the_normal_builds_body(site, generated):
    normal, plain = _pages(site), _pages(generated / "site")
    # The search page is Pagefind's, whose indexes the normal build makes after the pages (left out).
    assert sorted(plain) == sorted(set(normal) - {"sok/"})
    written = {_address(generated / "docs", p) for p in (generated / "docs").rglob("index.md")}
    assert written == set(plain)
    assert len(written - HANDWRITTEN) > 70  # every planned page of the bundled data
    differing = [rel for rel in sorted(plain) if body(plain[rel]) != body(normal[rel])]
    assert differing == [], f"{len(differing)} of {len(plain)} pages differ, e.g. {differing[:5]}"


def test_the_generated_pages_pass_python_markdown_untouched(generated):
    """Not only the same tree: Python-Markdown added no element of its own (a <p> around inline HTML
    at the top level, a code block for an indented line)."""
    for path in (generated / "docs").rglob("index.md"):
        if _address(generated / "docs", path) in HANDWRITTEN:
            continue  # Markdown, with the macros' HTML in it
        source = get_data(path.read_text(encoding="utf-8"))[0]
        built = generated / "site" / path.parent.relative_to(generated / "docs") / "index.html"
        parser = _Tree()
        parser.feed(source)
        parser.close()
        assert [c for c in parser.root[2] if c != " "] == body(built), path


def _top(html: str) -> list:
    parser = _Tree()
    parser.feed(html)
    parser.close()
    return [c for c in parser.root[2] if c != " "]


@pytest.mark.parametrize("which", ["city", "hostile"])
def test_python_markdown_passes_every_kind_of_body_through(which, city, tmp_path):
    """Every page of the synthetic city (every page kind, several years) and of the data with hostile
    text in every field, as the written Markdown, through Python-Markdown with the folder's
    extensions: the same elements and texts as the body (in-process; the built folder is held to the
    normal build above)."""
    from dataclasses import replace

    import markdown
    from hostile import hostile_copy
    from macros.adapters.markdown.generate import page_markdown
    from macros.build.settings import project
    from macros.site import build_state

    data = city
    if which == "hostile":
        data = tmp_path / "data"
        hostile_copy(ROOT / "data", data)
    state = build_state.prepare(replace(project(ROOT), data=data))
    md = markdown.Markdown(extensions=["attr_list", "toc"])
    changed = []
    for page in state.plan.pages:
        body = state.render(page)
        if _top(md.reset().convert(get_data(page_markdown(page, body))[0])) != _top(body):
            changed.append(page.path)
    assert len(state.plan.pages) > 70
    assert changed == []


class _Menu(HTMLParser):
    """(text, target) of every link in the theme's menu (its primary <nav>)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.depth, self.links, self._link = page, 0, [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav" and ("md-nav--primary" in (a.get("class") or "") or self.depth):
            self.depth += 1
        elif self.depth and tag == "a" and "md-nav__link" in (a.get("class") or ""):
            self._link = [posixpath.normpath(posixpath.join(self.page, a.get("href") or "")), ""]

    def handle_endtag(self, tag):
        if self.depth and tag == "nav":
            self.depth -= 1
        if tag == "a" and self._link is not None:
            self.links.append((" ".join(self._link[1].split()), self._link[0]))
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link[1] += data


def menu(path: Path, rel: str) -> list[tuple[str, str]]:
    """The menu as a page shows it, without the table of contents the theme puts under the current
    entry (links to '#…'): the generated pages' headings are raw HTML, which MkDocs makes no toc of."""
    parser = _Menu("/" + rel)
    parser.feed(path.read_text(encoding="utf-8"))
    return [(text, target) for text, target in parser.links if "#" not in target]


def test_the_menu_is_the_normal_builds_on_every_page(site, generated):
    normal, plain = _pages(site), _pages(generated / "site")
    assert len(menu(plain[""], "")) > 5
    differing = [rel for rel in sorted(plain) if menu(plain[rel], rel) != menu(normal[rel], rel)]
    assert differing == [], f"{len(differing)} of {len(plain)} pages differ, e.g. {differing[:5]}"
    nav = yaml.safe_load((generated / "nav.yml").read_text(encoding="utf-8"))
    assert nav == yaml.safe_load((generated / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]


def test_the_folder_builds_without_our_hook_or_macros(generated):
    config = yaml.safe_load((generated / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config and "custom_dir" not in config["theme"]
    assert config["plugins"] == ["search"]
    page = (generated / "docs" / "enheter" / "bestallarenheten-aldre" / "index.md").read_text(encoding="utf-8")
    meta = get_data(page)[1]
    assert meta["render_macros"] is False and meta["sok"] is True and meta["title"] == "Beställarenheten äldre"
    assert "{{" not in (generated / "docs" / "index.md").read_text(encoding="utf-8")  # the macros done


def test_the_downloads_and_the_catalogue_are_the_normal_builds(site, generated):
    """Every download (JSON, CSV, XLSX, their schemas) and datasets/dcat.rdf, byte for byte."""
    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
                if p.is_file() and p.suffix in (".json", ".csv", ".xlsx", ".rdf")
                and p.relative_to(root).parts[0] in ("enheter", "oppna-data", "datasets")}
    normal, plain = files(site), files(generated / "site")
    assert any(name.endswith(".xlsx") for name in plain) and "datasets/dcat.rdf" in plain
    assert sorted(plain) == sorted(normal)
    assert [name for name in normal if normal[name] != plain[name]] == []


def test_untrusted_titles_stay_text(tmp_path):
    """Titles and descriptions from the data are valid YAML and HTML-escaped once, in the front matter
    and in the menu: MkDocs and the theme print them as HTML."""
    from macros.adapters.markdown.generate import menu as nav_of, page_markdown
    from macros.site.pages import NavNode, Page

    hostile = 'A & B </title><script>alert(1)</script>\n---\n"x": y'
    page = Page("x/", hostile, "enhet.html", {}, hostile + " desc")
    text = page_markdown(page, "<p>body</p>\n")
    rest, meta = get_data(text)  # as MkDocs reads front matter
    assert meta["title"] == 'A &amp; B &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n---\n&quot;x&quot;: y'
    assert meta["description"] == meta["title"] + " desc"
    assert meta["sok"] is True and "search" not in meta and meta["render_macros"] is False
    unsearched = get_data(page_markdown(Page("y/", "Mål", "mal.html", {}, ""), ""))[1]
    assert unsearched["sok"] is False and unsearched["search"] == {"exclude": True}  # the theme's search skips it
    assert rest.strip() == "<p>body</p>"
    assert nav_of([NavNode(hostile, "x/")]) == [{meta["title"]: "x/index.md"}]


def test_bad_data_writes_nothing(tmp_path):
    data = tmp_path / "data"
    subprocess.run(["cp", "-r", str(ROOT / "data"), str(data)], check=True)
    unit = next((data / "enheter").iterdir()) / "enhet.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + "okand_nyckel: 1\n", encoding="utf-8")
    made = generate(tmp_path / "ut", "--data", str(data))
    assert made.returncode == 1
    assert "okand_nyckel" in made.stderr and "Traceback" not in made.stderr
    assert made.stderr.strip().splitlines()[-1] == "1 fel i datafilerna; inget skrevs."
    assert not (tmp_path / "ut").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ut")] == []


def test_a_folder_not_written_by_generate_is_left_alone(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    made = generate(mine)
    assert made.returncode == 1 and "inte skriven av generate" in made.stderr
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
