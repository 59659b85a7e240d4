"""Synthetic Word and PDF documents made from the curated data, for the importer's round-trip
tests: the layout of the city's templates (letterhead, goal headings, indicator and complaint
tables, page headers and footers). Written to pytest's temporary directories only."""

from __future__ import annotations

from pathlib import Path

from macros.site import fmt
from macros.model import model as m
from macros.model.load import load
from macros.site.views import STATUS_TEXT


def prose(text: str) -> list[tuple[str, str]]:
    """A prose field as the paragraphs and bullets a document shows."""
    out: list[tuple[str, str]] = []
    for para in text.split("\n\n"):
        for line in para.splitlines():
            s = line.strip()
            if not s:
                continue
            if line.startswith("- "):
                out.append(("bullet", s[2:].replace("**", "")))
            elif line.startswith("  ") and out:
                out.append(("p", s))
            elif s.startswith("**") and s.endswith("**"):
                out.append(("bold", s.strip("*")))
            else:
                out.append(("p", s))
    return out


def outline(data: Path, unit: str, year: int, kind: str) -> list[tuple]:
    """The document as (kind, content) items: h1/h2/h3, p, bold, bullet, table (rows)."""
    ds = load(data)
    u = ds.units[unit]
    doc = (ds.plans if kind == "verksamhetsplan" else ds.reports)[(unit, year)]
    plan = ds.plans.get((unit, year))
    title = "Verksamhetsplan" if kind == "verksamhetsplan" else "Verksamhetsberättelse"
    h = doc.huvud
    items: list[tuple] = []
    if h.handlingstyp:
        items.append(("p", h.handlingstyp))
    if h.dnr:
        items.append(("p", f"Dnr: {h.dnr}"))
    items += [("bold", "Handläggare"), ("p", h.handlaggare), ("p", f"Telefon: {h.telefon}"), ("bold", "Till"), ("p", h.till)]
    if h.datum:
        items.append(("p", h.datum.isoformat()))
    items.append(("h1", f"{title} {year} för {u.namn}"))
    if doc.bilagor:
        items.append(("h2", "Bilagor"))
        items += [("p", f"Bilaga {i}: {b}") for i, b in enumerate(doc.bilagor, start=1)]

    def sections(secs: list[m.Section], level: int):
        for s in secs:
            items.append((f"h{level}", s.rubrik))
            items.extend(prose(s.text))
            if s.ersattningsnivaer:
                t = s.ersattningsnivaer
                rows = [[t.rubrik, "", "", "", ""]]
                for g in t.grupper:
                    rows.append([g.rubrik, "", "", "", ""])
                    rows.append(["", f"Ersättning/{g.per}", "Höjning", "", f"Ersättning/{g.per}"])
                    rows.append(["Nivå", str(t.ar), "kronor", "Höjning %", str(t.foregaende_ar)])
                    for r in g.rader:
                        rows.append([r.niva, fmt.number(r.belopp), fmt.number(r.belopp - r.foregaende),
                                     fmt.percent_change(r.belopp, r.foregaende), fmt.number(r.foregaende)])
                items.append(("table", rows))
            items.extend(prose(s.text_efter_tabell))
            sections(s.avsnitt, level + 1)

    if kind == "verksamhetsplan":
        items.append(("h1", "Inledning"))
        sections(doc.inledning, 2)
    else:
        items.append(("h1", "Sammanfattande analys"))
        sections(doc.sammanfattande_analys, 2)
    direction = None
    for block in doc.mal:
        area = ds.area_goal(year, block.kf_mal)
        if area.direction_id != direction:
            direction = area.direction_id
            items.append(("h1", f"KF:s inriktningsmål: {direction}. {ds.direction_goal(year, direction).titel}"))
        items.append(("h2", f"KF:s mål för verksamhetsområdet: {area.id} {area.titel}"))
        if block.indikatorer:
            if kind == "verksamhetsplan":
                rows = [["Indikator", "Årsmål", f"KF:s årsmål år {year}", "Periodicitet"]]
                for i in block.indikatorer:
                    d = ds.indicator(year, i.indikator)
                    kf = d.kf_arsmal if isinstance(d.kf_arsmal, str) else fmt.quantity(d.kf_arsmal, d.enhet)
                    rows.append([d.namn, fmt.quantity(i.arsmal, d.enhet) if i.arsmal is not None else "", kf or "", d.periodicitet])
            else:
                rows = [["Indikator", "Periodens utfall", "Utfall män/ pojkar", "Utfall kvinnor/ flickor",
                         f"Utfall VB {year - 1}", "Årsmål", "KF:s årsmål", "Period"]]
                for i in block.indikatorer:
                    d = ds.indicator(year, i.indikator)
                    kf = d.kf_arsmal if isinstance(d.kf_arsmal, str) else fmt.quantity(d.kf_arsmal, d.enhet)

                    def q(v):
                        return fmt.quantity(v, d.enhet) if v is not None else ""

                    rows.append([d.namn, q(i.utfall), q(i.utfall_man), q(i.utfall_kvinnor), q(i.utfall_foregaende_ar),
                                 q(i.arsmal), kf or "", i.period or ""])
                    if i.analys:
                        rows.append(["Analys " + i.analys.strip(), "", "", "", "", "", "", ""])
            items.append(("table", rows))
        for ref in block.namndmal:
            bg = ds.board_goal(u.namnd, year, ref.id)
            items.append(("p", f"Nämndmål: {bg.titel}"))
            items.append(("h3", "Beskrivning"))
            items.extend(prose(bg.beskrivning))
            items.append(("h3", "Förväntat resultat"))
            items.extend(prose(bg.forvantat_resultat))
            if bg.aktiviteter:
                items.append(("table", [["Aktivitet", "Startdatum", "Slutdatum"]]
                              + [[a.aktivitet, a.startdatum.isoformat(), a.slutdatum.isoformat()] for a in bg.aktiviteter]))
            for ug in ref.enhetsmal:
                if kind == "verksamhetsplan":
                    items.append(("p", f"Enhetsmål: {ug.titel}"))
                    for label, field in (("Förväntat resultat", "forvantat_resultat"), ("Arbetssätt", "arbetssatt"),
                                         ("Resursanvändning", "resursanvandning"), ("Uppföljning", "uppfoljning"),
                                         ("Utveckling", "utveckling")):
                        if getattr(ug, field):
                            items.append(("h3", label))
                            items.extend(prose(getattr(ug, field)))
                else:
                    pu = next(x for b in plan.mal for r in b.namndmal for x in r.enhetsmal if x.id == ug.id)
                    items.append(("p", f"Enhetsmål: {pu.titel}"))
                    items.append(("p", STATUS_TEXT[ug.status]))
                    if pu.forvantat_resultat:
                        items.append(("h3", "Förväntat resultat"))
                        items.extend(prose(pu.forvantat_resultat))
                    if ug.analys:
                        items.append(("h3", "Analys"))
                        items.extend(prose(ug.analys))
    if doc.ekonomi:
        items.append(("h1", "Redovisning av ekonomi" if kind == "verksamhetsplan" else "Uppföljning av ekonomi"))
        sections(doc.ekonomi, 2)
    if doc.ovrigt:
        items.append(("h1", "Övrigt"))
        sections(doc.ovrigt, 2)
    if kind == "verksamhetsberattelse" and doc.klagomal:
        items.append(("h1", "Redovisning av synpunkter och klagomål"))
        rows = [["Uppdelning", "Klagomål/synpunkter/kategorier", "Utfall T1", "Utfall T2", "Utfall VB", "Totalt ack. Utfall",
                 "Sammanfattning och planerade åtgärder"]]
        for g in doc.klagomal:
            for n, c in enumerate(g.kategorier):
                cnt = [str(v) if v is not None else "" for v in (c.t1, c.t2, c.vb)]
                rows.append([g.uppdelning if n == 0 else "", c.namn, *cnt, f"{c.total} st" if c.total is not None else "", c.sammanfattning])
        items.append(("table", rows))
        items.extend(prose(doc.klagomal_sammanfattning))
    return items


