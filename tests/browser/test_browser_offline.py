"""No page loads anything from another host: the site works on an intranet without internet."""

from __future__ import annotations

from browser_util import is_local, search
from test_links import PAGE_KINDS


def test_no_request_leaves_the_local_server(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    requests: list[tuple[str, str]] = []
    try:
        page = context.new_page()
        page.on("request", lambda r: requests.append((page.url, r.url)))
        for path in PAGE_KINDS.values():
            page.goto(base_url + path, wait_until="networkidle")
        search(page, "medarbetarna")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    outside = sorted({f"{url}  (from {on})" for on, url in requests if not is_local(url)})
    assert not outside, "requests to other hosts:\n" + "\n".join(outside)
    # The recorder sees the search worker's requests too, so a quiet page is not a blind one.
    seen = {url for _, url in requests}
    assert any(u.endswith("/search/search_index.json") for u in seen)
    assert any("/lunr/min/lunr.sv" in u for u in seen)
