"""Helpers for the browser tests (imported by the test modules; fixtures are in conftest.py)."""

from __future__ import annotations

import http.server
import re
import time

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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the browser drops connections it no longer needs (navigating on): not an error of the site



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


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll a JavaScript expression until it is true. (Playwright's wait_for_function compiles its
    predicate with eval in the page, which the site's Content-Security-Policy rightly refuses.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {expression}")
        time.sleep(0.05)


def search(page, query: str):
    """Search as a reader does: type the query into the header's search box and press Enter; the
    search page shows Pagefind's results. Returns the result links."""
    box = page.locator("#pl-sok-falt")
    box.click()
    box.press_sequentially(query, delay=10)
    box.press("Enter")
    page.wait_for_url("**/sok/?q=*")
    return all_results(page)


def all_results(page):
    """Every result of the search on the page: "Visa fler resultat" pressed, as a reader would,
    until the results shown are as many as the message says were found. Returns the result links."""
    page.locator(".pagefind-ui__result").first.wait_for(state="visible", timeout=20_000)
    message = page.locator(".pagefind-ui__message")
    wait_until(page, "/\\d+ träff/.test(document.querySelector('.pagefind-ui__message')?.textContent || '')")
    found = int(re.search(r"(\d+) träff", message.inner_text()).group(1))
    more = page.locator(".pagefind-ui__button")
    for _ in range(found):  # five more per press; the button is drawn again after each
        shown = page.locator(".pagefind-ui__result").count()
        if shown >= found:
            break
        more.first.wait_for(state="visible", timeout=10_000)
        more.first.click()
        wait_until(page, f"document.querySelectorAll('.pagefind-ui__result').length > {shown}")
    assert page.locator(".pagefind-ui__result").count() == found
    # A result is drawn as a grey placeholder until its page's data arrives from its index.
    wait_until(page, "document.querySelectorAll('.pagefind-ui__result .pagefind-ui__loading').length === 0", timeout=20)
    return page.locator(".pagefind-ui__result-link")


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
