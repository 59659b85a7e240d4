"""The built site loads nothing from other hosts, so it works on an intranet without internet.

Every HTML, CSS and JS file is read for what a browser would fetch: src (and srcset, poster, data)
of any element, href of <link> (but not of links that only name a page, like rel=canonical) and of
SVG <image>/<use>, url(...) and @import in CSS (files, <style> and style attributes). Outbound
<a href="https://..."> links (to the repository's edit pages) are what a reader may click, not what
a page loads, and are allowed. The browser suite (tests/browser) checks the same at run time.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

# <link rel=...> values that only name another page: the browser fetches nothing for them.
NON_LOADING_RELS = {"canonical", "alternate", "next", "prev", "author", "license", "help", "bookmark", "me"}
LOADING_ATTRS = {"src", "srcset", "poster", "data", "imagesrcset"}
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)""", re.I)
# In scripts: markup or CSS built as strings, and workers' imports.
JS_SRC = re.compile(r"""\bsrc\s*=\s*\\?["'`]((?:https?:)?//[^"'`\\]+)""", re.I)
JS_IMPORT_SCRIPTS = re.compile(r"""importScripts\(\s*["'`]((?:https?:)?//[^"'`]+)""")


def is_remote(url: str) -> bool:
    """A URL naming a host: the site's own files are always referred to by relative paths."""
    url = url.strip()
    if url.startswith(("data:", "#", "blob:")) or not url:
        return False
    return bool(urlsplit(url).netloc) or url.startswith("//")


def srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def css_references(css: str) -> list[str]:
    refs = [next(g for g in m.groups() if g is not None) for m in CSS_URL.finditer(css)]
    refs += CSS_IMPORT.findall(css)
    return refs


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []  # "what: url"
        self._in_style = False
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        for key in LOADING_ATTRS & a.keys():
            for url in (srcset_urls(a[key]) if key.endswith("srcset") else [a[key]]):
                self.refs.append(f"<{tag} {key}>: {url}")
        if tag == "link" and "href" in a:
            rels = set(a.get("rel", "").lower().split())
            if not rels or not rels <= NON_LOADING_RELS:
                self.refs.append(f"<link rel={a.get('rel', '')}>: {a['href']}")
        if tag in ("image", "use", "feimage"):
            for key in ("href", "xlink:href"):
                if key in a:
                    self.refs.append(f"<{tag} {key}>: {a[key]}")
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.refs.append(f"<meta refresh>: {a.get('content', '').partition('url=')[2]}")
        if "style" in a:
            self.refs += [f"<{tag} style>: {u}" for u in css_references(a["style"])]
        self._in_style = tag == "style"
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._in_style = self._in_script = False

    def handle_data(self, data):
        if self._in_style:
            self.refs += [f"<style>: {u}" for u in css_references(data)]
        elif self._in_script:
            self.refs += [f"<script>: {u}" for u in js_references(data)]


def js_references(js: str) -> list[str]:
    return JS_SRC.findall(js) + JS_IMPORT_SCRIPTS.findall(js) + [u for u in css_references(js) if is_remote(u)] \
        + [u for u in CSS_IMPORT.findall(js) if is_remote(u)]


def remote_loads(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        parser = _Loads()
        parser.feed(text)
        refs = parser.refs
    elif path.suffix == ".css":
        refs = [f"url/@import: {u}" for u in css_references(text)]
    else:
        refs = [f"script: {u}" for u in js_references(text)]
    return [r for r in refs if is_remote(r.split(": ", 1)[1])]


def test_built_site_loads_nothing_from_other_hosts(site):
    files = [p for p in site.rglob("*") if p.suffix in (".html", ".css", ".js") and p.is_file()]
    assert len([p for p in files if p.suffix == ".html"]) >= 30
    assert any(p.suffix == ".css" for p in files) and any(p.suffix == ".js" for p in files)
    found = [f"{p.relative_to(site)}: {ref}" for p in sorted(files) for ref in remote_loads(p)]
    assert not found, "loads from other hosts:\n" + "\n".join(found[:50])


def test_the_scan_sees_what_it_looks_for(tmp_path):
    """The scanner itself: each kind of remote load is found, and what is allowed is let through."""
    page = tmp_path / "index.html"
    page.write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<link rel="canonical" href="https://example.org/">'
        '<script src="//cdn.example.org/x.js"></script>'
        '<img src="assets/ok.png" srcset="a.png 1x, https://img.example.org/b.png 2x">'
        '<style>@import "https://example.org/a.css"; body { background: url(data:image/png;base64,AA==) }</style>'
        '<div style="background-image: url(\'https://example.org/bg.png\')"></div>'
        '<a href="https://github.com/stockholm/verksamhetsplaner/edit/main/data/x.yaml">Redigera</a>',
        encoding="utf-8")
    css = tmp_path / "a.css"
    css.write_text('@font-face { src: url("https://fonts.gstatic.com/r.woff2") } .x { mask: url("data:image/svg+xml;'
                   "<svg xmlns='http://www.w3.org/2000/svg'/>\") }", encoding="utf-8")
    js = tmp_path / "a.js"
    js.write_text('el.innerHTML = "<img src=\\"https://example.org/p.gif\\">"; importScripts("https://example.org/w.js")',
                  encoding="utf-8")
    html_found = "\n".join(remote_loads(page))
    for expected in ("fonts.googleapis.com", "cdn.example.org", "img.example.org", "example.org/a.css", "example.org/bg.png"):
        assert expected in html_found, expected
    assert "canonical" not in html_found and "github.com" not in html_found
    assert [r.split(": ", 1)[1] for r in remote_loads(css)] == ["https://fonts.gstatic.com/r.woff2"]
    assert sorted(r.split(": ", 1)[1] for r in remote_loads(js)) == ["https://example.org/p.gif", "https://example.org/w.js"]


def test_the_themes_remote_fallbacks_stay_unused(site, pages):
    """mkdocs-material's script fetches from other hosts only for features this site does not use:
    Mermaid diagrams (unpkg.com), a repository's star count (api.github.com, needs repo_url) and a
    ResizeObserver polyfill (unpkg.com, for browsers without ResizeObserver: none in use today)."""
    users = {url: "mermaid" for url, p in pages.items() if 'class="mermaid"' in p.html}
    users |= {url: "repo_url" for url, p in pages.items() if 'data-md-component="source"' in p.html}
    assert not users, users
