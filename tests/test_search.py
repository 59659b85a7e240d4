"""Search: Pagefind's static index with Swedish stemming, covering every page's content.

That an inflected word finds its documents is tested in a real browser (tests/browser/test_browser_search.py).
"""

from __future__ import annotations

import json


def test_pagefind_index_is_swedish_and_covers_every_page(site, pages):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["sv"]  # from <html lang="sv">: Swedish stemming
    indexed = [p for p in pages.values() if "data-pagefind-body" in p.html]
    assert entry["languages"]["sv"]["page_count"] == len(indexed)
    # Documents, units, nämndmål and indicators are searched; views that repeat their text are not.
    assert all("data-pagefind-body" in p.html for u, p in pages.items() if u.endswith(("/verksamhetsplan/", "/verksamhetsberattelse/")))
    assert not any("data-pagefind-body" in p.html for u, p in pages.items() if "/mal/" in u and u.startswith("enheter/"))
    assert "data-pagefind-body" not in pages["sok/"].html


def test_search_page_and_box_load_nothing_from_elsewhere(site, pages):
    search_page = pages["sok/"].html
    assert '<script src="../pagefind/pagefind-ui.js">' in search_page
    assert 'action="../sok/"' in pages["om/"].html
    assert (site / "pagefind" / "pagefind-ui.js").exists()
