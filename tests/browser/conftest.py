"""Browser fixtures: the built site served under a sub-path, and one headless Chromium per session.

The site is served by Python's http.server on 127.0.0.1 (a free port) at /planer/, so every browser
test also proves that the site works when it is not at the root of its host. The browser is
Debian's chromium (never a downloaded build), driven by Playwright.
"""

from __future__ import annotations

import functools
import os
import threading
from dataclasses import dataclass, field

import pytest
from browser_util import AXE_OPTIONS, CHROMIUM, CHROMIUM_ARGS, SEARCH_STATE, SUB_PATH, QuietHandler, Server, new_context, search
from test_links import PAGE_KINDS


def _serve(site, tmp_path_factory):
    """Serve a built site at http://127.0.0.1:<port>/planer/ until the generator is closed."""
    root = tmp_path_factory.mktemp("served")
    (root / SUB_PATH).symlink_to(site, target_is_directory=True)
    server = Server(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(site, tmp_path_factory):
    """http://127.0.0.1:<port>/planer/ serving the site built by the `site` fixture."""
    yield from _serve(site, tmp_path_factory)


@pytest.fixture(scope="session")
def city_base_url(city_site_dir, tmp_path_factory):
    """The small synthetic city of tests/conftest.py, served the same way."""
    yield from _serve(city_site_dir, tmp_path_factory)


@pytest.fixture(scope="session")
def hostile_base_url(hostile_site, tmp_path_factory):
    """The site built from hostile data (tests/hostile.py), served the same way."""
    yield from _serve(hostile_site, tmp_path_factory)


@pytest.fixture(scope="session")
def browser():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"{CHROMIUM} is missing: scripts/test installs Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    """A fresh desktop page in a context of its own."""
    context = new_context(browser)
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()  # axe-core's JS ships inside the package: nothing is fetched


@dataclass
class Visit:
    """What one page showed the browser: its language, its tables and axe's findings."""

    url: str
    lang: str | None = None
    tables: list[dict] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)


@dataclass
class Tour:
    visits: dict[str, Visit]
    requests: list[tuple[str, str]]  # (page it was made from, URL requested)


@pytest.fixture(scope="session")
def tour(browser, base_url, axe) -> Tour:
    """Every page kind visited once (and the search results shown), each request recorded.

    The tests of language, tables, axe and requests read this one visit, so each page loads once.
    """
    context = new_context(browser)
    requests: list[tuple[str, str]] = []
    visits: dict[str, Visit] = {}
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        context.on("request", lambda r: requests.append((page.url, r.url)))
        for kind, path in PAGE_KINDS.items():
            page.goto(base_url + path)
            visits[kind] = _look(page, axe)
        page.goto(base_url, wait_until="networkidle")
        search(page, "medarbetarna")
        page.wait_for_load_state("networkidle")
        visits[SEARCH_STATE] = _look(page, axe)
    finally:
        context.close()
    return Tour(visits, requests)


def _look(page, axe) -> Visit:
    visit = Visit(page.url)
    visit.lang = page.evaluate("document.documentElement.getAttribute('lang')")
    visit.tables = page.evaluate("""() => [...document.querySelectorAll('main table')].map(t => ({
        caption: t.caption ? t.caption.textContent.trim() : '',
        unscoped: [...t.querySelectorAll('th')]
                  .filter(th => !['row', 'col', 'rowgroup', 'colgroup'].includes(th.getAttribute('scope')))
                  .map(th => th.textContent.trim().slice(0, 40))}))""")
    visit.violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    return visit
