"""Every page kind exists, and every internal link and anchor on the site resolves."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

from builtsite import ROOT
from macros.site import urls

PAGE_KINDS = {
    "start": "",
    "about": "om/",
    "accessibility statement": "tillganglighet/",
    "unit list": urls.units(),
    "förvaltning": urls.board("hagersten-alvsjo"),
    "unit": urls.unit("enheten-for-personligt-stod"),
    "plan": urls.document("enheten-for-personligt-stod", 2024, "verksamhetsplan"),
    "report": urls.document("enheten-for-personligt-stod", 2024, "verksamhetsberattelse"),
    "year": urls.year(2024),
    "goals of a year": urls.goals(2024),
    "KF inriktningsmål": urls.direction_goal(2024, "3"),
    "KF mål för verksamhetsområdet": urls.area_goal(2024, "3.4"),
    "nämndmål": urls.board_goal(2024, "hagersten-alvsjo", "attraktiv-arbetsgivare"),
    "enhetsmål": urls.unit_goal("enheten-for-personligt-stod", 2024, "god-arbetsmiljo"),
    "indicator list": urls.indicators(),
    "indicator": urls.indicator("sjukfranvaro"),
    "all goals": urls.all_goals(),
    "förvaltningar": urls.boards(),
    "förvaltning's goals of a year": urls.board_goals(2024, "hagersten-alvsjo"),
    "service area of a förvaltning": urls.board_area("hagersten-alvsjo", "1.4"),
    "unit's year": urls.unit_year("enheten-for-personligt-stod", 2024),
    "unit's goals of a year": urls.unit_year_goals("enheten-for-personligt-stod", 2024),
}


def test_every_page_kind_exists(pages):
    missing = {kind: path for kind, path in PAGE_KINDS.items() if path not in pages}
    assert not missing


def test_every_document_unit_goal_and_indicator_has_a_page(pages):
    from macros.model.load import load
    from macros.build.settings import project

    ds = load(project(ROOT).data)
    expected = [urls.document(u, y, "verksamhetsplan") for u, y in ds.plans]
    expected += [urls.document(u, y, "verksamhetsberattelse") for u, y in ds.reports]
    expected += [urls.unit_goal(u, y, g.id) for (u, y), p in ds.plans.items() for b in p.mal for n in b.namndmal for g in n.enhetsmal]
    expected += [urls.indicator(i.id) for c in ds.cities.values() for i in c.indikatorer]
    expected += [urls.board_goal(y, b, g.id) for (b, y), by in ds.board_years.items() for g in by.namndmal]
    assert [p for p in expected if p not in pages] == []
    assert len(expected) >= 30  # the bundled data: 4 documents, 10 unit goals, 8 indicators, 8 nämndmål


def test_every_internal_link_and_anchor_resolves(site, pages):
    broken = []
    checked = 0
    for page_url, page in pages.items():
        for tag, link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            target = posixpath.normpath(posixpath.join("/" + page_url, unquote(parts.path))) if parts.path else "/" + page_url
            target_path = site / target.lstrip("/")
            if target_path.is_dir():
                target_path = target_path / "index.html"
            checked += 1
            if not target_path.exists():
                broken.append(f"{page_url}: {link} -> {target} (missing)")
                continue
            if parts.fragment and target_path.name == "index.html":
                target_page = pages.get(target_path.parent.relative_to(site).as_posix().replace(".", "") + "/" if target_path.parent != site else "")
                if target_page and parts.fragment not in target_page.ids:
                    broken.append(f"{page_url}: {link} (no anchor #{parts.fragment})")
    assert not broken, "\n".join(broken[:50])
    assert checked > 500


def test_unit_goal_and_board_goal_link_both_ways(pages):
    unit_goal = urls.unit_goal("stod-och-aktivitetsenheten", 2024, "god-arbetsmiljo")
    board_goal = urls.board_goal(2024, "hagersten-alvsjo", "attraktiv-arbetsgivare")
    up = {posixpath.normpath(posixpath.join("/" + unit_goal, h)) + "/" for _, h in pages[unit_goal].links}
    down = {posixpath.normpath(posixpath.join("/" + board_goal, h)) + "/" for _, h in pages[board_goal].links}
    assert "/" + board_goal in up
    assert "/" + unit_goal in down
    # The board goal page lists the unit goals of all three units that work under it.
    for unit in ("enheten-for-personligt-stod", "stod-och-aktivitetsenheten", "bestallarenheten-aldre"):
        assert any(d.startswith(f"/enheter/{unit}/2024/mal/") for d in down), unit


def test_plan_and_report_link_to_each_other(pages):
    plan = urls.document("enheten-for-personligt-stod", 2024, "verksamhetsplan")
    report = urls.document("enheten-for-personligt-stod", 2024, "verksamhetsberattelse")
    assert any(h == "../verksamhetsberattelse/" for _, h in pages[plan].links)
    assert any(h == "../verksamhetsplan/" for _, h in pages[report].links)


def test_sitemap_lists_every_page(site, pages):
    import re as _re

    listed = set(_re.findall(r"<loc>http://localhost:8000/([^<]*)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8")))
    assert listed == set(pages)


def _menu(page_url: str, page) -> list[tuple[str, str]]:
    """The main menu's entries on a page: (text, the address its link leads to, from the site's root)."""
    import re
    from html import unescape

    # The whole menu, open sections included: from its <nav> to the table of contents' sidebar.
    start = page.html.index('class="md-nav md-nav--primary"')
    menu = page.html[start:page.html.index('data-md-type="toc"', start)]
    entries = []
    for href, inner in re.findall(r'<a href="([^"]*)"[^>]*class="md-nav__link[^"]*"[^>]*>(.*?)</a>', menu, re.S):
        target = posixpath.normpath(posixpath.join("/" + page_url, href)).rstrip("/") + "/"
        entries.append((" ".join(unescape(re.sub(r"<[^>]+>", " ", inner)).split()), target))
    return entries


def test_pages_outside_the_menu_show_the_same_menu_at_every_depth(pages):
    """The menu of a page outside it is drawn once per folder depth (macros/adapters/mkdocs/theme.py): at every
    depth its links must lead to the same pages, and it marks no entry as the current page."""
    outside = [urls.board_goal(2024, "hagersten-alvsjo", "attraktiv-arbetsgivare"),  # 4 folders deep
               urls.unit_goal("enheten-for-personligt-stod", 2024, "god-arbetsmiljo"),  # 5
               urls.direction_goal(2024, "3"),  # 3
               "sok/"]  # 1, hand-written
    menus = {u: _menu(u, pages[u]) for u in outside}
    first = menus[outside[0]]
    assert len(first) > 5 and ("Enheter", "/enheter/") in first
    assert all(m == first for m in menus.values()), {u: m for u, m in menus.items() if m != first}
    assert all("md-nav__link--active" not in pages[u].html for u in outside[:3])
    # A page in the menu draws its own: its entry is marked, and its section is open.
    plan = urls.document("enheten-for-personligt-stod", 2024, "verksamhetsplan")
    assert "md-nav__link--active" in pages[plan].html
    assert len(_menu(plan, pages[plan])) > len(first)


def test_a_link_in_a_text_shown_on_several_pages_leads_to_its_target_from_each(tmp_path, monkeypatch):
    """A prose text standing on several pages is drawn once per build (macros/site/render.py), except one
    with a link inside the site: that link is relative to each page it stands on."""
    import re
    import shutil

    from builtsite import build_site

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    plan = data / "enheter/enheten-for-personligt-stod/2024/verksamhetsplan.yaml"
    text = plan.read_text(encoding="utf-8")
    old = "              - Brukares önskemål och behov tillgodoses.\n"
    assert old in text
    plan.write_text(text.replace(old, "              - Brukares önskemål och behov tillgodoses, se [indikatorerna](indikatorer/).\n"),
                    encoding="utf-8")
    site = tmp_path / "site"
    monkeypatch.setenv("PLANER_WORKERS", "1")  # one process meets the text on every page
    build_site(site, data)
    shown = {}
    for path in site.rglob("index.html"):
        page_url = "" if path.parent == site else path.parent.relative_to(site).as_posix() + "/"
        for link in re.findall(r'<a href="([^"]*)">indikatorerna</a>', path.read_text(encoding="utf-8")):
            shown.setdefault(page_url, set()).add(posixpath.normpath(posixpath.join("/" + page_url, link)))
    # The plan, the unit goal's page and the unit's page: three depths.
    assert len({u.count("/") for u in shown}) >= 3, shown
    assert all(targets == {"/indikatorer"} for targets in shown.values()), shown