def write_docx(items: list[tuple], path: Path) -> Path:
    import docx

    d = docx.Document()
    for kind, content in items:
        if kind in ("h1", "h2", "h3", "h4"):
            d.add_heading(content, level=int(kind[1]))
        elif kind == "p":
            d.add_paragraph(content)
        elif kind == "bold":
            d.add_paragraph().add_run(content).bold = True
        elif kind == "bullet":
            d.add_paragraph(content, style="List Bullet")
        elif kind == "table":
            t = d.add_table(rows=len(content), cols=max(len(r) for r in content))
            for r, row in enumerate(content):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
    d.save(str(path))
    return path


FONTS = [  # a Unicode TrueType font for the PDF writer (Debian's fonts-dejavu-core, else others)
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
]


def write_pdf(items: list[tuple], path: Path, header: str) -> Path:
    """A PDF in the templates' layout: a running header and page numbers on every page, headings
    in larger type, ruled tables whose cells wrap over lines."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    font_file = next((f for f in FONTS if Path(f).is_file()), None)
    if font_file is None:
        import pytest

        # Debian's fonts-dejavu-core comes with chromium (scripts/setup --browser): missing, it is a broken setup.
        pytest.fail("no Unicode TrueType font for the PDF tests (install Debian's fonts-dejavu-core)")
    bold_file = font_file.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf").replace("Regular", "Bold").replace("FreeSans.ttf", "FreeSansBold.ttf")

    class Doc(FPDF):
        def header(self):
            self.set_font("doc", size=8)
            self.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self):
            self.set_y(-14)
            self.set_font("doc", size=8)
            self.cell(0, 6, f"Sida {self.page_no()}", align="C")

    pdf = Doc(format="A4")
    pdf.add_font("doc", "", font_file)
    pdf.add_font("doc", "B", bold_file if Path(bold_file).is_file() else font_file)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for kind, content in items:
        if kind in ("h1", "h2", "h3", "h4"):
            pdf.set_font("doc", "B", size={"h1": 16, "h2": 14, "h3": 12, "h4": 11}[kind])
            pdf.ln(4)
            pdf.multi_cell(0, 7, content, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif kind == "table":
            pdf.set_font("doc", size=7)
            cols = max(len(r) for r in content)
            with pdf.table(col_widths=[3] + [1] * (cols - 1) if cols > 3 else None, first_row_as_headings=False,
                           line_height=4, headings_style=FontFace()) as table:
                for row in content:
                    r = table.row()
                    for cell in row + [""] * (cols - len(row)):
                        r.cell(cell)
            pdf.ln(3)
        else:
            pdf.set_font("doc", "B" if kind == "bold" else "", size=10)
            text = ("• " + content) if kind == "bullet" else content
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    pdf.output(str(path))
    return path


def text_export_items(text: str) -> list[tuple]:
    """A text export as the items of a plain document: what an editor gets pasting one into Word
    (Normal paragraphs only, no heading styles), tab rows as tables, "- " lines as list items."""
    items: list[tuple] = []
    rows: list[list[str]] = []
    for line in text.splitlines() + [""]:
        if "\t" in line:
            rows.append([c.strip() for c in line.split("\t")])
            continue
        if rows:
            width = max(len(r) for r in rows)
            items.append(("table", [r + [""] * (width - len(r)) for r in rows]))
            rows = []
        s = line.strip().replace("**", "").replace("<b>", "").replace("</b>", "").lstrip("#").strip().strip("*").strip()
        if not s:
            continue
        items.append(("bullet", s[2:]) if line.lstrip().startswith("- ") else ("p", s))
    return items


def text_export_to_docx(text: str, path: Path) -> Path:
    return write_docx(text_export_items(text), path)
