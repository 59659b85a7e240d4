"""Small things a reader notices: phone numbers written the Swedish way and callable, the change
page's deleted and inserted words kept apart, and the documents' abbreviations explained where they
stand (a touch screen has no hover, so explanations are visible text)."""

from __future__ import annotations

import re

import pytest

from macros.model.load import load
from macros.site import fmt, urls

NB = fmt.NBSP
REPORT = urls.document("enheten-for-personligt-stod", 2024, "verksamhetsberattelse")
PLAN = urls.document("enheten-for-personligt-stod", 2024, "verksamhetsplan")


@pytest.mark.parametrize("written,shown,address", [
    ("0850822000", f"08-508{NB}22{NB}000", "tel:+46850822000"),
    ("08-508 22 517", f"08-508{NB}22{NB}517", "tel:+46850822517"),
    ("+46 8 508 22 517", f"08-508{NB}22{NB}517", "tel:+46850822517"),
    ("0701234567", f"070-123{NB}45{NB}67", "tel:+46701234567"),
    ("031-123456", f"031-12{NB}34{NB}56", "tel:+4631123456"),
])
def test_phone_numbers_the_swedish_way(written, shown, address):
    assert fmt.phone(written) == (shown, address)


@pytest.mark.parametrize("written", ["växel 08-508 00 000", "112", "", "0046850822000"])
def test_what_is_not_a_phone_number_stays_as_written(written):
    assert fmt.phone(written) == (written, None)


def test_documents_phone_numbers_are_links(pages):
    for path in (PLAN, REPORT):
        links = re.findall(r'<a href="(tel:[^"]+)">([^<]+)</a>', pages[path].html)
        assert links and all(re.fullmatch(r"tel:\+46\d{7,10}", href) and re.fullmatch(rf"0\d{{1,3}}-[\d{NB}]+", text)
                             for href, text in links), links


def test_deleted_and_inserted_words_never_touch(city, city_site):
    ds = load(city)
    pairs = 0
    for (unit_id, year) in ds.plans:
        page = city_site.get(urls.plan_changes(unit_id, year))
        if page is None:
            continue
        shown = re.sub(r'<span class="pl-dold">[^<]*</span>', "", page.html)  # what the eye reads
        pairs += len(re.findall(r"</del>\s*<ins>|</ins>\s*<del>", shown))
        touching = re.findall(r"(\S{0,20}</del><ins>\S{0,20}|\S{0,20}</ins><del>\S{0,20})", shown)
        touching = [t for t in touching if not re.search(r"\s</del><ins>|</del><ins>\s|\s</ins><del>|</ins><del>\s", t)]
        assert not touching, (unit_id, year, touching[:3])
    assert pairs > 0  # some change page has a deletion next to an insertion


def test_abbreviations_are_explained_where_they_stand(pages):
    report, plan = pages[REPORT].text, pages[PLAN].text
    for words in ("VB: verksamhetsberättelsen", "T1 och T2: årets första och andra tertial", "Totalt ack. utfall: totalt ackumulerat utfall",
                  "KF: kommunfullmäktige"):
        assert words in report, words
    assert "KF: kommunfullmäktige" in plan
