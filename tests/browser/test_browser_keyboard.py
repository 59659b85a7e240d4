"""What axe cannot see alone: language, a working skip link, visible focus, and tables a screen reader can read."""

from __future__ import annotations

import pytest
from browser_util import wait_until
from test_links import PAGE_KINDS

from macros.site import urls

PLAN = urls.document("enheten-for-personligt-stod", 2024, "verksamhetsplan")


def test_every_page_kind_is_in_swedish(tour):
    wrong = {kind: v.lang for kind, v in tour.visits.items() if v.lang != "sv"}
    assert not wrong, f"<html lang> is not 'sv': {wrong}"


@pytest.mark.parametrize("kind", ["plan", "start", "indicator list", "accessibility statement"])
def test_skip_link_is_first_and_moves_focus_to_the_content(page, base_url, kind):
    page.goto(base_url + PAGE_KINDS[kind])
    page.keyboard.press("Tab")
    first = page.evaluate("({text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href')})")
    assert first["text"] == "Gå till innehållet", f"the first Tab reaches {first}, not the skip link"
    # shown while it has focus (it fades in)
    wait_until(page, "getComputedStyle(document.activeElement).opacity === '1'", timeout=2)
    page.keyboard.press("Enter")
    focus = page.evaluate("""() => {
        const a = document.activeElement, main = document.querySelector('main');
        const article = main && main.querySelector('article');
        const h1 = article && article.querySelector('h1');
        return {inMain: !!(main && main.contains(a)), id: a.id,
                // nothing of the content comes before the focused element: it holds the h1 or is the article
                startsAtContent: !!(article && (a === article || (h1 && a.contains(h1))))};
    }""")
    assert focus["inMain"], f"Enter on the skip link left focus outside <main>: {focus}"
    assert focus["startsAtContent"], f"the skip link skips part of the content: focus on #{focus['id']}"
    # The next Tab goes on from the content (into it, or past it to the footer), not from the top of the page.
    page.keyboard.press("Tab")
    after = page.evaluate("""() => { const article = document.querySelector('main article'), a = document.activeElement;
        return {following: !!(article.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING),
                html: a.outerHTML.slice(0, 120)}; }""")
    assert after["following"], f"Tab after the skip link goes back before the content: {after['html']}"


def _outline(page) -> dict:
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {tag: document.activeElement.tagName, text: document.activeElement.textContent.trim().slice(0, 60),
                style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor}; }""")


def test_focused_links_show_an_outline(page, base_url):
    page.goto(base_url + PLAN)
    # A link in the content, reached with the keyboard: skip link, Enter, Tab.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    seen = [_outline(page)]
    assert seen[0]["tag"] == "A", seen[0]
    # A link in the navigation and one in the footer. Focus moves there while the reader uses the
    # keyboard (Tab was the last input), as when tabbing through, so :focus-visible applies.
    for selector in (".md-sidebar--primary a.md-nav__link[href]", ".pl-sidfot a"):
        target = page.locator(selector).filter(visible=True).first
        page.keyboard.press("Tab")
        target.focus()
        assert target.evaluate("el => document.activeElement === el"), f"no focus on {selector}"
        seen.append(_outline(page))
    missing = [s for s in seen if s["style"] == "none" or s["width"] <= 0 or s["color"] in ("transparent", "rgba(0, 0, 0, 0)")]
    assert not missing, f"focused links without a visible outline: {missing}"


def test_every_table_has_a_caption_and_scoped_headers(tour):
    problems = []
    tables = 0
    for kind, visit in tour.visits.items():
        tables += len(visit.tables)
        for i, t in enumerate(visit.tables):
            if not t["caption"]:
                problems.append(f"{kind}: table {i + 1} has no caption")
            if t["unscoped"]:
                problems.append(f"{kind}: table {i + 1} ({t['caption']}): <th> without scope: {t['unscoped']}")
    assert not problems, "\n".join(problems)
    assert tables >= 10
