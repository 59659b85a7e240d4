"""CSV and XLSX downloads are safe to open in a spreadsheet: text that would run as a formula is written as text.

Built from a copy of the bundled data (synthetic, in a tmp dir, never published) whose texts that end
up in CSV files start like formulas; the built site's CSV files are read back with the csv module.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from builtsite import ROOT, build_site
from macros.site import exports, urls

REPORT = urls.document("enheten-for-personligt-stod", 2024, "verksamhetsberattelse")
PLAN = urls.document("stod-och-aktivitetsenheten", 2024, "verksamhetsplan")
REPORT_FILES = REPORT + "enheten-for-personligt-stod-2024-verksamhetsberattelse"
PLAN_FILES = PLAN + "stod-och-aktivitetsenheten-2024-verksamhetsplan"

HYPERLINK = '=HYPERLINK("http://x","y")'

# (file under data/, text as in the file, replacement; every occurrence): each puts a formula-like text into a field
# that lands in a CSV download.
EDITS = [
    ("stad/2024.yaml", "namn: Sjukfrånvaro\n", f"namn: '{HYPERLINK}'\n"),  # indicator name
    ("enheter/enheten-for-personligt-stod/2024/verksamhetsberattelse.yaml",  # complaints: summary, group
     "        sammanfattning: 46 st avser alla uteslutande i grunden missnöje med schemaläggning.\n  - uppdelning: Beröm\n",
     "        sammanfattning: '@SUM(1)'\n  - uppdelning: '-2+3'\n"),
    ("enheter/enheten-for-personligt-stod/2024/verksamhetsberattelse.yaml",
     "namn: Lex Sarah\n", 'namn: "\\tLex Sarah"\n'),  # complaints: category, starting with a tab
    ("enheter/stod-och-aktivitetsenheten/2024/verksamhetsplan.yaml",
     "rubrik: Ersättning stödboende\n", "rubrik: '+1'\n"),  # compensation: group
    ("enheter/stod-och-aktivitetsenheten/2024/verksamhetsplan.yaml",
     "{niva: Nivå 2,", f"{{niva: '{HYPERLINK}',"),  # compensation: level
]


@pytest.fixture(scope="module")
def formula_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("csv-injection")
    data = base / "data"
    shutil.copytree(ROOT / "data", data)
    for rel, old, new in EDITS:
        path = data / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{rel}: no {old!r}; the bundled data changed, update EDITS"
        path.write_text(text.replace(old, new), encoding="utf-8")
    site = base / "site"
    build_site(site, data)
    return site


def _rows(site: Path, rel: str) -> list[dict[str, str]]:
    with open(site / rel, encoding="utf-8-sig", newline="") as f:  # with its byte-order mark
        return list(csv.DictReader(f))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_formula_texts_are_written_as_text(formula_site):
    indicators = _rows(formula_site, REPORT_FILES + "-indikatorer.csv")
    assert next(r for r in indicators if r["indikator"] == "sjukfranvaro")["namn"] == "'" + HYPERLINK
    complaints = _rows(formula_site, REPORT_FILES + "-klagomal.csv")
    assert "'-2+3" in {r["uppdelning"] for r in complaints}
    assert "'\tLex Sarah" in {r["kategori"] for r in complaints}
    staff = next(r for r in complaints if r["kategori"] == "Medarbetare" and r["uppdelning"].startswith("Avvikelse"))
    assert staff["sammanfattning"] == "'@SUM(1)"
    levels = _rows(formula_site, PLAN_FILES + "-ersattningsnivaer.csv")
    assert "'+1" in {r["grupp"] for r in levels}
    assert "'" + HYPERLINK in {r["niva"] for r in levels}


def test_no_text_cell_of_any_csv_starts_a_formula(formula_site):
    files = [p for p in formula_site.rglob("*.csv")]
    assert len(files) >= 6  # every CSV download of the bundled data
    for path in files:
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    if cell.startswith(exports.FORMULA_STARTS):
                        assert _is_number(cell), f"{path.relative_to(formula_site)}: formula-like cell {cell!r}"


def test_negative_numbers_stay_numbers(formula_site):
    raw = (formula_site / (PLAN_FILES + "-ersattningsnivaer.csv")).read_bytes().decode("utf-8-sig")
    levels = list(csv.DictReader(io.StringIO(raw, newline="")))
    first = levels[0]
    assert (first["ersattning_2024"], first["ersattning_2023"], first["hojning_kr"]) == ("1119", "1186", "-67")
    assert int(first["hojning_kr"]) == -67
    # Unquoted in the file, so a spreadsheet reads a number, not text.
    assert ",Nivå 1,1119,1186,-67\r\n" in raw


def _sheet_cells(path: Path) -> list:
    return [c for row in openpyxl.load_workbook(path).worksheets[0].iter_rows() for c in row]


def test_no_cell_of_any_xlsx_is_a_formula_and_texts_stay_as_written(formula_site):
    """In a workbook a cell stored as text is never evaluated: formula-like texts are kept as written
    (no apostrophe), as text cells, never as formulas."""
    files = sorted(formula_site.rglob("*.xlsx"))
    assert len(files) >= 6
    for path in files:
        cells = _sheet_cells(path)
        assert not [c.value for c in cells if c.data_type == "f"], path.name
    texts = {c.value for p in files for c in _sheet_cells(p) if c.data_type == "s"}
    assert {HYPERLINK, "@SUM(1)", "-2+3", "\tLex Sarah", "+1"} <= texts
    levels = _sheet_cells(formula_site / (PLAN_FILES + "-ersattningsnivaer.xlsx"))
    assert -67 in [c.value for c in levels if c.data_type == "n"]  # a negative number stays a number


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2+3", "@SUM(1)", "\tx", "\rx", HYPERLINK])
def test_safe_cell_prefixes_formula_texts(text):
    assert exports.safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-67, -0.5, 3.5, 0, "Nivå 1", "x=1", "", "'quoted"])
def test_safe_cell_leaves_numbers_and_plain_text(value):
    assert exports.safe_cell(value) == value


def test_open_data_page_tells_readers(pages):
    text = pages[urls.open_data()].text
    assert "har fått en apostrof (') först" in text and "inte räknar ut den som en formel" in text
    assert "Tal skrivs som tal, även negativa tal." in text
