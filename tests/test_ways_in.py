"""Ways in and out: every address prefix a reader may type is a page, breadcrumbs lead up the
address, the menu opens at the newest year, a Swedish 404, and a district's service areas a few
clicks from the start page."""

from __future__ import annotations

import posixpath
import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from builtsite import parse_markup
from macros.site import urls


def _prefixes(path: str) -> list[str]:
    parts = path.strip("/").split("/") if path else []
    return [""] + ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]


def _target(page: str, href: str) -> str | None:
    """The page a relative link on `page` leads to, as a directory URL; None for other links."""
    split = urlsplit(href)
    if split.scheme or split.netloc or not split.path or split.path.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join("/" + page, split.path))
    if "." in posixpath.basename(joined) and not joined.endswith("index.html"):
        return None  # a download
    joined = joined.removesuffix("index.html").strip("/")
    return joined + "/" if joined else ""


@pytest.mark.parametrize("which", ["bundled", "city"])
def test_every_address_prefix_is_a_page(which, pages, city_site):
    site = pages if which == "bundled" else city_site
    missing = sorted({p for path in site for p in _prefixes(path) if p not in site})
    assert missing == []


@pytest.mark.parametrize("which", ["bundled", "city"])
def test_breadcrumbs_lead_up_the_address(which, pages, city_site):
    site = pages if which == "bundled" else city_site
    for path, page in site.items():
        crumbs = re.search(r'<nav class="pl-brodsmulor"[^>]*>(.*?)</nav>', page.html, re.S)
        if path == "":
            assert crumbs is None  # the start page is where the trail begins
            continue
        assert crumbs, path
        hrefs = re.findall(r'href="([^"]*)"', crumbs.group(1))
        assert [_target(path, h) for h in hrefs] == _prefixes(path), path
        names = re.findall(r"<a [^>]*>([^<]+)</a>", crumbs.group(1))
        assert names[0] == "Start" and all(n.strip() for n in names), (path, names)


def test_the_menu_opens_at_the_newest_year(city_site):
    years = sorted(int(p.split("/")[1]) for p in city_site if re.fullmatch(r"ar/\d+/", p))
    assert len(years) > 1
    for section in ("ar/", "mal/"):
        page = city_site[section].html
        menu = page[:page.index("<article")]  # the menu stands before the content
        order = list(dict.fromkeys(int(y) for y in re.findall(rf'href="(?:\.\./{section})?(\d{{4}})/"', menu)))
        assert sorted(order) == years and order[0] == years[-1], (section, order)
        # and the section's own page lists the newest year first
        listed = re.findall(r'href="(\d{4})/"', page[page.index("<article"):])
        assert listed and int(listed[0]) == years[-1], (section, listed)


def test_a_swedish_404_with_search_and_a_way_home(site):
    page = (site / "404.html").read_text(encoding="utf-8")
    markup = parse_markup(site / "404.html")
    assert re.search(r'<html[^>]* lang="sv"', page)
    assert "Not found" not in page and "<h1>Sidan finns inte</h1>" in page
    form = re.search(r'<form class="pl-sok-404"[^>]*action="([^"]+)"', page)
    assert form and form.group(1).endswith("/sok/")
    assert ("input", "name", "q") in markup.attributes
    # MkDocs makes the 404 page with links from the site's root, so they work at any depth.
    assert re.search(r'<a href="/">Startsidan</a>', page)


def _area_of_elderly_care(city: Path) -> str:
    years = sorted((city / "stad").glob("*.yaml"))
    areas = yaml.safe_load(years[-1].read_text(encoding="utf-8"))["mal_for_verksamhetsomradet"]
    found = [a["id"] for a in areas if re.search(r"äldre|åldras", a["titel"].lower())]
    assert found, "the city's goals have no area for the elderly"
    return found[0]


def _clicks(site: dict, start: str, goal: str) -> int | None:
    """Fewest clicks on links in the pages' content (not the menu) from `start` to `goal`."""
    seen, queue = {start: 0}, deque([start])
    while queue:
        here = queue.popleft()
        if here == goal:
            return seen[here]
        article = re.search(r"<article.*?</article>", site[here].html, re.S)
        for href in re.findall(r'href="([^"#]*)[^"]*"', article.group(0) if article else ""):
            there = _target(here, href)
            if there in site and there not in seen:
                seen[there] = seen[here] + 1
                queue.append(there)
    return None


def test_a_districts_elderly_care_is_at_most_three_clicks_from_the_start_page(city, city_site, pages):
    area = _area_of_elderly_care(city)
    boards = sorted(p.parent.name for p in (city / "namnder").glob("*/namnd.yaml"))
    for board in boards:
        target = urls.board_area(board, area)
        if target not in city_site:
            continue  # this förvaltning has no goal under the area
        clicks = _clicks(city_site, "", target)
        assert clicks is not None and clicks <= 3, (board, clicks)
        page = city_site[target].text
        # the area's goals with their status, its indicators over the years, its units
        assert "Mål och hur de uppfylldes" in page and "uppfylls helt" in page
        assert "Enheter" in page
    assert any(urls.board_area(b, area) in city_site for b in boards)
    assert _clicks(pages, "", urls.board_area("hagersten-alvsjo", "1.4")) == 2


def test_the_start_page_shows_every_unit_or_says_how_many_more(tmp_path):
    """A förvaltning with more units than the start page lists says how many more, and where."""
    from macros.build.settings import project
    from macros.site import render
    from macros.site.pages import Page

    class Unit:
        def __init__(self, i):
            self.namn = f"Enhet {i:02d}"

    class Board:
        forvaltning = "Norra förvaltningen"

    units = [(f"enhet-{i}", Unit(i)) for i in range(13)]
    env = render.environment(project().templates)
    page = Page("", "Start", "startsida.html", {"years": [2024], "boards": [("norra", Board(), units)],
                                                 "documents": 26, "indicator_count": 3}, "")
    out = render.render(env, page)
    listed = re.findall(r'href="enheter/enhet-\d+/"', out)
    more = re.search(r'<a href="forvaltningar/norra/#enheter">Alla 13 enheter i Norra förvaltningen</a> \(3 till\)', out)
    assert len(listed) == 10 and more, out
