"""No page loads anything from another host: the site works on an intranet without internet."""

from __future__ import annotations

from browser_util import is_local
from test_links import PAGE_KINDS


def test_no_request_leaves_the_local_server(tour):
    assert set(PAGE_KINDS) <= set(tour.visits)
    outside = sorted({f"{url}  (from {on})" for on, url in tour.requests if not is_local(url)})
    assert not outside, "requests to other hosts:\n" + "\n".join(outside)
    # The recorder sees the search's own requests too (Pagefind's index and wasm), so a quiet page is not a blind one.
    seen = {url for _, url in tour.requests}
    assert any("/pagefind/" in u for u in seen)
