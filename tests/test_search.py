"""Swedish search covers every document: the index is built with Swedish stemming and holds their words."""

from __future__ import annotations

import json

from macros import urls


def test_search_is_swedish_and_indexes_every_document(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "sv" in index["config"]["lang"]
    text_by_page: dict[str, str] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        text_by_page[page] = text_by_page.get(page, "") + " " + doc["title"] + " " + doc["text"]
    expected = {
        urls.document("enheten-for-personligt-stod", 2024, "verksamhetsplan"): "kontaktpersoner/familjer",
        urls.document("stod-och-aktivitetsenheten", 2024, "verksamhetsplan"): "Lilla skafferiet",
        urls.document("bestallarenheten-aldre", 2024, "verksamhetsplan"): "Tryggt mottagande",
        urls.document("enheten-for-personligt-stod", 2024, "verksamhetsberattelse"): "MEDVIND",
    }
    for page, word in expected.items():
        assert word in text_by_page.get(page, ""), (page, word)


def test_swedish_stemmer_ships_with_the_site(site):
    assert list((site / "assets" / "javascripts" / "lunr" / "min").glob("lunr.sv.min.js"))
