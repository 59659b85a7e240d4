"""The Content-Security-Policy of every page: only the site's own files, and inline scripts by hash.

Defence in depth behind escaping: should text from the data ever become markup, a browser still
runs no script the build did not put there. The policy is the same on every page, so it can be sent
as a header too (README, publishing).
"""

from __future__ import annotations

import base64
import hashlib
import re

# An inline script: a <script> without src whose type is JavaScript (JSON data blocks don't run).
_INLINE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"?application/json)[^>]*>(.*?)</script>", re.S | re.I)


def sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(html: str) -> list[str]:
    return _INLINE.findall(html)


def policy(script_hashes: set[str]) -> str:
    """'wasm-unsafe-eval' lets Pagefind compile its WebAssembly; it allows no eval of JavaScript."""
    directives = [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(sorted(script_hashes)),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    return "; ".join(d.strip() for d in directives)


def allowing(pages: list[str]) -> set[str]:
    """The hashes of every inline script in the given pages' HTML."""
    return {sha256(script) for html in pages for script in inline_scripts(html)}


def unexpected(html: str, allowed: set[str], name: str) -> str:
    """html, or ValueError naming the first inline script the policy does not allow: a template
    change to account for, or text from the data that became markup; not something to publish."""
    for script in inline_scripts(html):
        if sha256(script) not in allowed:
            raise ValueError(f"{name}: ett inline-skript som sidornas Content-Security-Policy inte tillåter: {script[:60]!r}")
    return html
