"""Build the site once per test session from the bundled data, and read it back as text."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


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


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PLANER_DATA", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("WARNING")]
    assert not warnings, "\n".join(warnings)
    return out


@pytest.fixture(scope="session")
def pages(site) -> dict[str, BuiltPage]:
    """Every built page by its directory URL ('' for the start page, 'enheter/x/' ...)."""
    out = {}
    for path in site.rglob("index.html"):
        rel = path.parent.relative_to(site).as_posix()
        out["" if rel == "." else rel + "/"] = BuiltPage(path)
    return out
