"""Search: Pagefind's static index with Swedish stemming, covering every page's content.

That an inflected word finds its documents is tested in a real browser (tests/browser/test_browser_search.py).
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
from pathlib import Path

from builtsite import build_site


def test_pagefind_indexes_are_swedish_and_cover_every_page_once(site, pages):
    counts = {}
    # Per year, the plans (with the nämndmål), the reports and earlier years' indicator tables; the
    # indicators' main pages and the rest apart.
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["2024-berattelser", "2024-planer", "allmant", "indikatorer"]
    for name in ("2024-planer", "2024-berattelser", "allmant", "indikatorer"):
        entry = json.loads((site / "pagefind" / name / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == ["sv"]  # from <html lang="sv">: Swedish stemming
        counts[name] = entry["languages"]["sv"]["page_count"]
    indexed = [u for u, p in pages.items() if "data-pagefind-body" in p.html]
    assert counts["2024-planer"] == 3 + 8  # three plans and the eight nämndmål
    assert counts["2024-berattelser"] == 1  # one report
    assert counts["indikatorer"] == 8  # the latest year's indicator tables, on the indicators' pages
    assert sum(counts.values()) == len(indexed)
    # Documents, units, nämndmål and indicators are searched; views that repeat their text are not.
    assert all("data-pagefind-body" in p.html for u, p in pages.items() if u.endswith(("/verksamhetsplan/", "/verksamhetsberattelse/")))
    assert not any("data-pagefind-body" in p.html for u, p in pages.items() if "/mal/" in u and u.startswith("enheter/"))
    assert "data-pagefind-body" not in pages["sok/"].html


def test_search_page_and_box_load_nothing_from_elsewhere(site, pages):
    search_page = pages["sok/"].html
    assert '<script src="../pagefind/allmant/pagefind-ui.js">' in search_page
    # The years it can search with their indexes, read by assets/sok.js.
    assert 'data-ar="[[&#34;2024&#34;, [&#34;2024-planer&#34;, &#34;2024-berattelser&#34;, &#34;indikatorer&#34;]]]"' in search_page
    assert '<script src="../assets/sok.js">' in search_page
    assert 'action="../sok/"' in pages["om/"].html
    assert (site / "pagefind" / "allmant" / "pagefind-ui.js").exists()


def _indexed_urls(index: Path) -> list[str]:
    """The page addresses a Pagefind index holds (its fragments: gzip, a signature, then JSON)."""
    urls = []
    for fragment in (index / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        urls.append(json.loads(data[data.index(b"{"):])["url"])
    return urls


def test_every_searched_page_of_a_city_is_in_exactly_one_index(city_site_dir, city_site):
    # Three years: older years' indicator tables are searched in their year's index, and no
    # page is found twice (once per index it fell into) or not at all.
    searched = {"/" + u for u, p in city_site.items() if "data-pagefind-body" in p.html}
    assert any(re.fullmatch(r"/indikatorer/[^/]+/\d{4}/", u) for u in searched)
    indexed = [u for index in (city_site_dir / "pagefind").iterdir() for u in _indexed_urls(index)]
    assert sorted(indexed) == sorted(searched)


def test_a_year_with_kf_goals_and_no_documents_yet_builds_and_is_not_offered(city, tmp_path):
    # Drafting next year starts with KF's goals (stad/<år>.yaml) before any plan: that year has no
    # searched page, so no index (Pagefind refuses to make one of no pages) and no choice on the
    # search page, which would otherwise load a missing index.
    data = tmp_path / "data"
    shutil.copytree(city, data)
    latest = max(int(p.stem) for p in (data / "stad").glob("*.yaml"))
    shutil.copy(data / "stad" / f"{latest}.yaml", data / "stad" / f"{latest + 1}.yaml")
    site = tmp_path / "site"
    build_site(site, data)
    assert (site / "mal" / str(latest + 1) / "index.html").is_file()
    names = sorted(p.name for p in (site / "pagefind").iterdir())
    assert f"{latest}-planer" in names and not any(n.startswith(str(latest + 1)) for n in names)
    offered = json.loads(html.unescape(re.search(r'data-ar="([^"]*)"', (site / "sok" / "index.html").read_text(encoding="utf-8")).group(1)))
    assert [y for y, _ in offered][0] == str(latest)
    assert all((site / "pagefind" / name).is_dir() for _, indexes in offered for name in indexes)


def test_a_big_citys_year_is_split_into_slices_each_page_in_one():
    # At city scale an edited plan indexes its slice of the year again, not the whole year.
    from macros.site import search

    units = [f"enheten-{i:04d}" for i in range(search.UNITS_PER_INDEX * 3)]
    searched = [f"enheter/{u}/2024/{kind}/" for u in units for kind in ("verksamhetsplan", "verksamhetsberattelse")] + \
        [f"enheter/{u}/" for u in units] + ["mal/2024/namnden/m1/", "indikatorer/sjukfranvaro/2024/", ""]
    found = search.indexes(searched, len(units), others=["om/index.html", "404.html"])
    names = [ix.name for ix in found]
    assert names == ["2024-planer-1", "2024-planer-2", "2024-planer-3",
                     "2024-berattelser-1", "2024-berattelser-2", "2024-berattelser-3", "2024-indikatorer", "allmant"]
    covered = [p for ix in found for p in ix.pages]
    assert sorted(covered) == sorted([p + "index.html" for p in searched] + ["om/index.html"])
    plans = [len(ix.pages) for ix in found if ix.name.startswith("2024-planer")]
    assert max(plans) < 1.5 * search.UNITS_PER_INDEX  # slices of about the same size
    # A unit's plan and report stay in the same slice from build to build (a stable hash, not Python's).
    assert found[0].pages[0].split("/")[1] in " ".join(found[3].pages)
    assert search.by_year(found) == [["2024", names[:-1]]]
    # The indicators' main pages are an index of their own, searched with every year.
    with_main = search.indexes(searched + ["indikatorer/sjukfranvaro/"], len(units))
    assert [ix.name for ix in with_main][-2:] == ["indikatorer", "allmant"]
    assert search.by_year(with_main) == [["2024", names[:-1] + ["indikatorer"]]]
    # A small city: one index per half-year, as the search page and tests elsewhere expect.
    assert [ix.name for ix in search.indexes(searched[:4] + [""], 2)] == ["2024-planer", "2024-berattelser", "allmant"]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_an_index_is_the_same_whatever_order_pagefind_wrote_its_filters_in(city_site_dir, tmp_path):
    # Pagefind writes a filter's values (two förvaltningar, a plan and a nämndmål) in the order of
    # a hash map, another on every run; search.canonical() makes the files depend on the pages only.
    from macros.site import search

    built = city_site_dir / "pagefind" / f"{max(p.name[:4] for p in (city_site_dir / 'pagefind').iterdir() if p.name[:4].isdigit())}-planer"
    other = tmp_path / "other"
    shutil.copytree(built, other)
    reversed_some = 0
    for path in (other / "filter").glob("*.pf_filter"):
        key, values = search._unpacked(path)
        if len(values) > 1:
            search._write(path, search._packed([key, values[::-1]]))  # as another run might
            reversed_some += 1
    assert reversed_some == 2  # Typ (Verksamhetsplan, Nämndmål) and Förvaltning
    assert _files(other) != _files(built)
    search.canonical(other)
    assert _files(other) == _files(built)
    search.canonical(other)  # and again: nothing changes
    assert _files(other) == _files(built)
