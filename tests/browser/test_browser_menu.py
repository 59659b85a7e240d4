"""The theme's menu on a phone, whose markup we override to make it valid HTML (overrides/base.html,
partials/nav-item.html, partials/toc.html): it opens and closes, shows the page's table of contents,
and the browser does not bring an open menu back when the reader returns to a page."""

from __future__ import annotations

import pytest
from browser_util import CHROMIUM, CHROMIUM_ARGS, new_context

PHONE = {"width": 390, "height": 800}


# Shown: on the screen, and (a panel inside the menu) not slid out past the menu's right edge.
SHOWN = """sel => {
    const r = document.querySelector(sel).getBoundingClientRect();
    const menu = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
    const right = sel === '.md-sidebar--primary' ? window.innerWidth : Math.min(menu.right, window.innerWidth);
    return r.width > 0 && r.left >= 0 && r.left < right - 1;
}"""


def _in_view(page, selector: str) -> bool:
    return page.evaluate(SHOWN, selector)


def _wait_in_view(page, selector: str, shown: bool) -> None:
    page.wait_for_function(f"([sel, shown]) => ({SHOWN})(sel) === shown", arg=[selector, shown], timeout=5_000)


def test_menu_opens_shows_the_table_of_contents_and_closes(browser, base_url):
    context = new_context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(base_url + "om/")
        menu, toc = ".md-sidebar--primary", ".md-sidebar--primary .md-nav--secondary"
        assert not _in_view(page, menu)
        page.locator("label.md-header__button[for='__drawer']").click()
        _wait_in_view(page, menu, True)
        assert not _in_view(page, toc)
        page.locator(".md-sidebar--primary label.md-nav__link[for='__toc']").click()
        _wait_in_view(page, toc, True)
        page.locator(".md-sidebar--primary .md-nav--secondary label.md-nav__title").click()  # back to the menu
        _wait_in_view(page, toc, False)
        page.locator("label.md-overlay").click(force=True)  # a tap beside the menu closes it
        _wait_in_view(page, menu, False)
    finally:
        context.close()


@pytest.fixture
def no_bfcache_browser(browser):
    """A second Chromium without the back/forward cache: going back loads the page anew and restores form state."""
    b = browser.browser_type.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS + ["--disable-back-forward-cache"])
    try:
        yield b
    finally:
        b.close()


def test_going_back_does_not_reopen_the_menu(no_bfcache_browser, base_url):
    context = new_context(no_bfcache_browser, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()

        # A control checkbox with no autocomplete settings, added to the page as served, shows that
        # this browser does restore form state on going back.
        def with_control(route):
            response = route.fetch()
            body = response.text().replace("</header>", '</header><input type="checkbox" id="pl-kontroll">', 1)
            route.fulfill(response=response, body=body)

        page.route("**/om/", with_control)
        page.goto(base_url + "om/")
        page.locator("#pl-kontroll").check()
        page.locator("label.md-header__button[for='__drawer']").click()
        assert page.evaluate("document.getElementById('__drawer').checked")
        page.goto(base_url + "tillganglighet/")
        page.go_back()
        page.wait_for_load_state()
        state = page.evaluate("['pl-kontroll', '__drawer'].map(id => document.getElementById(id).checked)")
        assert state == [True, False], f"after going back: control checkbox, menu toggle = {state}"
    finally:
        context.close()
