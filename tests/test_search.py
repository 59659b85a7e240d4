"""Search: Pagefind's static index with Swedish stemming, covering every page's content.

That an inflected word finds its documents is tested in a real browser (tests/browser/test_browser_search.py).
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path


def test_pagefind_indexes_are_swedish_and_cover_every_page_once(site, pages):
    counts = {}
    for name in ("2024", "allmant"):  # one index per year of documents, one for the rest
        entry = json.loads((site / "pagefind" / name / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == ["sv"]  # from <html lang="sv">: Swedish stemming
        counts[name] = entry["languages"]["sv"]["page_count"]
    indexed = [u for u, p in pages.items() if "data-pagefind-body" in p.html]
    year_pages = [u for u in indexed if "/2024/" in u]
    assert counts["2024"] == len(year_pages) == 4 + 8  # the four documents and the eight nämndmål
    assert counts["2024"] + counts["allmant"] == len(indexed)
    # Documents, units, nämndmål and indicators are searched; views that repeat their text are not.
    assert all("data-pagefind-body" in p.html for u, p in pages.items() if u.endswith(("/verksamhetsplan/", "/verksamhetsberattelse/")))
    assert not any("data-pagefind-body" in p.html for u, p in pages.items() if "/mal/" in u and u.startswith("enheter/"))
    assert "data-pagefind-body" not in pages["sok/"].html


def test_search_page_and_box_load_nothing_from_elsewhere(site, pages):
    search_page = pages["sok/"].html
    assert '<script src="../pagefind/allmant/pagefind-ui.js">' in search_page
    assert 'data-ar="[&#34;2024&#34;]"' in search_page  # the years it can search, read by assets/sok.js
    assert '<script src="../assets/sok.js">' in search_page
    assert 'action="../sok/"' in pages["om/"].html
    assert (site / "pagefind" / "allmant" / "pagefind-ui.js").exists()


def _indexed_urls(index: Path) -> list[str]:
    """The page addresses a Pagefind index holds (its fragments: gzip, a signature, then JSON)."""
    urls = []
    for fragment in (index / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        urls.append(json.loads(data[data.index(b"{"):])["url"])
    return urls


def test_every_searched_page_of_a_city_is_in_exactly_one_index(city_site_dir, city_site):
    # Three years: older years' indicator tables are searched in their year's index, and no
    # page is found twice (once per index it fell into) or not at all.
    searched = {"/" + u for u, p in city_site.items() if "data-pagefind-body" in p.html}
    assert any(re.fullmatch(r"/indikatorer/[^/]+/\d{4}/", u) for u in searched)
    indexed = [u for index in (city_site_dir / "pagefind").iterdir() for u in _indexed_urls(index)]
    assert sorted(indexed) == sorted(searched)
