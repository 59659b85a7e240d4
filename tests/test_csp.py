"""Every page carries one Content-Security-Policy that allows the site's own scripts only (issue 10)."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys

from builtsite import ROOT, parse_markup


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


def test_a_page_with_an_inline_script_the_policy_does_not_allow_fails_the_build(tmp_path):
    """On whichever core the page is made (macros/build/workers.py), its error fails the build and
    is shown as the adapter's error (MkDocs' PluginError), not as a traceback."""
    copy = tmp_path / "checkout"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv*", ".git", "site", "synthetic", ".cache",
                                                              "__pycache__", "*.egg-info", "build"))
    template = copy / "overrides" / "sidor" / "dokument.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PLANER_CACHE="0", PLANER_WORKERS="2")
    env.pop("PLANER_DATA", None)
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")], cwd=copy,
                           env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode != 0
    assert "ett inline-skript som sidornas Content-Security-Policy inte tillåter: 'alert(1)'" in built.stderr
    assert "PluginError(" not in built.stderr  # the refusal as said, not wrapped in another error
    assert "Traceback" not in built.stderr
