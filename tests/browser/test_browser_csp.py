"""In Chromium: hostile data runs no script, the policy refuses an injected one, and the site's own
scripts (theme, tables, Pagefind's WebAssembly search) work under it (issue 10)."""

from __future__ import annotations

from browser_util import new_context, search
from hostile import PAYLOAD

PAGES = ["", "enheter/enheten-for-personligt-stod/", "enheter/enheten-for-personligt-stod/2024/verksamhetsplan/",
         "enheter/enheten-for-personligt-stod/2024/verksamhetsberattelse/", "indikatorer/sjukfranvaro/", "mal/2024/"]


class Watch:
    """Dialogs, console errors and policy violations of one browser context."""

    def __init__(self, browser):
        self.context = new_context(browser)
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # Recorded in the page before any of its scripts run.
        self.context.add_init_script("""window.__violations = [];
            document.addEventListener('securitypolicyviolation',
              e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));""")

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__violations")


def test_hostile_pages_run_no_injected_script(browser, hostile_base_url):
    w = Watch(browser)
    try:
        for path in PAGES:
            w.page.goto(hostile_base_url + path, wait_until="load")
            assert w.page.locator("pl-injected, img[src='x'], iframe").count() == 0, path
            assert PAYLOAD in w.page.title() or path in ("", "mal/2024/"), w.page.title()  # shown as written
        # Pagefind's results show titles and excerpts taken from the hostile pages.
        w.page.goto(hostile_base_url, wait_until="load")
        search(w.page, "alert")
        assert w.page.locator(".pagefind-ui__result").count() > 0
        assert w.page.locator("pl-injected, img[src='x'], iframe").count() == 0
        assert not w.dialogs, w.dialogs
        assert not w.errors, w.errors
        assert not w.violations()
    finally:
        w.context.close()


def test_site_scripts_and_search_work_under_the_policy(browser, base_url):
    w = Watch(browser)
    try:
        for path in PAGES:
            w.page.goto(base_url + path, wait_until="load")
        w.page.goto(base_url, wait_until="load")
        links = search(w.page, "medarbetarna")  # Pagefind compiles its WebAssembly under the policy
        assert links.count() > 0
        assert not w.errors, w.errors
        assert not w.violations(), w.violations()
    finally:
        w.context.close()


def test_policy_refuses_an_injected_inline_script(browser, base_url):
    """Were text ever to become markup, the browser would still not run it."""
    w = Watch(browser)
    url = base_url + "enheter/enheten-for-personligt-stod/"

    def inject(route):
        response = route.fetch()
        body = response.text().replace("</article>", "<script>window.__ran = true; alert('x')</script></article>", 1)
        route.fulfill(response=response, body=body)

    try:
        w.page.route(url, inject)
        w.page.goto(url, wait_until="load")
        assert "window.__ran" in w.page.content()  # the script is in the page ...
        assert w.page.evaluate("window.__ran") is None  # ... and did not run
        assert not w.dialogs
        assert any(v.startswith("script-src") for v in w.violations()), w.violations()
    finally:
        w.context.close()
