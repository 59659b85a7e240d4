"""Every document's content as JSON and its tables as CSV, listed on the data page with a licence."""

from __future__ import annotations

import csv
import io
import json
import os
import posixpath
import subprocess
import sys
from pathlib import Path

import pytest

from macros.build import workers
from macros.site import exports, urls
from macros.model.load import load

REPORT = urls.document("enheten-for-personligt-stod", 2024, "verksamhetsberattelse")
PLAN_001 = urls.document("stod-och-aktivitetsenheten", 2024, "verksamhetsplan")


def test_report_json_holds_the_document_and_what_it_refers_to(site):
    data = json.loads((site / REPORT / "data.json").read_text(encoding="utf-8"))
    assert data["enhet"]["namn"] == "Enheten för personligt stöd" and data["ar"] == 2024
    assert data["dokument"]["huvud"]["dnr"] == "HÄ 2024/696"
    goals = {g["id"]: g for b in data["dokument"]["mal"] for n in b["namndmal"] for g in n["enhetsmal"]}
    assert goals["god-arbetsmiljo"]["status"] == "helt"
    assert any(n["id"] == "attraktiv-arbetsgivare" and "trygga anställningsvillkor" in n["beskrivning"] for n in data["namndmal"])
    assert {i["id"] for i in data["indikatorer"]} >= {"sjukfranvaro", "aktivt-medskapandeindex"}
    assert (site / REPORT / data["schema"]).resolve().exists()


def test_csv_tables(site):
    rows = list(csv.DictReader(io.StringIO((site / REPORT / "indikatorer.csv").read_text(encoding="utf-8"))))
    sick = next(r for r in rows if r["indikator"] == "sjukfranvaro")
    assert sick["utfall"] == "11.6" and sick["arsmal"] == "9" and sick["utfall_2023"] == "9.5"
    complaints = list(csv.DictReader(io.StringIO((site / REPORT / "klagomal.csv").read_text(encoding="utf-8"))))
    staff = next(r for r in complaints if r["kategori"] == "Medarbetare" and r["uppdelning"].startswith("Avvikelse"))
    assert (staff["t2"], staff["vb"], staff["totalt"]) == ("7", "46", "53")
    levels = list(csv.DictReader(io.StringIO((site / PLAN_001 / "ersattningsnivaer.csv").read_text(encoding="utf-8"))))
    assert len(levels) == 15
    first = levels[0]
    assert (first["ersattning_2024"], first["ersattning_2023"], first["hojning_kr"]) == ("1119", "1186", "-67")


def test_data_page_lists_every_download_with_a_licence(site, pages):
    page = pages[urls.open_data()]
    assert "Licens:" in page.text and "CC0" in page.text

    def targets(url: str) -> set[str]:
        return {posixpath.normpath(posixpath.join(url, href)) for _, href in pages[url].links}

    # The data page lists the schemas and links one page per förvaltning with its documents' files
    # (one list of every file would grow with the city).
    board_pages = sorted(u for u in pages if u.startswith(urls.open_data()) and u != urls.open_data())
    assert board_pages and {u.rstrip("/") for u in board_pages} <= targets(urls.open_data())
    listed = {t for u in [urls.open_data(), *board_pages] for t in targets(u) if t.endswith((".json", ".csv"))}
    for u in board_pages:
        assert "CC0" in pages[u].text
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in (".json", ".csv")
             and "pagefind" not in p.parts and "assets" not in p.parts}
    assert listed == files and len(files) >= 4 + 7
    for kind in ("verksamhetsplan", "verksamhetsberattelse"):
        assert json.loads((site / urls.schema_file(kind)).read_text(encoding="utf-8"))["title"]


def test_document_page_offers_its_downloads(pages):
    hrefs = [h for _, h in pages[REPORT].links]
    assert "data.json" in hrefs and "klagomal.csv" in hrefs and "indikatorer.csv" in hrefs


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
