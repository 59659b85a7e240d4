"""The four real documents in ../shared/seeds reach their pages whole.

Each line of a seed is checked against the text of its document page, after
removing what is layout noise of the Word/PDF export (listed below, with why).
A line that is a table row is checked cell by cell.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from builtsite import SEEDS, normalise
from macros.site import fmt, urls

SEED_PAGES = {
    "000_4d7db903a6153a98.txt": urls.document("enheten-for-personligt-stod", 2024, "verksamhetsplan"),
    "001_6776db6ffd2bdf55.txt": urls.document("stod-och-aktivitetsenheten", 2024, "verksamhetsplan"),
    "003_cd903950bc453d09.txt": urls.document("bestallarenheten-aldre", 2024, "verksamhetsplan"),
    "004_0b7d0c2a847c3e8d.txt": urls.document("enheten-for-personligt-stod", 2024, "verksamhetsberattelse"),
}

# Export noise, removed before comparing (see the seeds' README).
NOISE_SUBS = [
    (re.compile(r"</?b>|\*\*|^#+\s*|^\*|\*$"), ""),             # tags and Markdown emphasis of the Word export
    (re.compile(r"CO\s*<sub>2</sub>|CO ₂"), "CO₂"),
    (re.compile(r"nämnd/s tyrelse"), "nämnd/styrelse"),
    (re.compile(r"(?<=\w) \.$"), "."),                           # a space before a closing full stop         # a word broken across a table cell
    (re.compile(r"^(Nämndmål|Enhetsmål|Bilaga \d+):\s*"), ""),  # labels the site prints as headings
    (re.compile(r"^Analys (?=En analys)"), ""),                  # the label cell of an indicator's analysis row
]
NOISE_LINES = re.compile("^(" + "|".join([
    r"Innehållsförteckning", r"start\.stockholm", r"Stockholms", r"stad", r"Förslag till beslut", r"Handläggare",
    r"Till", r"Telefon:.*", r"Dnr:.*", r"— Inga data", r"Inga data", r"Tjänsteutlåtande", r"Arbets?sätt",
    r"Förväntat resultat", r"Beskrivning", r"Resursanvändning", r"Uppföljning", r"Utveckling", r"Analys",
    r"Uppfylls (helt|delvis|inte)", r"Verksamhets(plan|berättelse) 2024.*", r"\d{10}", r"08-508 22 517",
    r"Övrigt", r"Inledning", r"Bilagor", r"Redovisning av ekonomi", r"Uppföljning av ekonomi",
    r"Ersättningsnivåer 2024", r"Nivå", r"Uppdelning.*", r"Indikator\t.*", r"\t*Ersättning/.*",
    r"Aktivitet\tStartdatum\tSlutdatum",
]) + ")$")
# Where copies of a shared text differ, the site stores the majority's wording once (see the issue note).
SHARED_TEXT_VARIANTS = [("målluppfyllelsen", "måluppfyllelsen")]
TOC_LINE = re.compile(r"(\.{3,}|\t\d+$|Fel! Bokmärket)")


def seed_lines(name: str):
    in_toc = False
    for raw in (SEEDS / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        for _ in range(2):  # markers nest: "### **x**"
            for rx, sub in NOISE_SUBS:
                line = rx.sub(sub, line).strip()
        line = re.sub(r"^- ", "", line)  # bullets are list items on the page
        for variant, stored in SHARED_TEXT_VARIANTS:
            line = line.replace(variant, stored)
        if line == "Innehållsförteckning":
            in_toc = True
        if in_toc:
            # The table of contents ends with the first heading of the body.
            if line in ("Bilagor", "Inledning", "Sammanfattande analys") or line.startswith("### Bilagor"):
                in_toc = False
            continue
        if not line or TOC_LINE.search(line) or NOISE_LINES.match(line):
            continue
        yield line


def cells(line: str) -> list[str]:
    """A table row's cells; numbers and percentages are compared in the site's spelling."""
    out = []
    for cell in line.split("\t"):
        cell = cell.strip()
        if not cell or cell.endswith(" st"):  # accumulated totals: checked by the complaints test
            continue
        out.append(cell)
    return out


def site_spelling(cell: str) -> str:
    """'1119' -> '1 119' and '-5,6%' -> '-5,6%' as the site prints them (thousands separated)."""
    if re.fullmatch(r"\d{4}-\d\d-\d\d", cell):
        return fmt.date(dt.date.fromisoformat(cell))
    if re.fullmatch(r"-?\d{4,}", cell):
        n = int(cell)
        return normalise(f"{n:,}".replace(",", " "))
    return normalise(cell)


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not beside this checkout")
@pytest.mark.parametrize("seed", sorted(SEED_PAGES))
def test_every_line_of_the_seed_is_on_its_document_page(seed, pages):
    page_text = pages[SEED_PAGES[seed]].text
    missing = []
    checked = 0
    for line in seed_lines(seed):
        for part in (cells(line) if "\t" in line else [line]):
            checked += 1
            if site_spelling(part) not in page_text:
                missing.append(part)
    assert checked > 80
    assert not missing, f"{len(missing)} of {checked} seed lines are not on {SEED_PAGES[seed]}:\n" + "\n".join(m[:100] for m in missing[:40])
