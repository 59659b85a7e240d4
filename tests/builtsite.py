"""Reading a built site back as text, links and ids; shared by the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
# The repository the test site is built for ("Redigera" links), as CI sets PLANER_REPO_URL.
TEST_REPO_URL = "https://git.example.org/stad/planer"
SEEDS = ROOT.parent / "shared" / "seeds"


def build_site(out: Path, data: Path) -> None:
    """`mkdocs build --strict` of this checkout's site from `data` into `out`; it must succeed."""
    env = dict(os.environ, PLANER_DATA=str(data), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


class _Text(HTMLParser):
    """Visible text of the page's main content, and every id and link in the whole page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self._skip = 0
        self._in_main = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.links.append((tag, a[key]))
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "article":
            self._in_main += 1
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "br", "caption", "tr"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "article":
            self._in_main -= 1

    def handle_data(self, data):
        if not self._skip and self._in_main:
            self.parts.append(data)


class BuiltPage:
    def __init__(self, path: Path):
        parser = _Text()
        parser.feed(path.read_text(encoding="utf-8"))
        self.path = path
        self.html = path.read_text(encoding="utf-8")
        self.text = normalise("".join(parser.parts))
        self.ids = parser.ids
        self.links = parser.links


def normalise(text: str) -> str:
    """Compare words, not typography: spaces folded, the typographic minus as '-', '3,5 %' as '3,5%'."""
    text = text.replace("\u00a0", " ").replace("\u2212", "-").replace("\u202f", " ")
    text = " ".join(text.split())
    return text.replace(" %", "%")


class Markup(HTMLParser):
    """Elements, attributes, inline scripts and a few texts of one page, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str | None]] = []  # (tag, name, value)
        self.inline_scripts: list[str] = []
        self.csp: list[str] = []
        self.title = ""
        self.description: str | None = None
        self._in: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        a = dict(attrs)
        self.attributes += [(tag, k, v) for k, v in attrs]
        if tag == "script" and "src" not in a and a.get("type", "text/javascript") in ("text/javascript", "module"):
            self._script = []
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(a.get("content") or "")
        if tag == "meta" and a.get("name") == "description":
            self.description = a.get("content")
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag):]

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        if self._in and self._in[-1] == "title":
            self.title += data


def parse_markup(path: Path) -> Markup:
    p = Markup()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


class _Tables(HTMLParser):
    """Every <table>: its caption and its rows as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1]["rows"][-1].append(normalise("".join(self._cell)))
            self._cell = None

    def handle_data(self, data):
        if self._in_caption and self.tables:
            self.tables[-1]["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> list[dict]:
    parser = _Tables()
    parser.feed(html)
    for t in parser.tables:
        t["caption"] = normalise(t["caption"])
    return parser.tables


def row_starting(html: str, caption_part: str, first_cell: str) -> list[str]:
    """The cells of the row whose first cell is first_cell, in the table whose caption contains caption_part."""
    for t in tables(html):
        if caption_part in t["caption"]:
            for row in t["rows"]:
                if row and row[0] == first_cell:
                    return row
    raise AssertionError(f"no row {first_cell!r} in a table captioned {caption_part!r}")
