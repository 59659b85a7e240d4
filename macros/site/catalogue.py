"""The DCAT-AP-SE 3.0 catalogue of the site's open data: what dataportal.se harvests.

Under the open data law (2022:818) an authority describes the data it publishes for dataportal.se,
which harvests an RDF file from an address the publisher registers (urls.catalogue()). The file is
made from the plan's lists of files (SitePlan.board_files) on every build, the incremental ones
too, since those lists are whole in both; it holds no build time, so the same data gives the same
bytes.

How datasets are cut: one per förvaltning and year, its distributions the files of that year's
plans and reports of the förvaltning's units. A förvaltning is who answers for its units'
documents, a year is the period they cover, and a reader looks for
"my district, this year". Cut per document kind and year instead, a dataset would list every
unit's files of the city (the synthetic city has some 8 files a unit and year: at 600 units
some 2 400 distributions on one portal page for plans alone) and change with any edit anywhere; per
förvaltning and year it holds a förvaltning's (some 170 at 600 units in 28 förvaltningar), and an
edit changes one dataset's date.

Nothing here knows MkDocs: the adapter passes the site's address and mkdocs.yml's settings.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from urllib.parse import quote

import jinja2

from . import exports, urls

TEMPLATE = "dcat.rdf"

# EU vocabularies that DCAT-AP-SE uses for formats, themes and languages.
_FILE_TYPES = {exports.JSON: "JSON", exports.CSV: "CSV", exports.XLSX: "XLSX"}
_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class OpenData:
    """mkdocs.yml `extra: oppna_data:`; every key may be left out (the default stands)."""

    utgivare: str = "Stockholms stad"
    # The publisher as dataportal.se names organisations: by organisation number (Stockholms stad 212000-0142).
    utgivare_uri: str = "http://dataportal.se/organisation/SE2120000142"
    licens: str = exports.LICENCE
    licens_uri: str = exports.LICENCE_URI
    licens_sida: str = exports.LICENCE_URL  # the licence in Swedish, for readers
    kontakt_namn: str = "Stockholms stad"
    kontakt_epost: str = ""
    kontakt_webb: str = "https://start.stockholm/"
    # The area the data covers: Stockholm in the EU's vocabulary of places.
    omrade_uri: str = "http://publications.europa.eu/resource/authority/place/SWE_STO"
    # Not a setting: the catalogue's absolute address (from site_url), which the open data page gives
    # for registering with dataportal.se.
    katalog: str = ""

    @classmethod
    def from_settings(cls, settings: "dict | None", site_url: str = "") -> "OpenData":
        settings = dict(settings or {})
        known = [f.name for f in fields(cls) if f.name != "katalog"]
        unknown = sorted(set(settings) - set(known))
        if unknown:
            raise ValueError(f"extra.oppna_data: okända nycklar {', '.join(unknown)} (kända: {', '.join(known)})")
        return cls(**{k: "" if v is None else str(v) for k, v in settings.items()},
                   katalog=absolute(site_url, urls.catalogue()) if site_url else urls.catalogue())

    @property
    def licence(self) -> tuple[str, str]:
        return self.licens, self.licens_uri


def absolute(site_url: str, path: str) -> str:
    return (site_url if site_url.endswith("/") else site_url + "/") + path


def datasets(board_files: dict[str, dict[tuple, tuple]], boards: dict, base: str) -> list[dict]:
    """One dataset per förvaltning and year (see the module's docstring), as plain values for the template."""
    out = []
    for board_id in sorted(board_files, key=lambda b: boards[b].forvaltning):
        board = boards[board_id]
        by_year: dict[int, list[tuple]] = {}
        for year, unit_name, kind_title, files, modified in board_files[board_id].values():
            by_year.setdefault(year, []).append((unit_name, kind_title, files, modified))
        for year in sorted(by_year, reverse=True):
            docs = sorted(by_year[year], key=lambda d: (d[0].lower(), d[1]))
            page = base + urls.open_data_board(board_id)
            dates = [d[3] for d in docs if d[3]]
            out.append({
                "uri": f"{page}#ar-{year}",
                "page": page,
                "title": f"Verksamhetsplaner och verksamhetsberättelser {year}, {board.forvaltning}",
                "description": (f"Enheternas verksamhetsplaner och verksamhetsberättelser för {year} i "
                                f"{board.forvaltning} ({len(docs)} dokument): varje dokument som JSON, med de mål "
                                "och indikatorer det hänvisar till, och dess tabeller (indikatorer, ersättningsnivåer, "
                                "synpunkter och klagomål) som CSV och Excel."),
                "forvaltning": board.forvaltning,
                "year": year,
                "modified": max(dates) if dates else None,
                "distributions": [_distribution(base, f) for _, _, files, _ in docs for f in files],
            })
    return out


def _distribution(base: str, file: tuple) -> dict:
    title, _label, path, media, size = file
    return {"uri": base + quote(path), "title": title, "media_type": _MEDIA_TYPE + media,
            "format": _FILE_TYPE + _FILE_TYPES[media], "size": size,
            "schema": base + urls.file_schema(path.split("/")[3]) if media == exports.JSON else None}


def rdf(env: jinja2.Environment, board_files: dict[str, dict[tuple, tuple]], boards: dict, base: str,
        settings: OpenData) -> bytes:
    """The catalogue as RDF/XML, every address absolute from `base` (MkDocs' site_url)."""
    base = base if base.endswith("/") else base + "/"
    found = datasets(board_files, boards, base)
    dates = [d["modified"] for d in found if d["modified"]]
    return env.get_template(TEMPLATE).render(
        catalogue_uri=base + urls.catalogue(), open_data=base + urls.open_data(),
        settings=settings, datasets=found, modified=max(dates) if dates else None,
    ).encode("utf-8")
