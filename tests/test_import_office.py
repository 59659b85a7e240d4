"""The importer on documents made by real office software (tests/officedocs.py: LibreOffice's .docx and
PDF, pdftotext's text exports, in several layouts), and the accounting every import must keep: each
sentence of the input ends up in the draft, in the shared texts it refers to, in `oplacerat`, or is
counted as page furniture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import docgen
import importcheck
import officedocs
from builtsite import ROOT, SEEDS
from macros.cli.main import main
from macros.importer import draft, read_blocks
from macros.importer.blocks import key, sentences
from macros.importer.recognise.letterhead import split_letterhead
from macros.importer.recognise.words import near

SEED_DOCS = [
    ("000_4d7db903a6153a98.txt", "enheten-for-personligt-stod", "verksamhetsplan"),
    ("001_6776db6ffd2bdf55.txt", "stod-och-aktivitetsenheten", "verksamhetsplan"),
    ("003_cd903950bc453d09.txt", "bestallarenheten-aldre", "verksamhetsplan"),
    ("004_0b7d0c2a847c3e8d.txt", "enheten-for-personligt-stod", "verksamhetsberattelse"),
]
LAYOUTS = officedocs.LAYOUTS + officedocs.HELD_OUT
UNIT = {seed[:3]: (unit, kind) for seed, unit, kind in SEED_DOCS}


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> dict:
    missing = officedocs.tools_missing()
    if missing:
        # Installed by scripts/setup --office (scripts/test asks for it): missing, the setup is broken.
        pytest.fail(f"{', '.join(missing)} missing: run scripts/setup --office (Debian's libreoffice-writer-nogui, poppler-utils)")
    return officedocs.make(ROOT, ROOT / "data", tmp_path_factory.mktemp("office"), SEED_DOCS, LAYOUTS)


def import_into_copy(path: Path, unit: str, kind: str, tmp: Path, capsys) -> tuple[int, str, Path]:
    data = importcheck.data_copy(ROOT, tmp, unit, kind)
    code = main(["importera", str(path), "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", str(data)])
    out = capsys.readouterr()
    return code, out.out + out.err, data


def curated(unit: str, kind: str) -> dict:
    return yaml.safe_load((ROOT / "data" / "enheter" / unit / "2024" / f"{kind}.yaml").read_text(encoding="utf-8"))


CASES = [(prefix, layout.name) for prefix in UNIT for layout in LAYOUTS]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("prefix,layout", CASES, ids=[f"{p}-{n}" for p, n in CASES])
def test_word_file_and_pdf_from_libreoffice_import_completely(prefix, layout, fmt, office, tmp_path, capsys):
    """Heading styles or bold paragraphs, ruled or unruled tables, a letterhead in one paragraph or
    many, running headers and four-line footers: the draft has the curated goal tree, indicators,
    tables and letterhead, and validates."""
    unit, kind = UNIT[prefix]
    code, out, data = import_into_copy(office[(prefix, layout)][fmt], unit, kind, tmp_path, capsys)
    assert code == 0, out
    draft_ = yaml.safe_load((data / "enheter" / unit / "2024" / f"{kind}.yaml").read_text(encoding="utf-8"))
    assert importcheck.incomplete(curated(unit, kind), draft_, kind) == []
    share, missing = importcheck.coverage(curated(unit, kind), draft_)
    assert share >= 0.98, missing[:5]
    # Nothing invented: no indicator or nämndmål drafted into the year's shared files.
    assert "Inte i de gemensamma filerna" not in out, out


@pytest.mark.parametrize("fmt", ["layout.txt", "txt"])
@pytest.mark.parametrize("prefix,layout", CASES, ids=[f"{p}-{n}" for p, n in CASES])
def test_pdftotext_export_keeps_its_structure(prefix, layout, fmt, office, tmp_path, capsys):
    """A text export (pdftotext, with and without -layout) has lost styles, sizes and rules: its
    letterhead and goal headings still come through, its page furniture is noise, not text."""
    unit, kind = UNIT[prefix]
    code, out, data = import_into_copy(office[(prefix, layout)][fmt], unit, kind, tmp_path, capsys)
    draft_ = yaml.safe_load((data / "enheter" / unit / "2024" / f"{kind}.yaml").read_text(encoding="utf-8"))
    cur = curated(unit, kind)
    assert importcheck.letterhead(draft_) == importcheck.letterhead(cur)
    assert [a for a, _ in importcheck.goal_tree(draft_)] == [a for a, _ in importcheck.goal_tree(cur)]
    placed_text = yaml.safe_dump({k: v for k, v in draft_.items() if k != "oplacerat"}, allow_unicode=True)
    curated_text = yaml.safe_dump(cur, allow_unicode=True)
    for furniture in officedocs.FOOTER + ["Sida 2 ("]:
        assert placed_text.count(furniture) <= curated_text.count(furniture), furniture
    share, missing = importcheck.coverage(cur, draft_)
    assert share >= 0.93, missing[:5]


DEV_CASES = [(prefix, layout.name) for prefix in UNIT for layout in officedocs.LAYOUTS]


@pytest.mark.parametrize("fmt", ["layout.txt", "txt"])
@pytest.mark.parametrize("prefix,layout", DEV_CASES, ids=[f"{p}-{n}" for p, n in DEV_CASES])
def test_pdftotext_export_of_a_development_layout_imports_completely(prefix, layout, fmt, office, tmp_path, capsys):
    """The floor the development layouts reached (scripts/bench_import): a text export, with or without
    -layout, has the curated goal tree, indicators, tables and letterhead, validates, and at least 98 %
    of the curated sentences placed. One known gap: the report's complaints table without -layout,
    whose counts pdftotext writes apart from their categories and periods; there only that table may
    differ (not read, its cells kept as text)."""
    unit, kind = UNIT[prefix]
    code, out, data = import_into_copy(office[(prefix, layout)][fmt], unit, kind, tmp_path, capsys)
    draft_ = yaml.safe_load((data / "enheter" / unit / "2024" / f"{kind}.yaml").read_text(encoding="utf-8"))
    cur = curated(unit, kind)
    assert code == 0, out
    lacks = importcheck.incomplete(cur, draft_, kind)
    if fmt == "txt" and kind == "verksamhetsberattelse":
        assert lacks in ([], ["tabeller"]), lacks
        assert importcheck.loose(importcheck.tables(draft_)[:-1]) == importcheck.loose(importcheck.tables(cur)[:-1])
    else:
        assert lacks == []
    share, missing = importcheck.coverage(cur, draft_)
    assert share >= 0.98, missing[:5]


# --- nothing silently lost ---------------------------------------------------------------------------

# Numbers the site computes (a compensation table's change, a complaint's total) or holds as numbers;
# in a table cell, a quantity (its number held as a number, its unit in the indicator's definition).
_NUMBER = re.compile(r"^[−+-]?\d[\d  ,.]*\s*(%|st|kr|kronor)?$")
_QUANTITY = re.compile(r"^[−+-]?\d[\d  ,.]*\s*[^\d\s]")
_NUMBERING = re.compile(r"^\d+(\.\d+)*\.?\s+")  # "1.3 Stockholms stad …": a goal's number, its id


def unaccounted(path: Path, unit: str, kind: str) -> list[str]:
    """The input's sentences (table cells one by one) found neither in the draft (`oplacerat`
    included), nor in the shared texts and the plan it refers to, nor among what was counted as noise."""
    doc, r = draft(path, unit, 2024, kind, ROOT / "data")
    shared = [p.read_text(encoding="utf-8") for p in [ROOT / "data" / "stad" / "2024.yaml",
                                                       *sorted((ROOT / "data" / "namnder").glob("*/2024.yaml"))]]
    if kind == "verksamhetsberattelse":
        shared.append((ROOT / "data" / "enheter" / unit / "2024" / "verksamhetsplan.yaml").read_text(encoding="utf-8"))
    hay = key(" ".join([yaml.safe_dump(doc, allow_unicode=True), yaml.safe_dump(r.new_boards + r.new_indicators, allow_unicode=True),
                        *shared, *r.c.noise_texts, *r.c.structure_texts]))
    # Shared texts are compared allowing a typo or two (words.near), as the recogniser compares them.
    shared_keys = {key(s) for text in shared for s in sentences(text)}
    lost = []
    # The reader's blocks, letterhead lines it joined split apart again (as the recogniser does).
    for b in split_letterhead(read_blocks(path, r.shared.known())):
        if b.kind == "noise":
            continue
        pieces = b.cells if b.kind == "row" else sentences(b.text)
        for piece in pieces:
            piece = piece.strip()
            k = key(_NUMBERING.sub("", piece))
            if (not k or _NUMBER.match(piece) or (b.kind == "row" and _QUANTITY.match(piece))
                    or k in hay or near(k, shared_keys)):
                continue
            lost.append(f"{b.where}: {piece[:80]}")
    return lost


def every_imported_document(tmp: Path, office: dict) -> list[tuple[str, Path, str, str]]:
    docs = []
    for seed, unit, kind in SEED_DOCS:
        if SEEDS.exists():
            docs.append((f"seed-{seed[:3]}", SEEDS / seed, unit, kind))
            plain = docgen.text_export_items((SEEDS / seed).read_text(encoding="utf-8"))
            docs.append((f"plain-docx-{seed[:3]}", docgen.write_docx(plain, tmp / f"{seed[:3]}-plain.docx"), unit, kind))
            docs.append((f"plain-pdf-{seed[:3]}", docgen.write_pdf(plain, tmp / f"{seed[:3]}-plain.pdf", unit), unit, kind))
        items = docgen.outline(ROOT / "data", unit, 2024, kind)
        docs.append((f"docgen-docx-{seed[:3]}", docgen.write_docx(items, tmp / f"{seed[:3]}.docx"), unit, kind))
        docs.append((f"docgen-pdf-{seed[:3]}", docgen.write_pdf(items, tmp / f"{seed[:3]}.pdf", unit), unit, kind))
    for (prefix, layout), paths in sorted(office.items()):
        unit, kind = UNIT[prefix]
        docs += [(f"office-{prefix}-{layout}-{fmt}", path, unit, kind) for fmt, path in paths.items()]
    return docs


def test_no_sentence_of_any_imported_document_is_silently_lost(office, tmp_path):
    """Every document the importer's tests import (seeds, generated Word files and PDFs, LibreOffice's
    files and pdftotext's exports): each sentence is placed, matched, listed unplaced or noise."""
    lost = {name: missing for name, path, unit, kind in every_imported_document(tmp_path, office)
            for missing in [unaccounted(path, unit, kind)] if missing}
    assert not lost, "\n".join(f"{name}: {len(m)} lost, e.g. {m[:3]}" for name, m in lost.items())
