"""What a publishing build refuses, and where the site's "Redigera" links to data files lead.

Builder-neutral: the settings come as MkDocs defines them (site_url, repo_url, edit_uri), since
other builders read the same mkdocs.yml.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .catalogue import OpenData
from ..model.load import Dataset

_YES = ("1", "true", "yes", "y", "ja", "j", "sant", "on")
_NO = ("", "0", "false", "no", "n", "nej", "falskt", "off", "none")


def truthy(value) -> bool:
    """`extra.publicering` (!ENV gives the environment's text): "1", "true", "ja" publish; "", "0",
    "false", "nej" do not. Anything else is refused: a "publishing" build that read as false would
    publish drafts."""
    if not isinstance(value, str):
        return bool(value)
    if value.strip().lower() not in _YES + _NO:
        raise ValueError(f"PLANER_PUBLICERING={value!r} förstås inte; skriv ja eller nej (eller 1 och 0); inget byggdes.")
    return value.strip().lower() in _YES


def refusals(ds: Dataset, site_url: str, open_data: OpenData) -> tuple[list[str], str]:
    """Why a publishing build must stop: (each problem on its line, the closing sentence), or
    ([], "") when it may publish. Refused: drafts (every file with something left in att_fylla or
    att_flytta, by line), a site_url that is not a published address (canonical links and the
    sitemap would point at the editor's own machine), and open data without a contact e-mail
    (DCAT-AP-SE requires one of the catalogue's contact point; only the city can say which)."""
    lines = []
    host = urlsplit(site_url or "").hostname or ""
    local = host in ("", "localhost", "127.0.0.1", "::1")
    if local:
        lines.append(f"site_url är {site_url or 'inte satt'}: sätt den publicerade adressen i PLANER_SITE_URL "
                     "(t.ex. https://intranat.example.se/planer/)")
    lines += [str(p) for p in ds.remaining_problems]
    if ds.remaining_problems:
        return lines, (f"{len(ds.remaining)} filer är utkast ({len(ds.remaining_problems)} saker kvar att fylla i); "
                       "inget publicerades.")
    if local:
        return lines, "Ingen publicerad adress (site_url); inget publicerades."
    if not open_data.kontakt_epost:
        return lines, ("extra.oppna_data.kontakt_epost saknas: dataportal.se kräver en e-postadress till "
                       "öppna datas kontaktpunkt (sätt PLANER_KONTAKT_EPOST); inget publicerades.")
    return [], ""


def data_edit_base(repo_url: str, edit_uri: str, repo_root: Path, docs_dir: Path, data_root: Path) -> str:
    """Where "Redigera" links to data files start: MkDocs' repo_url + edit_uri lead to docs_dir
    (content/); a data file's link is the same base with its path from the repository root.

    "" (no links) when repo_url or edit_uri is unset, or when the data is not inside the
    repository (PLANER_DATA elsewhere)."""
    if not repo_url or not edit_uri:
        return ""
    try:
        # Sources are named from the data directory's parent: data/enheter/<enhet>/...
        sources_root = data_root.resolve().parent.relative_to(repo_root.resolve())
        docs_rel = docs_dir.resolve().relative_to(repo_root.resolve())
    except ValueError:
        return ""
    docs_base = urljoin(repo_url if repo_url.endswith("/") else repo_url + "/", edit_uri)  # as MkDocs joins them
    up = "../" * len(docs_rel.parts)  # from content/ back to the repository root
    return urljoin(docs_base, up + (sources_root.as_posix() + "/" if sources_root.parts else ""))
