"""Test documents made by real office software: a Word file written in one of several layouts
(python-docx), then opened and converted by LibreOffice (to PDF and back to .docx) and the PDF by
poppler's pdftotext (default and -layout), as editors make them.

Layouts differ in what the importer must not depend on: Heading styles or bold Normal paragraphs,
ruled or unruled tables, the letterhead in one paragraph with line breaks or in many, type size and
page width (which decide where tables break over pages). Some are kept out of the importer's
development (HELD_OUT) and were only checked at the end.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from macros.model.load import load

import docgen


@dataclass(frozen=True)
class Layout:
    name: str
    headings: str = "styles"  # "styles": Word's Heading 1-3; "bold": bold Normal paragraphs
    tables: str = "grid"  # "grid": every cell ruled; "plain": no rules; "header": only the header row ruled
    letterhead: str = "paragraphs"  # "paragraphs": a paragraph per line; "breaks": line breaks in one paragraph
    size: int = 11  # body type size in points
    narrow: bool = False  # a narrower text column: more wrapped cells, more page breaks in tables


LAYOUTS = [
    Layout("stilar-rutnat"),
    Layout("fet-utan-linjer", headings="bold", tables="plain", letterhead="breaks"),
    Layout("stilar-rubrikrad", tables="header", letterhead="breaks", size=10),
]
# Kept out of development: checked last, against an importer never tuned to them.
HELD_OUT = [
    Layout("smal-fet-rubrikrad", headings="bold", tables="header", size=12, narrow=True),
    Layout("smal-stilar-utan-linjer", tables="plain", letterhead="breaks", size=9, narrow=True),
]

FOOTER = ["Hägersten-Älvsjö stadsdelsförvaltning", "Avdelningen för stöd och service",
          "Box 4049, 129 04 Hägersten", "Telefon 08-508 22 000, start.stockholm"]


def tools_missing() -> list[str]:
    return [t for t in ("soffice", "pdftotext") if shutil.which(t) is None]


def _field(run, code: str):
    """A Word field (PAGE, NUMPAGES) LibreOffice fills in when it lays out the pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _borders(table, which: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def border(tc_or_tbl_pr, sides):
        b = OxmlElement("w:tcBorders" if tc_or_tbl_pr.tag.endswith("tcPr") else "w:tblBorders")
        for side in sides:
            e = OxmlElement(f"w:{side}")
            e.set(qn("w:val"), "single")
            e.set(qn("w:sz"), "6")
            e.set(qn("w:color"), "000000")
            b.append(e)
        tc_or_tbl_pr.append(b)

    if which == "grid":
        border(table._tbl.tblPr, ("top", "left", "bottom", "right", "insideH", "insideV"))
    elif which == "header":
        for cell in table.rows[0].cells:
            border(cell._tc.get_or_add_tcPr(), ("bottom",))


def _contents(items) -> list[str]:
    return [c for k, c in items if k in ("h1", "h2") and not c.startswith(("Verksamhetsplan", "Verksamhetsberättelse"))]


def write_docx(items: list[tuple], path: Path, layout: Layout, running_header: str) -> Path:
    import docx
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Cm, Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(layout.size)
    sec = d.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21)
    margin = Cm(4.5 if layout.narrow else 2.5)
    sec.left_margin = sec.right_margin = margin
    width = sec.page_width - 2 * margin
    # The running header with "Sida N (M)" at the right margin, and a four-line footer.
    hp = sec.header.paragraphs[0]
    hp.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    hp.add_run(running_header + "\tSida ")
    _field(hp.add_run(), "PAGE")
    hp.add_run(" (")
    _field(hp.add_run(), "NUMPAGES")
    hp.add_run(")")
    fp = sec.footer.paragraphs[0]
    fp.text = FOOTER[0]
    for line in FOOTER[1:]:
        sec.footer.add_paragraph(line)

    def heading(text: str, level: int):
        if layout.headings == "styles":
            d.add_heading(text, level=level)
        else:
            r = d.add_paragraph().add_run(text)
            r.bold = True
            r.font.size = Pt(layout.size + {1: 4, 2: 2, 3: 0, 4: 0}[level])

    # Letterhead: the lines up to the document's title.
    start = next(i for i, (k, _) in enumerate(items) if k == "h1")
    head, body = items[:start], items[start:]
    if layout.letterhead == "breaks":
        groups: list[list[tuple]] = []
        for k, c in head:
            if k == "bold" or not groups:
                groups.append([])
            groups[-1].append((k, c))
        for g in groups:
            p = d.add_paragraph()
            for n, (k, c) in enumerate(g):
                r = p.add_run(c)
                r.bold = k == "bold"
                if n + 1 < len(g):
                    r.add_break()
    else:
        for k, c in head:
            p = d.add_paragraph()
            p.add_run(c).bold = k == "bold"
    heading(body[0][1], 1)
    heading("Innehållsförteckning", 2)
    for n, entry in enumerate(_contents(body[1:]), start=3):
        p = d.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        p.add_run(f"{entry}\t{n // 2}")
    d.add_page_break()
    for kind, content in body[1:]:
        if kind in ("h1", "h2", "h3", "h4"):
            heading(content, int(kind[1]))
        elif kind == "p":
            d.add_paragraph(content)
        elif kind == "bold":
            d.add_paragraph().add_run(content).bold = True
        elif kind == "bullet":
            d.add_paragraph(content, style="List Bullet")
        elif kind == "table":
            cols = max(len(r) for r in content)
            t = d.add_table(rows=len(content), cols=cols)
            _borders(t, layout.tables)
            for r, row in enumerate(content):
                for c, cell in enumerate(row):
                    para = t.cell(r, c).paragraphs[0]
                    para.add_run(cell).font.size = Pt(max(7, layout.size - 3))
            d.add_paragraph()
    d.save(str(path))
    return path


