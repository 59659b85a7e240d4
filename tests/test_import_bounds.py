"""The importer bounds what it reads and writes (issue 22): hostile documents end in one Swedish
line with nothing written; drafts are written within the data files' limit, with the umask's mode,
and a file's name cannot add a line to them."""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from builtsite import SEEDS
from macros.importer import bounds
from macros.importer.blocks import ImportFault
from test_importer import SEED_DOCS, data_copy, needs_seeds, one_line_error, run


def test_word_file_with_thousands_of_parts(tmp_path, capsys):
    path = tmp_path / "delar.docx"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(bounds.MAX_ENTRIES + 1):
            z.writestr(f"word/media/{i}.bin", b"")
    assert f"har {bounds.MAX_ENTRIES + 1} delar" in one_line_error(capsys, path, tmp_path)


def test_word_file_inflating_to_more_xml_than_allowed_is_refused_before_inflating(tmp_path, capsys):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:p/>" * (bounds.MAX_XML // 6 + 1))
    assert path.stat().st_size < 1_000_000
    assert "packas upp till 32 MB XML" in one_line_error(capsys, path, tmp_path)


def test_pdf_with_more_pages_than_allowed(tmp_path, capsys):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(bounds.MAX_PAGES + 1):
        pdf.new_page(100, 100)
    pdf.save(str(tmp_path / "sidor.pdf"))
    pdf.close()
    assert f"har {bounds.MAX_PAGES + 1} sidor" in one_line_error(capsys, tmp_path / "sidor.pdf", tmp_path)


def test_text_larger_than_allowed(tmp_path, capsys):
    (tmp_path / "stor.txt").write_text("Verksamhetsplan 2024\n" + "Text. " * 700_000, encoding="utf-8")
    assert "största som kan importeras är 4 MB" in one_line_error(capsys, tmp_path / "stor.txt", tmp_path)


def _greedy(path: Path) -> list:
    return [len(bytearray(1200 * 2**20))]  # more than the cap, far less than the machine has


def _aborting(path: Path) -> list:
    os.abort()  # as PDFium does when an allocation fails


def test_a_reader_taking_too_much_memory_or_dying_is_one_line(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    for reader in (_greedy, _aborting):
        with pytest.raises(ImportFault, match="kräver mer än 768 MB minne"):
            bounds.read_capped(reader, tmp_path / "x.pdf")
    assert bounds.read_capped(lambda p: ["ett block"], tmp_path / "x.pdf") == ["ett block"]


@needs_seeds
def test_a_draft_over_the_size_limit_is_refused_before_anything_is_written(tmp_path, capsys, monkeypatch):
    from macros.importer import write

    seed, unit, kind = SEED_DOCS[0]
    data = data_copy(tmp_path, unit, kind)
    target = data / "enheter" / unit / "2024" / f"{kind}.yaml"
    target.write_text("# en giltig plan\n", encoding="utf-8")
    monkeypatch.setattr(write, "MAX_DRAFT", 5_000)  # the seed's draft is some 40 kB
    code, out, err = run(capsys, SEEDS / seed, "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", data, "--skriv-over")
    assert code == 1 and "en datafil får vara högst 5 kB; inget skrevs" in err and len(err.strip().splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "# en giltig plan\n"


@needs_seeds
def test_drafts_get_the_umasks_mode_and_a_replaced_file_keeps_its_own(tmp_path, capsys):
    seed, unit, kind = SEED_DOCS[0]
    data = data_copy(tmp_path, unit, kind)
    target = data / "enheter" / unit / "2024" / f"{kind}.yaml"
    old = os.umask(0o022)
    try:
        assert run(capsys, SEEDS / seed, "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", data)[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o640)
        assert run(capsys, SEEDS / seed, "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", data, "--skriv-over")[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(old)


@needs_seeds
def test_a_file_name_cannot_add_a_line_or_a_key_to_the_draft(tmp_path, capsys):
    seed, unit, kind = SEED_DOCS[0]
    data = data_copy(tmp_path, unit, kind)
    named = tmp_path / "plan\nhuvud: injicerad\u2028.txt"
    shutil.copy(SEEDS / seed, named)
    code, out, err = run(capsys, named, "--enhet", unit, "--ar", "2024", "--typ", kind, "--data", data)
    assert code == 0, err
    text = (data / "enheter" / unit / "2024" / f"{kind}.yaml").read_text(encoding="utf-8")
    assert "utkast importerat från plan?huvud: injicerad?.txt: granska" in text.splitlines()[1]
    assert "\nhuvud: injicerad" not in text
