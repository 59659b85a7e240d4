"""Every page carries one Content-Security-Policy that allows the site's own scripts only (issue 10)."""

from __future__ import annotations

import base64
import hashlib

from builtsite import parse_markup


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def test_every_page_carries_the_policy_and_it_allows_its_inline_scripts(site):
    policy = (site / "content-security-policy.txt").read_text(encoding="utf-8").strip()
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    script_src = directives["script-src"].split()
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    inline = 0
    for path in pages:
        page = parse_markup(path)
        assert page.csp == [policy], path  # the same policy the web server sends as a header
        for script in page.inline_scripts:
            assert _sha256(script) in script_src, (path, script[:60])
            inline += 1
    assert inline >= len(pages)  # the theme's own inline scripts are on every page, allowed by hash


def test_no_inline_script_of_our_own(site):
    """The search page's and the tables' scripts are files; what remains inline is the theme's."""
    search = parse_markup(site / "sok" / "index.html")
    assert all("Pagefind" not in s and "pl-" not in s for s in search.inline_scripts)
