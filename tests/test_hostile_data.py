"""No text from the data ever becomes markup: the whole site built from data with hostile text in
every text field, every written HTML file parsed back (issue 10)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from builtsite import normalise, parse_markup
from hostile import PAYLOAD


@pytest.fixture(scope="module")
def baseline_tags(site) -> set[str]:
    """Every element the templates make, over the whole site built from the real data."""
    return set().union(*(parse_markup(p).tags for p in site.rglob("*.html")))


def test_no_page_carries_markup_from_the_data(hostile_site, baseline_tags):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 50
    problems = []
    for path in pages:
        page = parse_markup(path)
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
    unit_page = parse_markup(hostile_site / "enheter" / "enheten-for-personligt-stod" / "index.html")
    assert normalise(unit_page.title).startswith(expected)
    assert expected in normalise(unit_page.description or "")
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