def running_header(data: Path, unit: str, kind: str, year: int = 2024) -> str:
    title = "Verksamhetsplan" if kind == "verksamhetsplan" else "Verksamhetsberättelse"
    return f"{title} {year} – {load(data).units[unit].namn}"


def convert(docx_files: list[Path], out: Path) -> dict[str, dict[str, Path]]:
    """Each Word file as LibreOffice saves it (.docx and .pdf) and as pdftotext exports the PDF:
    {stem: {"docx": …, "pdf": …, "txt": …, "layout.txt": …}}. One LibreOffice start for all files."""
    pdf_dir, docx_dir = out / "pdf", out / "docx"
    profile = out / "lo-profile"  # never the user's own LibreOffice profile
    for target, fmt in ((pdf_dir, "pdf"), (docx_dir, "docx:MS Word 2007 XML")):
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                        "--outdir", str(target), *map(str, docx_files)],
                       check=True, capture_output=True, timeout=300)
    result = {}
    for f in docx_files:
        pdf = pdf_dir / (f.stem + ".pdf")
        txt, layout_txt = out / (f.stem + ".txt"), out / (f.stem + ".layout.txt")
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), str(txt)], check=True, timeout=60)
        subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), str(layout_txt)], check=True, timeout=60)
        result[f.stem] = {"docx": docx_dir / f.name, "pdf": pdf, "txt": txt, "layout.txt": layout_txt}
    return result


def make(root: Path, data: Path, out: Path, docs, layouts) -> dict[tuple[str, str], dict[str, Path]]:
    """Every (document, layout) in every format: {(seed prefix, layout name): {format: path}}."""
    out.mkdir(parents=True, exist_ok=True)
    files, names = [], {}
    for seed, unit, kind in docs:
        items = docgen.outline(data, unit, 2024, kind)
        for layout in layouts:
            stem = f"{seed[:3]}-{layout.name}"
            files.append(write_docx(items, out / f"{stem}.docx", layout, running_header(data, unit, kind)))
            names[stem] = (seed[:3], layout.name)
    converted = convert(files, out / "lo")
    return {names[stem]: paths for stem, paths in converted.items()}
