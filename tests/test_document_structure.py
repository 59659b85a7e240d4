"""Documents read as documents: no heading stands over nothing, none repeats the heading above it
or beside it, and the table of contents lists no entry twice (issue 21, item 6). Checked on every
built page of the bundled site and of the synthetic city, and on the rules themselves."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from macros.model import model as m
from macros.site import views

# Elements that are content without any text of their own.
_CONTENT = {"img", "svg", "table", "canvas", "iframe", "video", "audio", "input", "select", "textarea", "object", "math"}
_HEADING = re.compile(r"h([1-6])")


class _Outline(HTMLParser):
    """The page's article as a sequence: ("h", level, title) for a heading, ("c",) for content; and
    the first table of contents (the theme draws it twice, for the drawer and the sidebar) as a
    tree of [title, children]."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple] = []
        self.toc: list[list] = []
        self._article = 0
        self._skip = 0
        self._heading: list | None = None
        self._toc_state = "before"  # before, in, after
        self._nav_depth = 0
        self._toc_stack: list[list] = []  # open <li> entries
        self._toc_link: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "nav":
            if self._toc_state == "before" and "md-nav--secondary" in classes:
                self._toc_state, self._nav_depth = "in", 1
            elif self._toc_state == "in":
                self._nav_depth += 1
        if self._toc_state == "in":
            if tag == "li":
                entry = ["", []]
                (self._toc_stack[-1][1] if self._toc_stack else self.toc).append(entry)
                self._toc_stack.append(entry)
            elif tag == "a" and "md-nav__link" in classes:
                self._toc_link = []
        if tag == "article" and a.get("id") == "innehall":
            self._article = 1
            return
        if not self._article:
            return
        if tag == "article":
            self._article += 1
        if tag in ("script", "style", "template"):
            self._skip += 1
        heading = _HEADING.fullmatch(tag)
        if heading:
            self._heading = [int(heading.group(1)), ""]
        elif tag in _CONTENT and self._heading is None:
            self.items.append(("c",))

    def handle_endtag(self, tag):
        if self._toc_state == "in":
            if tag == "a" and self._toc_link is not None:
                self._toc_stack[-1][0] = " ".join("".join(self._toc_link).split())
                self._toc_link = None
            elif tag == "li" and self._toc_stack:
                self._toc_stack.pop()
            elif tag == "nav":
                self._nav_depth -= 1
                if not self._nav_depth:
                    self._toc_state = "after"
        if not self._article:
            return
        if tag == "article":
            self._article -= 1
        if tag in ("script", "style", "template"):
            self._skip -= 1
        if self._heading is not None and _HEADING.fullmatch(tag):
            self.items.append(("h", self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None

    def handle_data(self, data):
        if self._toc_link is not None:
            self._toc_link.append(data)
        if not self._article or self._skip:
            return
        if self._heading is not None:
            self._heading[1] += data
        elif data.strip():
            self.items.append(("c",))


def _key(title: str) -> str:
    return " ".join(title.split()).casefold()


def structure_problems(html: str) -> list[str]:
    """What a reader would stumble on in the page's outline and table of contents."""
    parser = _Outline()
    parser.feed(html)
    parser.close()
    problems = []
    items = parser.items
    for i, item in enumerate(items):
        if item[0] != "h":
            continue
        _, level, title = item
        following = []
        for later in items[i + 1:]:
            if later[0] == "h" and later[1] <= level:
                break
            following.append(later)
        if not any(x[0] == "c" for x in following):
            problems.append(f"h{level} {title!r} has nothing under it")
    # A heading that repeats the heading it stands under, at any level. (Two unit goals may share a
    # title under one nämndmål: siblings are compared where the table of contents lists them.)
    stack: list[tuple[int, str]] = []
    for item in items:
        if item[0] != "h":
            continue
        _, level, title = item
        while stack and stack[-1][0] >= level:
            stack.pop()
        if stack and _key(stack[-1][1]) == _key(title):
            problems.append(f"h{level} {title!r} under a heading of the same title")
        stack.append((level, title))

    def toc(entries: list[list], above: str | None) -> None:
        seen = set()
        for title, children in entries:
            if above is not None and _key(title) == _key(above):
                problems.append(f"table of contents: {above!r} › {title!r}")
            if _key(title) in seen:
                problems.append(f"table of contents: {title!r} twice" + (f" under {above!r}" if above else ""))
            seen.add(_key(title))
            toc(children, title)

    toc(parser.toc, None)
    return problems


def _all_problems(pages: dict) -> dict[str, list[str]]:
    found = {path: structure_problems(page.html) for path, page in pages.items()}
    return {path: p for path, p in found.items() if p}


def test_no_empty_heading_nor_repeated_heading_on_the_bundled_site(pages):
    assert len(pages) > 50
    assert _all_problems(pages) == {}
    # The report names the sections of the city's template the unit left empty, and says so.
    report = pages["enheter/enheten-for-personligt-stod/2024/verksamhetsberattelse/"]
    assert "Investeringar Inga uppgifter." in report.text and "Medel för lokaländamål Inga uppgifter." in report.text
    # Nothing written is lost with a repeated heading: Agenda 2030 stands under Övrigt.
    assert "Övrigt Systematiskt kvalitetsarbete Enheten har systematiskt arbetat" in report.text
    assert re.search(r'<h3 id="ovrigt-2-1">Agenda 2030</h3>', report.html)
    plan = pages["enheter/stod-och-aktivitetsenheten/2024/verksamhetsplan/"]
    assert re.search(r'<h3 id="ovrigt-3-1">Agenda 2030</h3>', plan.html)


def test_no_empty_heading_nor_repeated_heading_in_a_synthetic_city(city_site):
    documents = [p for p in city_site if p.endswith(("/verksamhetsplan/", "/verksamhetsberattelse/"))]
    assert len(documents) > 20
    assert _all_problems(city_site) == {}


def test_the_checks_see_what_a_reader_would():
    """The checks above fail on each kind of problem (so that their silence means something)."""
    toc = ('<nav class="md-nav md-nav--secondary"><ul><li><a class="md-nav__link">Övrigt</a><nav class="md-nav"><ul>'
           '<li><a class="md-nav__link">Övrigt</a></li></ul></nav></li></ul></nav>')
    assert structure_problems(toc + '<article id="innehall"><h2>Övrigt</h2><p>x</p></article>') == [
        "table of contents: 'Övrigt' › 'Övrigt'"]
    assert structure_problems('<article id="innehall"><h2>A</h2><h3>B</h3><p>x</p><h3>C</h3></article>') == [
        "h3 'C' has nothing under it"]
    assert structure_problems('<article id="innehall"><h2>A</h2><div><h3>A</h3><table></table></div></article>') == [
        "h3 'A' under a heading of the same title"]


def _section(rubrik: str, text: str = "", avsnitt=()) -> m.Section:
    return m.Section(rubrik=rubrik, text=text, avsnitt=list(avsnitt))


def _shape(parts) -> list:
    return [(p.id, p.level, p.title, p.empty, _shape(p.parts)) for p in parts]


@pytest.mark.parametrize("sections, expected", [
    # The first subsection titled as its section: its text stands under the section's heading.
    ([_section("Systematiskt kvalitetsarbete", avsnitt=[_section("Systematiskt kvalitetsarbete", "a"), _section("B", "b")])],
     [("x-1", 3, "Systematiskt kvalitetsarbete", False,
       [("x-1-1", 4, None, False, []), ("x-1-2", 4, "B", False, [])])]),
    # A section repeating an earlier one, with no text: its parts move up, in place.
    ([_section("A", "a"), _section("B", "b"), _section("A", avsnitt=[_section("Agenda 2030", "c")])],
     [("x-1", 3, "A", False, []), ("x-2", 3, "B", False, []),
      ("x-3", 3, None, False, [("x-3-1", 3, "Agenda 2030", False, [])])]),
    # ... with text of its own, after another: it keeps a heading, said to continue.
    ([_section("A", "a"), _section("B", "b"), _section("A", "more")],
     [("x-1", 3, "A", False, []), ("x-2", 3, "B", False, []), ("x-3", 3, "A, forts.", False, [])]),
    # Titled as the heading above, not first and with text: a continuation as well.
    ([_section("B", "b"), _section("Övrigt", "c")],
     [("x-1", 3, "B", False, []), ("x-2", 3, "Övrigt, forts.", False, [])]),
    # Nothing in it: the heading stays, marked empty ("Inga uppgifter"); a repeated empty one goes.
    ([_section("Investeringar"), _section("Övrigt")],
     [("x-1", 3, "Investeringar", True, [])]),
])
def test_outline_leaves_out_repeated_headings_and_marks_empty_sections(sections, expected):
    assert _shape(views.outline(sections, "Övrigt", "x", 3)) == expected
