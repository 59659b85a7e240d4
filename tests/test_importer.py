"""`python -m macros importera`: each seed document, and Word/PDF files made from the curated data,
imported into a copy of data/ and compared with the hand-curated YAML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from builtsite import ROOT, SEEDS
from macros.cli.main import main

import docgen
import importcheck
from importcheck import coverage, goal_tree, indicators, loose, tables

# The seeds are the team's shared documents beside the checkout (../shared/seeds), as for test_seeds.py.
needs_seeds = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not beside this checkout")

# seed file, unit, kind (see ../shared/seeds/README.md)
SEED_DOCS = [
    ("000_4d7db903a6153a98.txt", "enheten-for-personligt-stod", "verksamhetsplan"),
    ("001_6776db6ffd2bdf55.txt", "stod-och-aktivitetsenheten", "verksamhetsplan"),
    ("003_cd903950bc453d09.txt", "bestallarenheten-aldre", "verksamhetsplan"),
    ("004_0b7d0c2a847c3e8d.txt", "enheten-for-personligt-stod", "verksamhetsberattelse"),
]


def data_copy(tmp: Path, unit: str, kind: str) -> Path:
    return importcheck.data_copy(ROOT, tmp, unit, kind)


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["importera", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def check_same_as_curated(draft_path: Path, unit: str, kind: str, min_coverage: float = 0.98):
    curated = read(ROOT / "data" / "enheter" / unit / "2024" / f"{kind}.yaml")
    draft = read(draft_path)
    share, missing = coverage(curated, draft)
    assert share >= min_coverage, f"{share:.1%} of the curated sentences found; missing e.g. {missing[:5]}"
    assert goal_tree(draft) == goal_tree(curated) if kind == "verksamhetsberattelse" else \
        [(a, [(r, [t for t, _ in us]) for r, us in rs]) for a, rs in goal_tree(draft)] == \
        [(a, [(r, [t for t, _ in us]) for r, us in rs]) for a, rs in goal_tree(curated)]
    assert indicators(draft) == indicators(curated)
    assert tables(draft) == tables(curated)
    assert {k: str(v) for k, v in draft["huvud"].items()} == {k: str(v) for k, v in curated["huvud"].items()}
    assert draft.get("bilagor", []) == curated.get("bilagor", [])
    return draft


@pytest.mark.parametrize("seed,unit,kind", SEED_DOCS, ids=[s[0][:3] for s in SEED_DOCS])
@needs_seeds
def test_seed_imports_to_the_curated_data(seed, unit, kind, tmp_path, capsys):
    data = data_copy(tmp_path, unit, kind)
    code, out, err = run(capsys, SEEDS / seed, "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", data)
    assert code == 0, err
    last = out.strip().splitlines()[-1]
    assert "meningar placerade" in last and "oplacerade" in last and "exportbrus" in last
    draft = check_same_as_curated(data / "enheter" / unit / "2024" / f"{kind}.yaml", unit, kind)
    # Shared texts are referred to, not copied: no nämndmål description in the unit's draft.
    assert "Målet uppnås genom att invånare" not in yaml.safe_dump(draft, allow_unicode=True)
    assert main(["validate", str(data)]) == 0


@needs_seeds
def test_existing_draft_is_not_overwritten_without_skriv_over(tmp_path, capsys):
    seed, unit, kind = SEED_DOCS[0]
    data = data_copy(tmp_path, unit, kind)
    target = data / "enheter" / unit / "2024" / f"{kind}.yaml"
    target.write_text("# mine\n", encoding="utf-8")
    code, out, err = run(capsys, SEEDS / seed, "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", data)
    assert code == 1 and "--skriv-over" in err and len(err.strip().splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "# mine\n"
    code, out, err = run(capsys, SEEDS / seed, "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", data, "--skriv-over")
    assert code == 0 and target.read_text(encoding="utf-8").startswith("# yaml-language-server")


@needs_seeds
def test_new_unit_gets_enhet_yaml_and_unplaced_text_is_a_validate_warning(tmp_path, capsys):
    seed, _, kind = SEED_DOCS[0]
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    text = (SEEDS / seed).read_text(encoding="utf-8")
    # A sentence the importer cannot place: after the nämndmål heading, before any label.
    text = text.replace("### **Beskrivning**", "Den här meningen hör inte hemma någonstans.\n\n### **Beskrivning**", 1)
    doc = tmp_path / "plan.md"
    doc.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, doc, "--enhet", "ny-enhet", "--ar", "2024", "--typ", kind, "--data", data)
    assert code == 0, err
    assert "1 oplacerade" in out
    unit = read(data / "enheter" / "ny-enhet" / "enhet.yaml")
    assert unit["namnd"] == "hagersten-alvsjo"
    draft = read(data / "enheter" / "ny-enhet" / "2024" / f"{kind}.yaml")
    assert draft["oplacerat"][0]["text"] == "Den här meningen hör inte hemma någonstans."
    assert draft["oplacerat"][0]["kalla"].startswith("plan.md, rad ")
    assert main(["validate", str(data)]) == 0
    warning = next(ln for ln in capsys.readouterr().err.splitlines() if "Den här meningen hör inte hemma" in ln)
    # file:line:column of the entry and its field, like every other problem
    draft_lines = (data / "enheter" / "ny-enhet" / "2024" / f"{kind}.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, ln in enumerate(draft_lines, 1) if "Den här meningen hör inte hemma" in ln)
    assert f"enheter/ny-enhet/2024/{kind}.yaml:{line}:" in warning and "[oplacerat[0]]" in warning, warning
    # Text not yet on its place is not published: a publishing check refuses it.
    assert main(["validate", str(data), "--publicering"]) == 1


@pytest.mark.parametrize("seed,unit,kind", SEED_DOCS, ids=[s[0][:3] for s in SEED_DOCS])
def test_word_file_made_from_the_curated_data_imports_back(seed, unit, kind, tmp_path, capsys):
    items = docgen.outline(ROOT / "data", unit, 2024, kind)
    path = docgen.write_docx(items, tmp_path / "dokument.docx")
    data = data_copy(tmp_path, unit, kind)
    code, out, err = run(capsys, path, "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", data)
    assert code == 0, err
    assert " 0 oplacerade" in out, out
    check_same_as_curated(data / "enheter" / unit / "2024" / f"{kind}.yaml", unit, kind, min_coverage=1.0)
    assert main(["validate", str(data)]) == 0


def one_line_error(capsys, path: Path, tmp_path: Path, kind: str = "verksamhetsplan") -> str:
    data = data_copy(tmp_path, "enheten-for-personligt-stod", kind)
    code, out, err = run(capsys, path, "--enhet", "enheten-for-personligt-stod", "--ar", "2024", "--typ", kind, "--data", data)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert not (data / "enheter" / "enheten-for-personligt-stod" / "2024" / f"{kind}.yaml").exists()
    return lines[0]


def test_empty_file(tmp_path, capsys):
    (tmp_path / "tom.txt").write_text("", encoding="utf-8")
    assert one_line_error(capsys, tmp_path / "tom.txt", tmp_path).endswith("tom.txt: filen är tom")


@needs_seeds
def test_document_of_the_other_kind(tmp_path, capsys):
    line = one_line_error(capsys, SEEDS / "004_0b7d0c2a847c3e8d.txt", tmp_path)
    assert "är en verksamhetsberättelse" in line and "--typ verksamhetsberattelse" in line


def test_text_that_is_no_plan(tmp_path, capsys):
    (tmp_path / "recept.txt").write_text("Pannkakor\n\nVispa mjöl och mjölk.\n", encoding="utf-8")
    assert "ser inte ut som en verksamhetsplan" in one_line_error(capsys, tmp_path / "recept.txt", tmp_path)


def test_password_protected_word_file(tmp_path, capsys):
    # An encrypted .docx is an OLE container (what Word writes when a password is set).
    (tmp_path / "hemlig.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert "lösenordsskyddad" in one_line_error(capsys, tmp_path / "hemlig.docx", tmp_path)


def test_broken_word_file(tmp_path, capsys):
    (tmp_path / "trasig.docx").write_bytes(b"PK\x03\x04 not really a zip")
    assert "ingen läsbar Word-fil" in one_line_error(capsys, tmp_path / "trasig.docx", tmp_path)



@pytest.mark.parametrize("unit,kind", [(u, k) for _, u, k in SEED_DOCS], ids=[s[0][:3] for s in SEED_DOCS])
def test_pdf_made_from_the_curated_data_imports_back(unit, kind, tmp_path, capsys):
    items = docgen.outline(ROOT / "data", unit, 2024, kind)
    path = docgen.write_pdf(items, tmp_path / "dokument.pdf", f"Hägersten-Älvsjö stadsdelsförvaltning – {unit}")
    data = data_copy(tmp_path, unit, kind)
    code, out, err = run(capsys, path, "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", data)
    assert code == 0, err
    assert " 0 oplacerade" in out, out
    noise = int(out.split(" oplacerade, ")[1].split(" ")[0])
    assert noise >= 2 * 5  # a header and a page number on every page at least
    draft_path = data / "enheter" / unit / "2024" / f"{kind}.yaml"
    draft, curated = read(draft_path), read(ROOT / "data" / "enheter" / unit / "2024" / f"{kind}.yaml")
    share, missing = coverage(curated, draft)
    assert share == 1.0, missing[:5]
    assert [(a, [r for r, _ in rs]) for a, rs in goal_tree(draft)] == [(a, [r for r, _ in rs]) for a, rs in goal_tree(curated)]
    assert indicators(draft) == indicators(curated)
    assert loose(tables(draft)) == loose(tables(curated))
    assert main(["validate", str(data)]) == 0


def test_scanned_pdf_without_text(tmp_path, capsys):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 150, 200, style="F")  # what a scanner leaves: marks, no text
    pdf.output(str(tmp_path / "skannad.pdf"))
    assert "ingen text (inskannad" in one_line_error(capsys, tmp_path / "skannad.pdf", tmp_path)


def test_password_protected_pdf(tmp_path, capsys):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="ägare", user_password="hemligt")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Verksamhetsplan 2024")
    pdf.output(str(tmp_path / "hemlig.pdf"))
    assert "lösenordsskyddad" in one_line_error(capsys, tmp_path / "hemlig.pdf", tmp_path)


def test_unknown_file_type(tmp_path, capsys):
    (tmp_path / "plan.odt").write_bytes(b"x")
    assert "okänd filtyp '.odt'" in one_line_error(capsys, tmp_path / "plan.odt", tmp_path)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("seed,unit,kind", SEED_DOCS, ids=[s[0][:3] for s in SEED_DOCS])
@needs_seeds
def test_seed_as_a_plain_document_without_heading_styles(seed, unit, kind, fmt, tmp_path, capsys):
    """The seed pasted into Word with no heading styles at all, or printed from there to PDF (running
    headers, page numbers, hard-wrapped lines): structure from the text alone, like the plain exports."""
    text = (SEEDS / seed).read_text(encoding="utf-8")
    if fmt == "docx":
        path = docgen.text_export_to_docx(text, tmp_path / "inklistrad.docx")
    else:
        path = docgen.write_pdf(docgen.text_export_items(text), tmp_path / "utskrift.pdf",
                                f"Hägersten-Älvsjö stadsdelsförvaltning – {unit}")
    data = data_copy(tmp_path, unit, kind)
    code, out, err = run(capsys, path, "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", data)
    assert code == 0, err
    assert " 0 oplacerade" in out, out
    draft = read(data / "enheter" / unit / "2024" / f"{kind}.yaml")
    curated = read(ROOT / "data" / "enheter" / unit / "2024" / f"{kind}.yaml")
    share, missing = coverage(curated, draft)
    assert share >= 0.98, missing[:5]
    assert [(a, [r for r, _ in rs]) for a, rs in goal_tree(draft)] == [(a, [r for r, _ in rs]) for a, rs in goal_tree(curated)]
    assert indicators(draft) == indicators(curated)
    # A word cut inside a PDF table cell cannot always be told from a wrap at a space.
    same_tables = (lambda x: x) if fmt == "docx" else loose
    assert same_tables(tables(draft)) == same_tables(tables(curated))
    assert main(["validate", str(data)]) == 0


@needs_seeds
def test_shared_texts_missing_from_the_year_become_draft_entries_there(tmp_path, capsys):
    """A nämndmål and an indicator the shared files lack: written there as drafts, referred to by id."""
    seed, unit, kind = SEED_DOCS[0]
    data = data_copy(tmp_path, unit, kind)
    text = (SEEDS / seed).read_text(encoding="utf-8")
    text = text.replace("Nämndmål: Invånarna har tillgång till ett rikt kultur- och föreningsliv",
                        "Nämndmål: Alla invånare kan delta i kulturlivet oavsett funktionsförmåga")
    text = text.replace(" Sjukfrånvaro dag 1-14\t", " Andel medarbetare med friskvårdsbidrag\t")
    doc = tmp_path / "plan.md"
    doc.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, doc, "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", data)
    assert code == 0, err
    assert "nämndmål 'Alla invånare kan delta" in err and "indikator 'Andel medarbetare med friskvårdsbidrag'" in err
    board = read(data / "namnder" / "hagersten-alvsjo" / "2024.yaml")["namndmal"][-1]
    assert board["titel"] == "Alla invånare kan delta i kulturlivet oavsett funktionsförmåga" and board["kf_mal"] == "1.5"
    assert "Kultur och skapande integreras i verksamheternas löpande arbete." in board["beskrivning"]
    indicator = read(data / "stad" / "2024.yaml")["indikatorer"][-1]
    assert indicator["namn"] == "Andel medarbetare med friskvårdsbidrag"
    assert (indicator["enhet"], indicator["periodicitet"], indicator["kf_arsmal"]) == ("%", "Tertial", "Tas fram av nämnd/styrelse")
    draft = read(data / "enheter" / unit / "2024" / f"{kind}.yaml")
    area = next(b for b in draft["mal"] if b["kf_mal"] == "1.5")
    assert area["namndmal"] == [{"id": board["id"]}]
    assert {"indikator": indicator["id"], "arsmal": 3.5} in next(b for b in draft["mal"] if b["kf_mal"] == "3.4")["indikatorer"]
    assert "oplacerat" not in draft
    assert main(["validate", str(data)]) == 0


@needs_seeds
def test_draft_breaking_a_data_rule_is_written_and_the_problem_named(tmp_path, capsys):
    seed, unit, kind = SEED_DOCS[0]
    data = data_copy(tmp_path, unit, kind)
    text = (SEEDS / seed).read_text(encoding="utf-8").replace(
        "Uppföljningsmöten och brukarenkät.", "Uppföljningsmöten och [brukarenkät](javascript:alert(1)).", 1)
    doc = tmp_path / "plan.md"
    doc.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, doc, "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", data)
    assert code == 1
    assert "verksamhetsplan.yaml:" in err and "utkastet skrevs men har 1 fel" in err and "Traceback" not in err
    assert (data / "enheter" / unit / "2024" / f"{kind}.yaml").exists()
    assert main(["validate", str(data)]) == 1


@needs_seeds
def test_typed_complaint_total_that_disagrees_is_unplaced_not_kept(tmp_path, capsys):
    seed, unit, kind = SEED_DOCS[3]
    data = data_copy(tmp_path, unit, kind)
    text = (SEEDS / seed).read_text(encoding="utf-8").replace("\t7\t46\t53 st\t", "\t7\t46\t54 st\t", 1)
    doc = tmp_path / "vb.txt"
    doc.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, doc, "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", data)
    assert code == 0, err
    draft = read(data / "enheter" / unit / "2024" / f"{kind}.yaml")
    assert [u["orsak"] for u in draft["oplacerat"]] == ["totalen 54 i dokumentet skiljer sig från summan av perioderna (53)"]
    assert tables(draft) == tables(read(ROOT / "data" / "enheter" / unit / "2024" / f"{kind}.yaml"))
    assert main(["validate", str(data)]) == 0




@needs_seeds
def test_document_of_another_year(tmp_path, capsys):
    data = data_copy(tmp_path, "enheten-for-personligt-stod", "verksamhetsplan")
    shutil.copy(data / "stad" / "2024.yaml", data / "stad" / "2025.yaml")
    code, out, err = run(capsys, SEEDS / "000_4d7db903a6153a98.txt", "--enhet", "enheten-for-personligt-stod",
                         "--ar", "2025", "--typ", "verksamhetsplan", "--data", data)
    assert code == 1 and "dokumentet gäller 2024" in err and "--ar 2024" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, SEEDS / "000_4d7db903a6153a98.txt", "--enhet", "enheten-for-personligt-stod",
                         "--ar", "2026", "--typ", "verksamhetsplan", "--data", data)
    assert code == 1 and "stad/2026.yaml finns inte" in err


def test_ids_the_importer_makes_are_transliterated_as_the_sites_addresses():
    """One transliteration (site/urls.slug) for addresses and for the ids the importer drafts."""
    from macros.importer.recognise.words import slug as id_slug
    from macros.site.urls import slug as url_slug

    for title in ("Förskolan Älven", "Café Niño & Søster", "Enhet för ÅÄÖ-frågor"):
        assert id_slug(title, set()) == url_slug(title)
    taken: set[str] = set()
    assert [id_slug("Mål", taken), id_slug("Mål", taken)] == ["mal", "mal-2"]


@needs_seeds
def test_an_indicator_row_before_any_kf_goal_is_listed_not_a_crash(tmp_path, capsys):
    """A known indicator's row with no KF goal for a verksamhetsområde above it has nowhere to go: the editor is told where
    it stood (oplacerat), the import goes on (it stopped with an AttributeError)."""
    seed, unit, kind = SEED_DOCS[0]
    data = data_copy(tmp_path, unit, kind)
    text = (SEEDS / seed).read_text(encoding="utf-8")
    first_goal = "### **KF:s mål för verksamhetsområdet: 1.3"  # under the first inriktningsmål, before its goals
    assert first_goal in text
    table = "Indikator\tÅrsmål\tKF:s årsmål år 2024\tPeriodicitet\n Aktivt Medskapandeindex\t71\t83\tÅr\n\n"
    doc = tmp_path / "plan.txt"
    doc.write_text(text.replace(first_goal, table + first_goal, 1), encoding="utf-8")
    code, out, err = run(capsys, doc, "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", data)
    assert code == 0, err
    draft = read(data / "enheter" / unit / "2024" / f"{kind}.yaml")
    assert any("Aktivt Medskapandeindex" in u["text"] and "71" in u["text"] for u in draft["oplacerat"]), draft["oplacerat"]
