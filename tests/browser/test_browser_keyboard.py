"""What axe cannot see alone: language, a working skip link, visible focus, and tables a screen reader can read."""

from __future__ import annotations

import pytest
from test_links import PAGE_KINDS

from macros import urls

PLAN = urls.document("enheten-for-personligt-stod", 2024, "verksamhetsplan")


def test_every_page_kind_is_in_swedish(page, base_url):
    wrong = {}
    for kind, path in PAGE_KINDS.items():
        page.goto(base_url + path)
        lang = page.evaluate("document.documentElement.getAttribute('lang')")
        if lang != "sv":
            wrong[kind] = lang
    assert not wrong, f"<html lang> is not 'sv': {wrong}"


@pytest.mark.parametrize("kind", ["plan", "start", "indicator list", "accessibility statement"])
def test_skip_link_is_first_and_moves_focus_to_the_content(page, base_url, kind):
    page.goto(base_url + PAGE_KINDS[kind])
    page.keyboard.press("Tab")
    first = page.evaluate("({text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href'),"
                          " opacity: getComputedStyle(document.activeElement).opacity})")
    assert first["text"] == "Gå till innehållet", f"the first Tab reaches {first}, not the skip link"
    assert first["opacity"] == "1", "the skip link is not shown when it has focus"
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
    # The next Tab goes on from the content, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main article').contains(document.activeElement)"), \
        "Tab after the skip link does not continue inside the content"


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
    # A link in the navigation and one in the footer, reached with Tab from the element before them.
    for selector in (".md-nav--primary a.md-nav__link[href]", ".pl-sidfot a"):
        target = page.locator(selector).first
        target.evaluate("el => el.scrollIntoView()")
        page.evaluate("""sel => { const t = document.querySelector(sel); const all = [...document.querySelectorAll('a[href], input, button, label[tabindex]')];
            const prev = all[all.indexOf(t) - 1]; prev.focus(); }""", selector)
        page.keyboard.press("Tab")
        seen.append(_outline(page))
    missing = [s for s in seen if s["style"] == "none" or s["width"] <= 0 or s["color"] in ("transparent", "rgba(0, 0, 0, 0)")]
    assert not missing, f"focused links without a visible outline: {missing}"


def test_every_table_has_a_caption_and_scoped_headers(page, base_url):
    problems = []
    tables = 0
    for kind, path in PAGE_KINDS.items():
        page.goto(base_url + path)
        found = page.evaluate("""() => [...document.querySelectorAll('main table')].map(t => ({
            caption: t.caption ? t.caption.textContent.trim() : '',
            unscoped: [...t.querySelectorAll('th')].filter(th => !['row', 'col', 'rowgroup', 'colgroup'].includes(th.getAttribute('scope')))
                      .map(th => th.textContent.trim().slice(0, 40))}))""")
        tables += len(found)
        for i, t in enumerate(found):
            if not t["caption"]:
                problems.append(f"{kind}: table {i + 1} has no caption")
            if t["unscoped"]:
                problems.append(f"{kind}: table {i + 1} ({t['caption']}): <th> without scope: {t['unscoped']}")
    assert not problems, "\n".join(problems)
    assert tables >= 10
