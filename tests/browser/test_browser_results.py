"""A report says how it went on a phone's first screen, and a förvaltning's service areas lead to
their results: as a reader sees them, in Chromium."""

from __future__ import annotations

import pytest
from browser_util import new_context

from macros.site import urls

REPORT = urls.document("enheten-for-personligt-stod", 2024, "verksamhetsberattelse")


# Two common phones.
@pytest.mark.parametrize("width,height", [(390, 844), (360, 780)])
def test_a_report_says_how_it_went_on_the_first_phone_screen(browser, base_url, width, height):
    context = new_context(browser, viewport={"width": width, "height": height}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(base_url + REPORT)
        box = page.evaluate("""() => {
            const s = document.querySelector('.pl-resultat'), r = s.getBoundingClientRect();
            return {top: r.top, bottom: r.bottom, rows: s.querySelectorAll('.pl-resultat-rad').length,
                    font: parseFloat(getComputedStyle(s.querySelector('dt')).fontSize)};
        }""")
        assert box["rows"] == 6
        assert 0 < box["top"] and box["bottom"] <= height, f"{width}x{height}: {box}"
        assert box["font"] >= 12
    finally:
        context.close()


def test_a_figure_leads_to_the_goals_behind_it(page, base_url):
    page.goto(base_url + REPORT)
    link = page.locator(".pl-resultat-helt dd a")
    count = int(link.inner_text())
    link.click()
    page.wait_for_function("location.hash === '#sa-gick-det-mal-helt'")
    listed = page.locator("#sa-gick-det-mal-helt + ul > li")
    assert listed.count() == count > 0
    top = page.evaluate("document.getElementById('sa-gick-det-mal-helt').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"] / 2  # scrolled to it (as far as the page's end allows)
