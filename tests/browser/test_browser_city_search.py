"""On a synthetic city, the search box finds an inflected word in synthetic documents (Pagefind, Swedish)."""

from __future__ import annotations

import functools
import threading

from browser_util import QuietHandler, Server, all_results, new_context, search


def test_inflected_word_finds_synthetic_documents(browser, city_site_dir, city_site):
    server = Server(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(city_site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(base)
        links = search(page, "brukarna")
        paths = {h[len(base):].split("#")[0] for h in links.evaluate_all("els => els.map(a => a.href)")}
        documents = [p for p in paths if p.endswith(("/verksamhetsplan/", "/verksamhetsberattelse/"))]
        assert documents, paths
        assert all("bruk" in city_site[p].text.lower() for p in documents)
        assert "Syntetiska testdata" in page.content()
        # The latest year is searched first; "alla år" searches every year's index.
        years = sorted({p.split("/")[2] for p in city_site if p.endswith("/verksamhetsplan/")})
        assert {p.split("/")[2] for p in documents} == {years[-1]}
        page.select_option("#pl-ar", "alla")
        page.wait_for_url("**ar=alla*")
        every = {h[len(base):].split("#")[0] for h in all_results(page).evaluate_all("els => els.map(a => a.href)")}
        assert {p.split("/")[2] for p in every if p.endswith(("/verksamhetsplan/", "/verksamhetsberattelse/"))} > {years[-1]}
    finally:
        context.close()
        server.shutdown()
        server.server_close()
