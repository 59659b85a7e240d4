"""Helpers for the browser tests (imported by the test modules; fixtures are in conftest.py)."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == "127.0.0.1"


def search(page, query: str):
    """Type a query into the theme's search box as a reader would, key by key; return the result links.

    The theme reads the box on key events, so the query is typed, not pasted (Playwright's fill()).
    """
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    items = page.locator(".md-search-result__item")
    items.first.wait_for(state="visible")
    return page.locator(".md-search-result__item a.md-search-result__link")
