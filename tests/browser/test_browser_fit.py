"""Every page kind as a reader sees it, on the bundled site and on a small synthetic city: at 320 and
390 px (phones; 320 px is also a 1280 px window zoomed to 400 %, WCAG 1.4.10), at 1280 px (a desktop)
and printed on A4.

A page fails when it is wider than the screen or the paper, when a word of up to 14 letters is split
over two lines inside a table or a fact list (each word's Range has client rects on two lines), or
when a table is wider than the column it stands in (its last columns lie past the edge, or behind a
scroll bar a reader may never find), when a table shown as cards has a value without its column's
name, or when a chart's text is smaller than 12 px.
"""

from __future__ import annotations

import pytest
from browser_util import new_context
from reader_pages import BUNDLED, city_pages

# A4 is 210 mm wide; print.css gives it 1 cm margins: 190 mm is 718 CSS px at 96 px to the inch.
A4_PRINTABLE = 718
MEDIA = [("screen", 320), ("screen", 390), ("screen", 1280), ("print", A4_PRINTABLE)]

MEASURE = """() => {
  const w = window.innerWidth, problems = [];
  const d = document.documentElement;
  if (d.scrollWidth > w + 1) {
    const wide = [...document.querySelectorAll('body *')]
      .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > w + 1 && !e.closest('.md-sidebar'))
      .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > w + 1))
      .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                          + ' "' + e.textContent.trim().slice(0, 30) + '"');
    problems.push(`page ${d.scrollWidth} px wide on ${w} px: ${wide.join(', ')}`);
  }
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  // Visually hidden text (for screen readers: clipped to nothing) is on no line a reader sees.
  const clipped = e => { for (; e; e = e.parentElement) if (getComputedStyle(e).clip.startsWith('rect')) return true; return false; };
  for (const root of document.querySelectorAll('main table, main dl')) {
    if (!shown(root)) continue;
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n; (n = walk.nextNode());) {
      const el = n.parentElement;
      if (!shown(el) || el.closest('svg') || clipped(el)) continue;
      for (const m of n.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
        if (m[0].length > 14) continue;
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.bottom)));
        if (lines.size > 1) problems.push(`"${m[0]}" split over ${lines.size} lines in ${root.tagName.toLowerCase()} "${(root.caption || root).textContent.trim().slice(0, 40)}"`);
      }
    }
  }
  // A table shown as cards: each value must come with its column's name.
  for (const t of document.querySelectorAll('main table')) {
    if (!shown(t) || getComputedStyle(t).display === 'table') continue;
    const bare = [...t.querySelectorAll('td')].filter(td => shown(td) && td.textContent.trim() && !td.hasAttribute('colspan')
                   && !(td.dataset.label && getComputedStyle(td, '::before').content.includes(td.dataset.label)));
    if (bare.length) problems.push(`card value "${bare[0].textContent.trim().slice(0, 30)}" without its column's name in table "${(t.caption || t).textContent.trim().slice(0, 40)}"`);
  }
  // Chart text is drawn scaled to the chart's width: what the reader sees is its size on screen.
  for (const t of document.querySelectorAll('main svg text')) {
    if (!shown(t)) continue;
    const m = t.getScreenCTM(), size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    if (size < 11.95) problems.push(`chart text "${t.textContent.trim().slice(0, 20)}" is ${size.toFixed(1)} px`);
  }
  const column = document.querySelector('.md-content__inner') || document.querySelector('main');
  const right = column.getBoundingClientRect().right, left = column.getBoundingClientRect().left;
  for (const t of document.querySelectorAll('main table')) {
    if (!shown(t)) continue;
    const box = t.getBoundingClientRect();
    if (box.right > Math.min(right, w) + 1 || box.left < Math.max(left, 0) - 1)
      problems.push(`table "${(t.caption || t).textContent.trim().slice(0, 40)}" is ${Math.round(box.width)} px wide in a column of ${Math.round(right - left)} px`);
  }
  return problems;
}"""


def _problems(browser, base_url: str, pages: dict[str, str], media: str, width: int) -> list[str]:
    phone = media == "screen" and width < 600
    context = new_context(browser, viewport={"width": width, "height": 900}, is_mobile=phone, has_touch=phone)
    found = []
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.emulate_media(media=media)
        for kind, path in pages.items():
            page.goto(base_url + path)
            found += [f"{kind} ({path}): {p}" for p in page.evaluate(MEASURE)]
            inner = page.evaluate("window.innerWidth")
            if inner != width:  # a phone's browser widens its layout viewport to fit wider content
                found.append(f"{kind} ({path}): the browser widened its viewport to {inner} px")
    finally:
        context.close()
    return found


@pytest.mark.parametrize("media,width", MEDIA, ids=[f"{m}-{w}" for m, w in MEDIA])
def test_bundled_site_fits(browser, base_url, media, width):
    problems = _problems(browser, base_url, BUNDLED, media, width)
    assert not problems, f"{media} at {width} px:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("media,width", MEDIA, ids=[f"{m}-{w}" for m, w in MEDIA])
def test_synthetic_city_fits(browser, city, city_base_url, media, width):
    problems = _problems(browser, city_base_url, city_pages(city), media, width)
    assert not problems, f"{media} at {width} px:\n" + "\n".join(problems[:40])
