"""Small screens need no sideways scrolling, and paper gets the content without the site's chrome."""

from __future__ import annotations

import re

import pytest
from browser_util import AXE_OPTIONS, axe_report, new_context

from macros.site import urls

PLAN = urls.document("enheten-for-personligt-stod", 2024, "verksamhetsplan")
REPORT = urls.document("enheten-for-personligt-stod", 2024, "verksamhetsberattelse")


def _overflow(page) -> dict:
    return page.evaluate("""() => {
        const w = window.innerWidth, d = document.documentElement;
        const wide = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > w + 1
                       && !e.closest('.pl-tabell, .md-sidebar'))
                     .slice(0, 5).map(e => e.tagName + '.' + e.className);
        return {scrollWidth: d.scrollWidth, innerWidth: w, wide};
    }""")


@pytest.mark.parametrize("width,path", [(390, PLAN), (390, REPORT), (320, REPORT)])
def test_no_horizontal_scroll_on_a_phone(browser, base_url, axe, width, path):
    """390 px is a phone; 320 px is also a 1280 px window zoomed to 400 % (WCAG 1.4.10)."""
    context = new_context(browser, viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(base_url + path)
        o = _overflow(page)
        # A phone's browser widens its layout viewport to fit wider content, so innerWidth is checked too.
        assert o["scrollWidth"] <= o["innerWidth"] == width, f"{width} px, {path}: {o}"
        if width == 320:
            # Tables too wide for the screen are shown as cards: a row per card, each value with its
            # column's name; none scrolls sideways inside its box.
            tables = page.evaluate("""() => [...document.querySelectorAll('main .pl-tabell')].map(b => ({
                scrolls: b.scrollWidth > b.clientWidth + 1,
                cards: getComputedStyle(b.querySelector('table')).display === 'block',
                // display: block loses a table's semantics in some browsers: its roles are said explicitly
                roles: b.querySelector('table').getAttribute('role') === 'table'
                       && [...b.querySelectorAll('td')].every(td => td.getAttribute('role') === 'cell')
                       && [...b.querySelectorAll('th[scope=row]')].every(th => th.getAttribute('role') === 'rowheader'),
                labelled: [...b.querySelectorAll('td[data-label]')].filter(td => td.textContent.trim())
                          .every(td => getComputedStyle(td, '::before').content.includes(td.dataset.label))}))""")
            assert tables and all(t["cards"] and t["roles"] and t["labelled"] and not t["scrolls"] for t in tables), tables
            violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
            if violations:
                pytest.fail(f"{width} px, {path}:\n" + axe_report(violations), pytrace=False)
    finally:
        context.close()


def test_print_shows_content_without_navigation(page, base_url):
    page.goto(base_url + REPORT)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => {
        const shown = e => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
        const q = s => [...document.querySelectorAll(s)];
        return {
          header: q('header.md-header').some(shown),
          search: q('.pl-sok, #pl-sok-falt').some(shown),
          navigation: q('.md-sidebar, .md-nav--primary, .md-tabs').some(shown),
          footer: q('footer, .pl-sidfot').some(shown),
          edit: q('.pl-redigera').some(shown),
          downloads: q('main a[download], .pl-nedladdning').some(shown),
          links: q('main nav, .pl-dokumentlankar').some(shown),
          stamp: q('.pl-utskrift').filter(shown).map(e => e.textContent.trim()),
          tablesShown: q('main table').filter(shown).length, tables: q('main table').length,
          h2Shown: q('main h2').filter(shown).length, h2: q('main h2').length,
          h1: shown(document.querySelector('main h1')),
        };
    }""")
    for part in ("header", "search", "navigation", "footer", "edit", "downloads", "links"):
        assert not hidden[part], f"printed page shows the {part}"
    # The paper says where the page is and when it was printed.
    [stamp] = hidden["stamp"]
    assert stamp.startswith(f"Utskrift av {base_url}{REPORT}, utskriven ") and re.search(r"\d{1,2} \w+ \d{4}$", stamp), stamp
    page.emulate_media(media="screen")
    assert not page.locator(".pl-utskrift").is_visible()  # on paper only
    assert hidden["h1"]
    assert hidden["tables"] >= 3 and hidden["tablesShown"] == hidden["tables"], hidden
    assert hidden["h2"] >= 3 and hidden["h2Shown"] == hidden["h2"], hidden
