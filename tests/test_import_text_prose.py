"""Prose in text exports (pdftotext with and without -layout), where no style tells a heading from a
short line of text and page furniture stands amid the text: what the reader (textfile.py,
furniture.py) hands over and the recogniser (recognise/sections.py) makes of it."""

from __future__ import annotations

from builtsite import ROOT
from macros.importer import draft, textfile
from macros.importer.recognise.sections import join_wrapped

from test_import_text_tables import GOALS_34, UNIT, document

CONTENTS = ("\nInnehållsförteckning\nInledning...1\nEnhetens uppdrag...1\n"
            "Organisationsbeskrivning...1\nMedarbetarnas delaktighet...1\n")


def test_the_units_name_over_its_organisation_is_text_not_a_subsection(tmp_path):
    """A section listed in the contents whose text opens with the unit's name on a line of its own (as
    Organisationsbeskrivning does in the templates): the name stays the first line of the section's
    text; the editor does not find a subsection named after the unit with the text moved under it."""
    text = document("verksamhetsplan", "Organisationsbeskrivning\nEnheten för personligt stöd\n\n"
                    "Inom enheten arbetar en enhetschef och tolv assistenter.\n\n"
                    "Medarbetarnas delaktighet\nMedarbetarna deltar i planeringen.\n\n" + GOALS_34)
    text = text.replace("Inledning\nEnhetens uppdrag", CONTENTS + "Inledning\nEnhetens uppdrag", 1)
    path = tmp_path / "export.txt"
    path.write_text(text, encoding="utf-8")
    doc, r = draft(path, UNIT, 2024, "verksamhetsplan", ROOT / "data")
    sections = {s["rubrik"]: s for s in doc["inledning"]}
    assert list(sections) == ["Enhetens uppdrag", "Organisationsbeskrivning", "Medarbetarnas delaktighet"]
    org = sections["Organisationsbeskrivning"]
    assert "avsnitt" not in org, org
    assert org["text"].startswith("Enheten för personligt stöd\n\nInom enheten arbetar"), org
    assert not r.c.unplaced


def _pages(*bodies: str, top: str = "") -> str:
    """A pdftotext export (no -layout) of pages with the officedocs running header and four-line footer;
    top: what pdftotext wrote between the header and its page number."""
    footer = "Hägersten-Älvsjö stadsdelsförvaltning\nAvdelningen för stöd och service\nBox 4049, 129 04 Hägersten\nTelefon 08-508 22 000, start.stockholm\n"
    out = ""
    for n, body in enumerate(bodies, start=1):
        out += ("\f" if n > 1 else "") + f"Verksamhetsplan 2024 – Enheten för personligt stöd\n{top if n == 2 else ''}\nSida {n} ({len(bodies)})\n\n"
        out += body + "\n" + footer + "\n"
    return out


def test_a_page_number_below_a_bullet_written_apart_is_furniture_and_the_item_keeps_its_bullet():
    """pdftotext may write a list's bullets (as many as the page has items) between the running header
    and "Sida 2 (3)": the page number is not text (the editor would find "Sida 2 (3)" in a goal's text
    or in oplacerat) and the items after it are still list items."""
    text = _pages("Förväntat resultat\n\uf0b7 Brukare är nöjda med sina insatser.\n",
                  "Fler vuxna upplever att de kan påverka insatsens utformning.\nFler barn är delaktiga.\n"
                  "Fler unga är delaktiga.\nFler äldre är delaktiga.\n\nEnhetsmål: Enheten erbjuder stöd.\n",
                  "Övrigt\n", top="\uf0b7\n" * 4)
    blocks = textfile.parse(text)
    noise = [b.text for b in blocks if b.kind == "noise"]
    assert "Sida 2 (3)" in noise
    assert not [b for b in blocks if b.kind != "noise" and "Sida" in b.text]
    items = [b for b in blocks if b.text.startswith("Fler ")]
    assert [b.kind for b in items] == ["bullet"] * 4, items


def test_a_sentence_cut_by_a_page_break_is_joined_across_a_four_line_footer():
    """A paragraph cut at the foot of a page goes on, in lower case, after the four-line footer, the
    running header and the page number: one paragraph in the draft, not two fragments."""
    text = _pages("Ett aktivt arbete med kompetensförsörjning är prioriterat för att rekrytera medarbetare med rätt kompetens för",
                  "uppdraget. Rekryteringen sker kompetensbaserat.\n", "Övrigt\n")
    texts = [b.text for b in join_wrapped(textfile.parse(text)) if b.kind == "text"]
    assert ("Ett aktivt arbete med kompetensförsörjning är prioriterat för att rekrytera medarbetare med rätt kompetens "
            "för uppdraget. Rekryteringen sker kompetensbaserat.") in texts, texts


def test_contents_entries_whose_leaders_fill_the_line_stay_apart():
    """pdftotext without -layout: every contents entry's dotted leader fills the column, so each line
    looks like one a paragraph goes on from. Joined, the entries vanish from the contents, and the
    headings they list ("Medel för lokaländamål" under "Investeringar") are taken for text."""
    lines = ["Inledning", "Analys av resultaträkning - uppföljning av driftbudget" + "." * 30 + "7",
             "Investeringar" + "." * 70 + "8", "Medel för lokaländamål" + "." * 60 + "8", "Övrigt" + "." * 75 + "9",
             "Enheten har fokuserat på att hålla budgeten i balans genom att genomföra strategiska åtgärder inom",
             "\fsida två", "Text på en ny sida som fyller sin rad ända ut till marginalen, lika bred som resten."]
    blocks = join_wrapped(textfile.parse("\n".join(lines)))
    entries = [b.text for b in blocks if b.text.endswith(("7", "8", "9"))]
    assert [e.rstrip(".0123456789") for e in entries] == [
        "Analys av resultaträkning - uppföljning av driftbudget", "Investeringar", "Medel för lokaländamål", "Övrigt"]


def test_a_wrapped_list_item_before_a_table_stays_in_its_item():
    """pdftotext -layout: the last item of a list wraps at its hanging indent just above a table. The
    wrapped line is the rest of the item (the editor sees one bullet), not a one-cell row of the table
    that follows (which would be listed in oplacerat as a row without a known heading)."""
    text = ("Förväntat resultat\n"
            "\uf0b7   Ökad andel äldre som känner sig trygga och nöjda med utformandet av sin äldreomsorg.\n"
            "\uf0b7   Öka verksamhetens kvalitet genom att utveckla det systematiska kvalitetsarbetet för att\n"
            "    kvalitetssäkra insatserna för den äldre.\n\n"
            "Aktivitet                                         Startdatum         Slutdatum\n\n"
            "Stadsdelsnämnden ska arbeta för att               2024-01-01         2024-12-31\n"
            "säkerställa kompetensförsörjningen.\n")
    blocks = join_wrapped(textfile.parse(text))
    items = [b.text for b in blocks if b.kind == "bullet"]
    assert items[-1] == ("Öka verksamhetens kvalitet genom att utveckla det systematiska kvalitetsarbetet för att "
                         "kvalitetssäkra insatserna för den äldre."), items
    assert not [b for b in blocks if b.kind == "row" and "kvalitetssäkra" in b.text]
