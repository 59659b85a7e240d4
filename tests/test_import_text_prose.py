"""Prose sections in text exports (pdftotext with and without -layout), where no style tells a heading
from a short line of text: what the recogniser (macros/importer/recognise/sections.py) makes of them."""

from __future__ import annotations

from builtsite import ROOT
from macros.importer import draft

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
