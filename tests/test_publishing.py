"""Publishing: the address comes from the environment, "Redigera" links from MkDocs' repo_url and
edit_uri (to content/ for hand-written pages, to the data files for generated ones), none without."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from builtsite import ROOT, TEST_REPO_URL

UNIT = "enheten-for-personligt-stod"


def test_edit_links_follow_repo_url_and_edit_uri(pages):
    plan = pages[f"enheter/{UNIT}/2024/verksamhetsplan/"].html
    aside = plan[plan.index('<aside class="pl-redigera"'):]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', aside[: aside.index("</aside>")])
    assert links[0] == (f"{TEST_REPO_URL}/edit/main/data/enheter/{UNIT}/2024/verksamhetsplan.yaml",
                        f"data/enheter/{UNIT}/2024/verksamhetsplan.yaml")
    assert (f"{TEST_REPO_URL}/edit/main/data/stad/2024.yaml", "data/stad/2024.yaml") in links
    about = pages["om/"].html
    assert f'href="{TEST_REPO_URL}/edit/main/content/om.md"' in about  # MkDocs' own link, edit_uri -> content/
    # The repository link is plain: Material's would ask the host's API for stars (another host).
    assert 'data-md-component="source"' not in about and f'href="{TEST_REPO_URL}"' in about


def test_no_edit_links_without_repo_url_and_site_url_from_environment(tmp_path):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PLANER_SCOPE=f"enhet:{UNIT}",
               PLANER_SITE_URL="https://planer.example.se/planer/")
    for name in ("PLANER_REPO_URL", "PLANER_EDIT_URI", "PLANER_DATA", "PLANER_PUBLICERING"):
        env.pop(name, None)
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    plan = (out / f"enheter/{UNIT}/2024/verksamhetsplan/index.html").read_text(encoding="utf-8")
    about = (out / "om/index.html").read_text(encoding="utf-8")
    assert "pl-redigera" not in plan and "Redigera" not in plan
    assert "md-content__button" not in about and "edit/main" not in about
    assert f'<link rel="canonical" href="https://planer.example.se/planer/enheter/{UNIT}/2024/verksamhetsplan/">' in plan
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://planer.example.se/planer/om/</loc>" in sitemap and "localhost" not in sitemap
