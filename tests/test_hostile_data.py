"""No text from the data ever becomes markup: the whole site built from data with hostile text in
every text field, every written HTML file parsed back (issue 10)."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builtsite import ROOT, normalise
from hostile import PAYLOAD, hostile_copy


class _Markup(HTMLParser):
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


def _parse(path: Path) -> _Markup:
    p = _Markup()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def _build(data: Path, out: Path) -> None:
    env = dict(os.environ, PLANER_DATA=str(data), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    replaced = hostile_copy(ROOT / "data", tmp / "data")
    assert replaced > 250  # every unit, board, goal, indicator, heading and prose text of the four documents
    _build(tmp / "data", tmp / "site")
    return tmp / "site"


@pytest.fixture(scope="module")
def baseline_tags(site) -> set[str]:
    """Every element the templates make, over the whole site built from the real data."""
    return set().union(*(_parse(p).tags for p in site.rglob("*.html")))


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def test_no_page_carries_markup_from_the_data(hostile_site, baseline_tags):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 50
    problems = []
    for path in pages:
        page = _parse(path)
        rel = path.relative_to(hostile_site).as_posix()
        for tag, name, value in page.attributes:
            if name.startswith("on") or name.startswith("pl-injected"):
                problems.append(f"{rel}: <{tag} {name}={value!r}>")
        for tag in page.tags - baseline_tags:
            problems.append(f"{rel}: <{tag}> that no template makes")
        for script in page.inline_scripts:
            if "alert(" in script:
                problems.append(f"{rel}: injected script {script[:40]!r}")
    assert not problems, "\n".join(problems[:30])


def test_hostile_text_shows_exactly_as_written(hostile_site):
    """Escaped, not dropped: the text reaches <title>, the description, headings, nav and toc intact."""
    expected = normalise(PAYLOAD)
    unit_page = _parse(hostile_site / "enheter" / "enheten-for-personligt-stod" / "index.html")
    assert normalise(unit_page.title).startswith(expected)
    assert normalise(unit_page.description or "") .count(expected) >= 1
    doc = (hostile_site / "enheter" / "enheten-for-personligt-stod" / "2024" / "verksamhetsplan" / "index.html")
    text = normalise(_Visible.text_of(doc))
    assert text.count(expected) > 20  # headings, goal titles, prose, table cells, nav and toc entries
    for ch in ("<5%", "A & B", "&amp;", "</title>"):  # "<5%": normalise() folds "5 %"
        assert ch in text


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style", "title")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style", "title")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @classmethod
    def text_of(cls, path: Path) -> str:
        p = cls()
        p.feed(path.read_text(encoding="utf-8"))
        return " ".join(p.parts)
