"""The search box finds an inflected Swedish word in the documents that hold it (Pagefind, Swedish stemming)."""

from __future__ import annotations

import re

from browser_util import search


def test_inflected_word_finds_the_documents(page, base_url, pages):
    page.goto(base_url)
    links = search(page, "medarbetarna")
    hrefs = links.evaluate_all("els => els.map(a => a.href)")
    assert hrefs, "no search results"
    documents = []
    for href in hrefs:
        assert href.startswith(base_url), f"a result outside the site's sub-path: {href}"
        path = href[len(base_url):].split("#")[0].split("?")[0]
        if re.fullmatch(r"enheter/[^/]+/\d{4}/(verksamhetsplan|verksamhetsberattelse)/", path):
            documents.append(path)
    assert documents, f"no document page among the results: {hrefs}"
    # The documents found hold the word or another form of it (stem 'medarbet').
    for path in documents:
        assert "medarbet" in pages[path].text.lower(), path
    # Every unit's plan speaks of its medarbetare, and each is found.
    plans = {p for p in documents if p.endswith("/verksamhetsplan/")}
    assert len(plans) >= 3, documents
    # The hits are marked in the results, and their number is a status a screen reader reads out.
    marked = {m.lower() for m in page.locator(".pagefind-ui__result mark").all_inner_texts()}
    assert "medarbetarna" in marked
    # Swedish stemming: other forms of the word are found too (medarbetare, medarbetarnas, ...).
    assert {m for m in marked if m.startswith("medarbet")} - {"medarbetarna"}, marked
    meta = page.locator(".pagefind-ui__message")
    assert meta.get_attribute("aria-live") == "polite" and "träffar" in meta.inner_text()
