"""Accessibility in the built HTML: the statement (lag 2018:1937) is linked from every page's footer and
has what the law asks, and no page shows an empty banner."""

from __future__ import annotations

import posixpath
import re

STATEMENT = "tillganglighet/"


def test_every_page_links_to_the_statement_from_its_footer(pages):
    missing = []
    for url, page in pages.items():
        footer = page.html[page.html.find("<footer"):]
        links = re.findall(r'<a href="([^"]*)"[^>]*>\s*Tillgänglighetsredogörelse\s*</a>', footer)
        targets = {posixpath.normpath(posixpath.join("/" + url, href)).lstrip("/") + "/" for href in links}
        if STATEMENT not in targets:
            missing.append(url or "(start)")
    assert len(pages) >= 30
    assert not missing, f"pages whose footer does not link to the statement: {missing[:20]}"


def test_statement_has_what_the_law_asks(pages):
    page = pages[STATEMENT]
    text = page.text
    # whose site, and under which law
    assert "Stockholms stad står bakom" in text
    assert "2018:1937" in text
    # conformance status, in the words of Digg's model
    assert re.search(r"\b(helt|delvis|inte) förenlig\b", text)
    # known non-conformities, each with the criterion it fails
    assert "Innehåll som inte är tillgängligt" in text and "Bristande förenlighet med lagkraven" in text
    assert "Granskningen är inte fullständig" in text  # why the status is "delvis förenlig"
    # how to report problems and ask for content in an accessible format
    assert "Rapportera brister" in text and "annat format" in text
    # enforcement: Digg, with a link to its complaint form
    assert "Myndigheten för digital förvaltning (Digg)" in text
    assert any(h.startswith("https://www.digg.se/") for tag, h in page.links if tag == "a")
    # how it was assessed, and when
    assert "Hur vi har granskat webbplatsen" in text and "axe-core" in text
    assert "Senaste bedömningen gjordes den 6 december 2026" in text


def test_no_page_shows_an_empty_banner(pages):
    """The theme shows its banner (an <aside>, a landmark) whenever the announce block is not empty:
    an empty one is a dark strip and an empty landmark for screen readers."""
    empty = []
    for url, page in pages.items():
        for inner in re.findall(r'<aside class="md-banner">(.*?)</aside>', page.html, re.S):
            if not re.sub(r"<[^>]+>|\s", "", inner):
                empty.append(url or "(start)")
    assert not empty, f"empty banner on: {empty[:20]}"
