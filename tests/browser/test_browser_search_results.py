"""Search results as a reader sees them (issue 21, item 7): snippets keep table cells and the labels
and values of fact lists apart, a report that analyses an indicator comes before the indicator's
table, and the filters by type of page and förvaltning filter, over the indexes of several years."""

from __future__ import annotations

import functools
import html
import re
import threading
from html.parser import HTMLParser

import pytest
from browser_util import QuietHandler, Server, all_results, new_context, search, wait_until

_CELLS = {"th", "td", "dt", "dd"}
_RESULT = ".pagefind-ui__result-inner > .pagefind-ui__result-title .pagefind-ui__result-link"
_EXCERPTS = ".pagefind-ui__result-excerpt"


class _Neighbours(HTMLParser):
    """Every two neighbouring cells of a table row, or term and description of a fact list: their
    texts, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []
        self._rows: list[list[str]] = []  # per open tr/dl: the texts of its cells so far
        self._cell: list[str] | None = None
        self._depth = 0  # elements open inside the current cell

    def handle_starttag(self, tag, attrs):
        if tag in ("tr", "dl"):
            self._rows.append([])
        elif tag in _CELLS and self._rows and self._cell is None:
            self._cell, self._depth = [], 0
        elif self._cell is not None:
            self._depth += 1

    def handle_endtag(self, tag):
        if tag in _CELLS and self._cell is not None and self._depth == 0:
            row = self._rows[-1]
            row.append(" ".join("".join(self._cell).split()))
            if len(row) > 1 and row[-2] and row[-1]:
                self.pairs.append((row[-2], row[-1]))
            self._cell = None
        elif self._cell is not None:
            self._depth -= 1
        elif tag in ("tr", "dl") and self._rows:
            self._rows.pop()

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def glued_forms(html: str) -> set[str]:
    """How neighbouring cells read when nothing stands between them: the last word of one and the
    first of the next as one word ("PeriodicitetTertial", "KF:s mål3.4"). Not two short numbers
    ("2" and "2"), which a snippet holds as "22" for other reasons."""
    parser = _Neighbours()
    parser.feed(html)
    forms = {a.split()[-1] + b.split()[0] for a, b in parser.pairs}
    return {f for f in forms if len(f) >= 5 and re.search(r"[^\W\d_]", f)}


def _shown(page) -> tuple[list[str], list[str]]:
    """The addresses of the results shown (in order, without the served prefix) and every snippet."""
    links = page.locator(_RESULT).evaluate_all("els => els.map(a => a.getAttribute('href'))")
    return links, page.locator(_EXCERPTS).all_inner_texts()


def test_snippets_keep_cells_and_labels_apart(page, base_url, pages):
    prefix = "/" + base_url.split("/", 3)[3]
    seen, snippets = set(), []
    # Words that stand in table headers and as labels of fact lists on many pages.
    for query in ("periodicitet", "årsmål", "handläggare", "förvaltning"):
        page.goto(base_url + "sok/?q=" + query)
        all_results(page)
        links, texts = _shown(page)
        seen.update(link[len(prefix):].split("#")[0] for link in links)
        snippets += texts
    glued = set().union(*(glued_forms(pages[path].html) for path in seen if path in pages))
    assert len(glued) > 50 and len(snippets) > 30  # the pages found have tables and fact lists, snippets show them
    text = "\n".join(snippets)
    # The reader saw these in the results: label and value, or two table cells, as one word.
    for example in ("KF:s mål3.4", "KF:s årsmålTas fram", "PeriodicitetTertial", "PeriodicitetÅr", "Enhet%"):
        assert example not in text
    assert sorted(g for g in glued if g in text) == []
    # The snippets do show fact lists, with their words apart.
    assert "Periodicitet Tertial" in text and "KF:s mål 3.4" in text


def test_a_report_that_analyses_an_indicator_comes_before_its_table(page, base_url, pages):
    prefix = "/" + base_url.split("/", 3)[3]
    report = "enheter/enheten-for-personligt-stod/2024/verksamhetsberattelse/"
    assert "Analys: Sjukfrånvaro En analys har påbörjats" in pages[report].text
    page.goto(base_url + "sok/?q=sjukfrånvaro")
    all_results(page)
    order = [link[len(prefix):] for link in _shown(page)[0]]
    assert report in order
    # Before the indicators' own pages, whose tables list every unit's figures ...
    tables = [p for p in order if p.startswith("indikatorer/")]
    assert {"indikatorer/sjukfranvaro/", "indikatorer/sjukfranvaro-dag-1-14/"} <= set(tables)
    # ... and before any document that has the word in an indicator table only.
    only_in_tables = [p for p in order if p != report and p.endswith(("/verksamhetsplan/", "/verksamhetsberattelse/"))
                      and "sjukfrånvar" not in _without_tables(pages[p].html).lower()]
    assert all(order.index(report) < order.index(p) for p in tables + only_in_tables), order


class _IndexedProse(HTMLParser):
    """The text of the article that the search indexes, tables left out: not inside a table nor an
    element the index skips (data-pagefind-ignore, as the board's texts every document repeats)."""

    _VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base", "embed", "track"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._in_article = False
        self._open: list[bool] = []  # per open element: whether it (or one around it) is skipped

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article" and a.get("id") == "innehall":
            self._in_article = True
        if tag in self._VOID:
            return
        skipped = tag == "table" or "data-pagefind-ignore" in a
        self._open.append(skipped or (bool(self._open) and self._open[-1]))

    def handle_endtag(self, tag):
        if tag not in self._VOID and self._open:
            self._open.pop()

    def handle_data(self, data):
        if self._in_article and not (self._open and self._open[-1]):
            self.parts.append(data)


def _without_tables(html: str) -> str:
    parser = _IndexedProse()
    parser.feed(html)
    return " ".join(parser.parts)


# --- The synthetic city: several years, two förvaltningar --------------------------------------


@pytest.fixture(scope="module")
def city_url(city_site_dir):
    server = Server(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(city_site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def city_page(browser):
    context = new_context(browser)
    try:
        pg = context.new_page()
        pg.set_default_timeout(10_000)
        yield pg
    finally:
        context.close()


def _choose(page, name: str, value: str) -> None:
    """Tick one value of one of Pagefind's filters, as a reader does: open the group, tick the box."""
    shown = page.locator(".pagefind-ui__result").count()
    page.locator(".pagefind-ui__filter-name", has_text=name).click()
    page.locator(f'input.pagefind-ui__filter-checkbox[name="{name}"][value="{value}"]').check()
    wait_until(page, f"document.querySelectorAll('.pagefind-ui__result').length !== {shown}"
                     " && document.querySelectorAll('.pagefind-ui__result .pagefind-ui__loading').length === 0")


def test_filters_by_type_and_forvaltning_across_years(city_page, city_url, city_site):
    page = city_page
    page.goto(city_url)
    search(page, "brukarna")
    page.select_option("#pl-ar", "alla")
    page.wait_for_url("**ar=alla*")
    all_results(page)
    tops = [link.lstrip("/") for link in _shown(page)[0]]
    kinds = {p.rsplit("/", 2)[-2] for p in tops if p.endswith(("/verksamhetsplan/", "/verksamhetsberattelse/"))}
    assert kinds == {"verksamhetsplan", "verksamhetsberattelse"} and len(tops) >= 10
    years = {p.split("/")[2] for p in tops if p.endswith("/verksamhetsberattelse/")}
    assert len(years) > 1  # the reports of several years' indexes

    _choose(page, "Typ", "Verksamhetsberättelse")
    all_results(page)
    reports = [link.lstrip("/") for link in _shown(page)[0]]
    assert reports and all(p.endswith("/verksamhetsberattelse/") for p in reports), reports
    assert set(reports) == {p for p in tops if p.endswith("/verksamhetsberattelse/")}
    assert {p.split("/")[2] for p in reports} == years

    boards = page.locator('input.pagefind-ui__filter-checkbox[name="Förvaltning"]').evaluate_all(
        "els => els.map(e => e.value)")
    assert len(boards) == 2
    _choose(page, "Förvaltning", boards[0])
    all_results(page)
    mine = [link.lstrip("/") for link in _shown(page)[0]]
    assert mine and set(mine) < set(reports)
    for p in reports:  # every report of that förvaltning is left, and none of the other's
        assert (p in mine) == (f"Förvaltning {boards[0]}" in city_site[p].text), p


def test_in_a_city_the_reports_that_analyse_an_indicator_come_before_its_pages(city_page, city_url, city_site):
    latest = max(p.split("/")[2] for p in city_site if p.endswith("/verksamhetsberattelse/"))
    analysed: dict[str, list[str]] = {}
    for path, built in city_site.items():
        if path.endswith(f"/{latest}/verksamhetsberattelse/"):
            for name in re.findall(r'class="pl-etikett">Analys: ([^<]+)</h4>', built.html):
                analysed.setdefault(html.unescape(name), []).append(path)
    name, reports = max(analysed.items(), key=lambda kv: len(kv[1]))
    assert len(reports) >= 2
    own = [p for p, built in city_site.items() if p.startswith("indikatorer/") and p.count("/") >= 2
           and f"<h1>{html.escape(name, quote=False)}" in built.html]
    assert own  # the indicator's main page (and earlier years')
    page = city_page
    page.goto(city_url + "sok/?q=" + name)
    all_results(page)
    order = [link.lstrip("/") for link in _shown(page)[0]]
    tables = [p for p in order if p in own]
    assert tables and set(reports) <= set(order), order
    assert max(order.index(r) for r in reports) < min(order.index(t) for t in tables), order


def test_a_filter_value_shows_as_written_and_runs_nothing(page, hostile_base_url):
    # Pagefind's UI shows filter values as HTML; a förvaltning named like markup must show as text.
    from hostile import PAYLOAD

    page.goto(hostile_base_url + "sok/?q=alert")
    all_results(page)
    page.locator(".pagefind-ui__filter-name", has_text="Förvaltning").click()
    labels = page.locator('.pagefind-ui__filter-value:has(input[name="Förvaltning"]) .pagefind-ui__filter-label')
    texts = [" ".join(t.split()) for t in labels.all_inner_texts()]
    assert len(texts) == 1 and re.fullmatch(re.escape(" ".join(PAYLOAD.split())) + r" \(\d+\)", texts[0]), texts
    assert page.locator("#sok pl-injected, #sok img[src='x'], #sok iframe, #sok svg[onload]").count() == 0
