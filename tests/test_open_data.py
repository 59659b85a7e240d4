"""Every document's content as JSON and its tables as CSV and XLSX, listed on the data page with a licence."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import posixpath
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from jsonschema import Draft202012Validator
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF

from builtsite import ROOT
from hostile import PAYLOAD

from macros.build import workers
from macros.site import exports, urls
from macros.model.load import load

REPORT_UNIT, PLAN_UNIT = "enheten-for-personligt-stod", "stod-och-aktivitetsenheten"
REPORT = urls.document(REPORT_UNIT, 2024, "verksamhetsberattelse")
PLAN_001 = urls.document(PLAN_UNIT, 2024, "verksamhetsplan")
REPORT_FILES = REPORT + f"{REPORT_UNIT}-2024-verksamhetsberattelse"
PLAN_FILES = PLAN_001 + f"{PLAN_UNIT}-2024-verksamhetsplan"
DATA_FILES = (".json", ".csv", ".xlsx")


def _csv_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: no byte-order mark (Excel would garble å/ä/ö)"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_report_json_holds_the_document_and_what_it_refers_to(site):
    data = json.loads((site / (REPORT_FILES + ".json")).read_text(encoding="utf-8"))
    assert data["enhet"]["namn"] == "Enheten för personligt stöd" and data["ar"] == 2024
    assert data["dokument"]["huvud"]["dnr"] == "HÄ 2024/696"
    goals = {g["id"]: g for b in data["dokument"]["mal"] for n in b["namndmal"] for g in n["enhetsmal"]}
    assert goals["god-arbetsmiljo"]["status"] == "helt"
    assert any(n["id"] == "attraktiv-arbetsgivare" and "trygga anställningsvillkor" in n["beskrivning"] for n in data["namndmal"])
    assert {i["id"] for i in data["indikatorer"]} >= {"sjukfranvaro", "aktivt-medskapandeindex"}
    assert data["licens_uri"] == "http://creativecommons.org/publicdomain/zero/1.0/"
    assert (site / REPORT / data["schema"]).resolve() == (site / urls.file_schema("verksamhetsberattelse")).resolve()


def _json_files(site: Path) -> list[Path]:
    # Pagefind's own index files (pagefind/) are its format, named by no schema and read by its script only.
    return [p for p in sorted(site.rglob("*.json")) if "pagefind" not in p.relative_to(site).parts]


def _validate_every_json_file(site: Path) -> int:
    """Every JSON file of the site validates against the schema it names; a schema, against JSON
    Schema's own. Returns how many documents' files were validated."""
    documents = 0
    for path in _json_files(site):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "$schema" in data:  # a schema itself
            assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema", path
            Draft202012Validator.check_schema(data)
            continue
        assert isinstance(data.get("schema"), str), f"{path.relative_to(site)} names no schema"
        schema = json.loads((path.parent / data["schema"]).read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in
                  Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(data)]
        assert errors == [], f"{path.relative_to(site)}: {errors[:3]}"
        documents += 1
    return documents


def test_every_json_file_validates_against_the_schema_it_names(site, city_site_dir):
    assert _validate_every_json_file(site) == 4  # the bundled data's four documents
    assert _validate_every_json_file(city_site_dir) > 20  # and a synthetic city's, with every kind of table


def test_the_file_schema_refuses_what_the_file_must_not_hold(site):
    """The schema describes the file, not only its `dokument`: a key too many or one missing fails it."""
    data = json.loads((site / (REPORT_FILES + ".json")).read_text(encoding="utf-8"))
    schema = json.loads((site / urls.file_schema("verksamhetsberattelse")).read_text(encoding="utf-8"))
    assert Draft202012Validator(schema).is_valid(data)
    assert not Draft202012Validator(schema).is_valid({**data, "okand": 1})
    assert not Draft202012Validator(schema).is_valid({k: v for k, v in data.items() if k != "enhet"})
    assert not Draft202012Validator(schema).is_valid({**data, "typ": "verksamhetsplan"})


def test_csv_tables(site):
    rows = _csv_rows(site / (REPORT_FILES + "-indikatorer.csv"))
    sick = next(r for r in rows if r["indikator"] == "sjukfranvaro")
    assert sick["utfall"] == "11.6" and sick["arsmal"] == "9" and sick["utfall_2023"] == "9.5"
    complaints = _csv_rows(site / (REPORT_FILES + "-klagomal.csv"))
    staff = next(r for r in complaints if r["kategori"] == "Medarbetare" and r["uppdelning"].startswith("Avvikelse"))
    assert (staff["t2"], staff["vb"], staff["totalt"]) == ("7", "46", "53")
    levels = _csv_rows(site / (PLAN_FILES + "-ersattningsnivaer.csv"))
    assert len(levels) == 15
    first = levels[0]
    assert (first["ersattning_2024"], first["ersattning_2023"], first["hojning_kr"]) == ("1119", "1186", "-67")


def _number(text: str):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return None


def test_each_csv_has_an_xlsx_beside_it_with_the_same_table_numbers_as_numbers(site, city_site_dir):
    checked = 0
    for root in (site, city_site_dir):
        for path in sorted(root.rglob("*.csv")):
            rows = _csv_rows(path)
            sheet = openpyxl.load_workbook(path.with_suffix(".xlsx"), read_only=True).worksheets[0]
            cells = list(sheet.iter_rows())
            header, body = cells[0], cells[1:]
            assert [c.value for c in header] == list(rows[0]) and all(c.font.b for c in header), path.name
            assert len(body) == len(rows), path.name
            for row, line in zip(body, rows):
                for cell, text in zip(row, line.values()):
                    if cell.value is None:
                        assert text == ""
                    elif _number(text) is not None and cell.data_type == "n":
                        assert cell.value == _number(text)
                    else:  # a text: the same text, but for the CSV's apostrophe before formula-like text
                        assert cell.data_type == "s" and text in (cell.value, "'" + cell.value), (path.name, text)
                    checked += cell.data_type == "n"
    assert checked > 100


def test_numbers_are_numbers_in_the_xlsx(site):
    sheet = openpyxl.load_workbook(site / (PLAN_FILES + "-ersattningsnivaer.xlsx")).worksheets[0]
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, [c.value for c in sheet[2]]))
    assert (first["ersattning_2024"], first["ersattning_2023"], first["hojning_kr"]) == (1119, 1186, -67)
    sick = next(dict(zip([c.value for c in s[1]], [c.value for c in row]))
                for s in [openpyxl.load_workbook(site / (REPORT_FILES + "-indikatorer.xlsx")).worksheets[0]]
                for row in s.iter_rows(min_row=2) if row[1].value == "sjukfranvaro")
    assert sick["utfall"] == 11.6 and isinstance(sick["utfall"], float)


def test_files_are_named_for_what_they_hold(site):
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in DATA_FILES
                   and p.parts[len(site.parts)] == "enheter")
    assert files and all(re.fullmatch(r"enheter/([a-z0-9-]+)/(\d{4})/(verksamhetsplan|verksamhetsberattelse)/"
                                      r"\1-\2-\3(-indikatorer|-ersattningsnivaer|-klagomal)?\.(json|csv|xlsx)", f)
                         for f in files), files
    assert not any(p.name == "data.json" for p in site.rglob("*.json"))


def test_data_page_lists_every_download_with_a_licence(site, pages):
    page = pages[urls.open_data()]
    assert "Licens:" in page.text and "CC0" in page.text

    def targets(url: str) -> set[str]:
        return {posixpath.normpath(posixpath.join(url, href)) for _, href in pages[url].links}

    # The data page lists the schemas and links one page per förvaltning with its documents' files
    # (one list of every file would grow with the city).
    board_pages = sorted(u for u in pages if u.startswith(urls.open_data()) and u != urls.open_data())
    assert board_pages and {u.rstrip("/") for u in board_pages} <= targets(urls.open_data())
    listed = {t for u in [urls.open_data(), *board_pages] for t in targets(u) if t.endswith(DATA_FILES)}
    for u in board_pages:
        assert "CC0" in pages[u].text
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in DATA_FILES
             and "pagefind" not in p.parts and "assets" not in p.parts}
    assert listed == files and len(files) >= 4 + 7 + 7
    for kind in ("verksamhetsplan", "verksamhetsberattelse"):
        assert json.loads((site / urls.schema_file(kind)).read_text(encoding="utf-8"))["title"]
        assert json.loads((site / urls.file_schema(kind)).read_text(encoding="utf-8"))["title"]


def test_data_page_states_formats_and_the_catalogues_address(pages):
    page = pages[urls.open_data()]
    assert "UTF-8 med byte-order-markering (BOM), kommatecken mellan fälten, punkt som decimaltecken" in page.text
    assert "Excel (.xlsx)" in page.text and "tal som tal" in page.text
    assert "DCAT-AP-SE" in page.text and "http://localhost:8000/datasets/dcat.rdf" in page.text
    assert "datasets/dcat.rdf" in {posixpath.normpath(posixpath.join(urls.open_data(), h)) for _, h in page.links}


def test_document_page_offers_its_downloads_in_swedish_words(pages):
    links = dict((text, href) for href, text in _link_texts(pages[REPORT].html))
    stem = f"{REPORT_UNIT}-2024-verksamhetsberattelse"
    assert links["Hela dokumentet (JSON)"] == stem + ".json"
    assert links["Indikatorer (CSV)"] == stem + "-indikatorer.csv"
    assert links["Indikatorer (Excel)"] == stem + "-indikatorer.xlsx"
    assert links["Synpunkter och klagomål (CSV)"] == stem + "-klagomal.csv"
    assert links["Synpunkter och klagomål (Excel)"] == stem + "-klagomal.xlsx"


def test_board_page_names_files_in_swedish_words(pages):
    board = pages[urls.open_data_board("hagersten-alvsjo")].html
    texts = {text for href, text in _link_texts(board) if href.endswith(DATA_FILES)}
    assert texts == {"Hela dokumentet (JSON)", "Indikatorer (CSV)", "Indikatorer (Excel)", "Ersättningsnivåer (CSV)",
                     "Ersättningsnivåer (Excel)", "Synpunkter och klagomål (CSV)", "Synpunkter och klagomål (Excel)"}


def _link_texts(html: str) -> list[tuple[str, str]]:
    return [(h, unescape(t)) for h, t in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html)]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: nothing is shared among processes")
def test_each_documents_files_are_its_own_whichever_core_made_them(tmp_path, monkeypatch):
    """A city's documents' JSON and CSV files are made on every core (exports.document_downloads):
    each document still gets its own files, the same as when one process makes them all."""
    root = Path(__file__).resolve().parent.parent
    data = tmp_path / "data"
    subprocess.run([sys.executable, "scripts/synth_city.py", "--out", str(data), "--boards", "3", "--units", "40",
                    "--years", "3", "--seed", "5"], cwd=root, check=True, capture_output=True)
    ds = load(data)
    docs = [(u, y, "verksamhetsplan", d) for (u, y), d in sorted(ds.plans.items())] + \
           [(u, y, "verksamhetsberattelse", d) for (u, y), d in sorted(ds.reports.items())]
    assert len(docs) >= 200  # enough to be shared among processes
    monkeypatch.setenv("PLANER_WORKERS", "1")
    by_one = exports.document_downloads(ds, docs)
    monkeypatch.setenv("PLANER_WORKERS", "2")
    # Forked also beside the threads other tests leave idle in this process (the browser tests'
    # servers): the pool refuses to fork beside threads (serve's), which would compare one with one.
    monkeypatch.setattr(workers, "can_fork", lambda: True)
    assert workers.count(len(docs), 200) == 2
    by_two = exports.document_downloads(ds, docs)
    assert by_two == by_one
    for (unit_id, year, kind, _), files in zip(docs, by_two):
        assert files and all(f.path.startswith(urls.document(unit_id, year, kind)) for f in files)
        assert json.loads(files[0].content)["ar"] == year


# --- The DCAT-AP-SE catalogue --------------------------------------------------------------------
# No package ships DCAT-AP-SE's SHACL shapes (nor is pyshacl in the project's package index), so the
# test checks DCAT-AP-SE 3.0's mandatory properties itself, on the graph rdflib reads from the file.

DCAT = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
PUBLISHED = "https://planer.example.se/planer/"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The bundled data built for a published address, with a contact e-mail set (mkdocs.yml's !ENV)."""
    out = tmp_path_factory.mktemp("published")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PLANER_SITE_URL=PUBLISHED, PLANER_KONTAKT_EPOST="oppna.data@example.se",
               PLANER_CACHE="0")
    for name in ("PLANER_DATA", "PLANER_SCOPE", "PLANER_PUBLICERING"):
        env.pop(name, None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _graph(site: Path) -> Graph:
    g = Graph()
    g.parse(site / urls.catalogue(), format="xml")
    return g


def _one(g: Graph, subject, prop):
    values = list(g.objects(subject, prop))
    assert len(values) == 1, (subject, prop, values)
    return values[0]


def _swedish_text(g: Graph, subject, prop) -> str:
    value = _one(g, subject, prop)
    assert isinstance(value, Literal) and value.language == "sv" and str(value).strip(), (subject, prop, value)
    return str(value)


def test_catalogue_has_dcat_ap_se_mandatory_properties(published):
    g = _graph(published)
    catalogue = URIRef(PUBLISHED + "datasets/dcat.rdf")
    assert (catalogue, RDF.type, DCAT.Catalog) in g
    _swedish_text(g, catalogue, DCTERMS.title)
    _swedish_text(g, catalogue, DCTERMS.description)
    publisher = _one(g, catalogue, DCTERMS.publisher)
    assert publisher == URIRef("http://dataportal.se/organisation/SE2120000142")
    assert (publisher, RDF.type, FOAF.Agent) in g and str(_one(g, publisher, FOAF.name)) == "Stockholms stad"
    assert _one(g, catalogue, DCTERMS.license) == URIRef("http://creativecommons.org/publicdomain/zero/1.0/")

    datasets = set(g.objects(catalogue, DCAT.dataset))
    assert datasets == set(g.subjects(RDF.type, DCAT.Dataset))
    # One per förvaltning and year: the bundled data has one förvaltning and one year.
    assert datasets == {URIRef(PUBLISHED + "oppna-data/hagersten-alvsjo/#ar-2024")}
    for d in datasets:
        assert "2024" in _swedish_text(g, d, DCTERMS.title)
        _swedish_text(g, d, DCTERMS.description)
        assert _one(g, d, DCTERMS.publisher) == publisher
        contact = _one(g, d, DCAT.contactPoint)
        assert str(_one(g, contact, VCARD.fn)) and _one(g, contact, VCARD.hasEmail) == URIRef("mailto:oppna.data@example.se")
        assert _one(g, d, DCAT.theme) == URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")
        assert _one(g, d, DCTERMS.spatial) == URIRef("http://publications.europa.eu/resource/authority/place/SWE_STO")
        period = _one(g, d, DCTERMS.temporal)
        assert (_one(g, period, DCAT.startDate).toPython(), _one(g, period, DCAT.endDate).toPython()) == \
            (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
        # The latest date of its documents (the bundled report's is 2025-03-20).
        assert _one(g, d, DCTERMS.modified).toPython() == datetime.date(2025, 3, 20)
        assert _one(g, d, DCAT.landingPage) == URIRef(PUBLISHED + "oppna-data/hagersten-alvsjo/")


def test_catalogue_lists_every_data_file_at_its_published_address(published):
    g = _graph(published)
    files = {p.relative_to(published).as_posix(): p for p in published.rglob("*") if p.suffix in DATA_FILES
             and p.relative_to(published).parts[0] == "enheter"}
    distributions = set(g.subjects(RDF.type, DCAT.Distribution))
    assert {str(d) for d in distributions} == {PUBLISHED + f for f in files}
    assert set(g.subject_objects(DCAT.distribution)) == {(d, o) for d in g.subjects(RDF.type, DCAT.Dataset)
                                                        for o in distributions}
    formats = {".json": "JSON", ".csv": "CSV", ".xlsx": "XLSX"}
    for d in distributions:
        rel = str(d).removeprefix(PUBLISHED)
        assert _one(g, d, DCAT.accessURL) == d and _one(g, d, DCAT.downloadURL) == d
        assert _one(g, d, DCTERMS.license) == URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
        assert _one(g, d, DCTERMS.format) == URIRef("http://publications.europa.eu/resource/authority/file-type/"
                                                    + formats[Path(rel).suffix])
        assert _one(g, d, DCAT.byteSize).toPython() == files[rel].stat().st_size
        _swedish_text(g, d, DCTERMS.title)
        if rel.endswith(".json"):
            kind = rel.split("/")[3]
            assert _one(g, d, DCTERMS.conformsTo) == URIRef(PUBLISHED + urls.file_schema(kind))


def test_data_page_gives_the_published_catalogue_address(published):
    page = (published / urls.open_data() / "index.html").read_text(encoding="utf-8")
    assert f"<code>{PUBLISHED}datasets/dcat.rdf</code>" in page


def test_catalogue_holds_texts_from_the_data_as_text(hostile_site):
    """Names from the data that look like markup are the catalogue's text, not its XML."""
    g = _graph(hostile_site)
    (dataset,) = g.subjects(RDF.type, DCAT.Dataset)
    assert _swedish_text(g, dataset, DCTERMS.title).endswith(", " + PAYLOAD)
    assert PAYLOAD in set(map(str, g.objects(dataset, DCAT.keyword)))
    assert all(_swedish_text(g, d, DCTERMS.title).startswith(("Verksamhetsplan 2024, " + PAYLOAD,
                                                              "Verksamhetsberättelse 2024, " + PAYLOAD))
               for d in g.subjects(RDF.type, DCAT.Distribution))
