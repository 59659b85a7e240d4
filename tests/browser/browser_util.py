"""Helpers for the browser tests (imported by the test modules; fixtures are in conftest.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SUB_PATH = "planer"
DESKTOP = {"width": 1280, "height": 900}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
SEARCH_STATE = "search results"  # the tour's name for the start page with search results shown


def is_local(url: str) -> bool:
    """A URL the local test server answers (or one that needs no server at all)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == "127.0.0.1"


def new_context(browser, **options):
    """A browser context as a Swedish reader's: desktop size unless told, no service workers."""
    options.setdefault("viewport", DESKTOP)
    return browser.new_context(locale="sv-SE", service_workers="block", **options)


def search(page, query: str):
    """Type a query into the theme's search box as a reader would, key by key; return the result links.

    The theme reads the box on key events, so the query is typed, not pasted (Playwright's fill()).
    """
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    first = page.locator(".md-search-result__item").first
    for _ in range(3):
        # Keys typed before the search index is ready go unanswered; a reader presses a key again.
        try:
            first.wait_for(state="visible", timeout=3_000)
            break
        except Exception:  # playwright's TimeoutError
            box.press("End")
    first.wait_for(state="visible")
    return page.locator(".md-search-result__item a.md-search-result__link")


def axe_report(violations: list[dict]) -> str:
    """axe-core's violations as lines a person reads: rule, help, where, and what to fix."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} – {v['helpUrl'].split('?')[0]}")
        for node in v["nodes"][:10]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            for msg in node.get("failureSummary", "").splitlines():
                lines.append(f"       {msg.strip()}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more")
    return "\n".join(lines)
