"""Indicator tables in text exports (pdftotext with and without -layout), read with the help of what
the year's shared files say (macros/importer/texttables.py): the draft gets each indicator's own
target, outcome and Analys in their fields, however the export scattered the cells."""

from __future__ import annotations

from pathlib import Path

from builtsite import ROOT
from macros.importer import draft

UNIT = "enheten-for-personligt-stod"
FURNITURE = "\n".join(["", "Hägersten-Älvsjö stadsdelsförvaltning", "Box 4049, 129 04 Hägersten", "",
                       "\fVerksamhetsplan 2024 – Enheten för personligt stöd", "", "Sida {n} (3)", ""])


def document(kind: str, goals: str) -> str:
    title = "Verksamhetsplan" if kind == "verksamhetsplan" else "Verksamhetsberättelse"
    pages = [f"{title} 2024 – Enheten för personligt stöd\n\nSida 1 (3)\n\nHandläggare\nKamran Ronaghi\n"
             f"Telefon: 0850822000\nTill\nEnheten för personligt stöd\n\n{title} 2024 för Enheten för personligt stöd\n"
             "Inledning\nEnhetens uppdrag\nEnheten ger personligt stöd.\n"]
    pages += goals.split("<page>") + ["Övrigt\nAgenda 2030\nEnheten arbetar med Agenda 2030.\n"]
    out = pages[0]
    for n, page in enumerate(pages[1:], start=2):
        out += FURNITURE.format(n=n).replace("Verksamhetsplan", title) + page
    return out


def indicators(text: str, kind: str, tmp_path: Path) -> dict:
    path = tmp_path / "export.txt"
    path.write_text(text, encoding="utf-8")
    doc, _ = draft(path, UNIT, 2024, kind, ROOT / "data")
    return {i["indikator"]: {k: v for k, v in i.items() if k != "indikator"} for b in doc["mal"] for i in b.get("indikatorer", [])}


GOALS_34 = ("KF:s inriktningsmål: 3. Ett Stockholm med en stabil och hållbar ekonomi med utbildning, jobb och bostäder för alla\n"
            "KF:s mål för verksamhetsområdet: 3.4 Medarbetare i Stockholm ska ges goda förutsättningar att göra ett bra jobb\n")


def test_a_cell_per_line_plan_table_gives_each_indicator_the_units_target_not_the_councils(tmp_path):
    """pdftotext without -layout: each cell a paragraph, an empty cell left out, a name's cell wrapped
    over lines and over a page break. The unit's target is told from KF's (which the year's file gives)."""
    table = ("Indikator\n\nÅrsmål\n\nKF:s årsmål år 2024\n\nPeriodicitet\n\nAktivt Medskapandeindex\n\n83\n\nÅr\n\n"
             "Andelen arbetade timmar av\ntimavlönad personal i\nförhållande till samtliga\n<page>"
             "arbetade timmar inom stöd\noch service till personer med\nfunktionsnedsättning\n\n19\n\n"
             "Tas fram av\nnämnd/styrel\nse\n\nTertial\n\nSjukfrånvaro\n\n9%\n\nTas fram av nämnd/styrelse\n\nTertial\n\n"
             "Nämndmål: Stadsdelsnämnden är en attraktiv arbetsgivare och har en god arbetsmiljö\n")
    got = indicators(document("verksamhetsplan", GOALS_34 + table), "verksamhetsplan", tmp_path)
    # 83 is KF's target for Aktivt Medskapandeindex: the unit set none.
    assert got == {"aktivt-medskapandeindex": {}, "timavlonad-personal": {"arsmal": 19}, "sjukfranvaro": {"arsmal": 9}}


def test_a_cell_per_line_report_table_keeps_outcomes_and_analys_with_their_indicator(tmp_path):
    """A report's table as pdftotext writes it without -layout: headings between the first rows'
    cells, a row's values before its name, the Analys paragraph between two names."""
    table = ("Indikator\n\nPeriodens\nutfall\n\nAktivt\nMedskapand\neindex\n\n64\n\nUtfall män/\npojkar\n\n"
             "Utfall\nkvinnor/\nflickor\n\nUtfall VB\n2023\n\nÅrsmål\n\nKF:s årsmål\n\nPeriod\n\n69\n\n72\n\n83\n\n2024\n\n"
             "11,6 %\n\n9,5 %\n\n9%\n\nTas fram av\nnämnd/styrel\nse\n\nVB 2024\n\n3,6 %\n\n2,3 %\n\n3,5 %\n\n"
             "Tas fram av\nnämnd/styrel\nse\n\nVB 2024\n\nSjukfrånvaro\n\nAnalys En\nanalys har\npåbörjats.\n"
             "Sjukfrånvaro\ndag 1-14\n\nNämndmål: Stadsdelsnämnden är en attraktiv arbetsgivare och har en god arbetsmiljö\n")
    got = indicators(document("verksamhetsberattelse", GOALS_34 + table), "verksamhetsberattelse", tmp_path)
    assert got == {
        "aktivt-medskapandeindex": {"utfall": 64, "utfall_foregaende_ar": 69, "arsmal": 72, "period": "2024"},
        "sjukfranvaro": {"utfall": 11.6, "utfall_foregaende_ar": 9.5, "arsmal": 9, "period": "VB 2024",
                         "analys": "En analys har påbörjats.\n"},
        "sjukfranvaro-dag-1-14": {"utfall": 3.6, "utfall_foregaende_ar": 2.3, "arsmal": 3.5, "period": "VB 2024"},
    }


def test_a_layout_table_continued_on_the_next_page_keeps_its_columns(tmp_path):
    """pdftotext -layout lays a table's continuation out anew on the next page, its columns a few
    characters off: each value still goes under its own heading."""
    table = ("Indikator       Periodens   Utfall män/   Utfall     Utfall VB   Årsmål   KF:s årsmål    Period\n"
             "                utfall      pojkar        kvinnor/   2023\n"
             "                                          flickor\n\n"
             "Aktivt          64                                   69          72       83             2024\n"
             "Medskapand\neindex\n<page>"
             "Sjukfrånvaro   11,6 %                            9,5 %       9%          Tas fram av    VB 2024\n"
             "                                                                         nämnd/styrel\n"
             "                                                                         se\n\n"
             "Nämndmål: Stadsdelsnämnden är en attraktiv arbetsgivare och har en god arbetsmiljö\n")
    got = indicators(document("verksamhetsberattelse", GOALS_34 + table), "verksamhetsberattelse", tmp_path)
    assert got == {
        "aktivt-medskapandeindex": {"utfall": 64, "utfall_foregaende_ar": 69, "arsmal": 72, "period": "2024"},
        "sjukfranvaro": {"utfall": 11.6, "utfall_foregaende_ar": 9.5, "arsmal": 9, "period": "VB 2024"},
    }


def test_a_row_naming_no_indicator_of_the_year_is_kept_for_the_editor(tmp_path):
    """Only the year's indicators are recognised by name: the table is read up to a row naming
    another, and that row's text is kept (unplaced, or as a drafted indicator), never dropped."""
    table = ("Indikator\n\nÅrsmål\n\nKF:s årsmål år 2024\n\nPeriodicitet\n\nAktivt Medskapandeindex\n\n72\n\n83\n\nÅr\n\n"
             "Andel nöjda besökare\n\n90 %\n\nÅr\n\n"
             "Nämndmål: Stadsdelsnämnden är en attraktiv arbetsgivare och har en god arbetsmiljö\n")
    path = tmp_path / "export.txt"
    path.write_text(document("verksamhetsplan", GOALS_34 + table), encoding="utf-8")
    doc, r = draft(path, UNIT, 2024, "verksamhetsplan", ROOT / "data")
    assert doc["mal"][0]["indikatorer"][0] == {"indikator": "aktivt-medskapandeindex", "arsmal": 72}
    kept = [u["text"] for u in doc.get("oplacerat", [])] + [d["namn"] for d in r.new_indicators]
    assert any("Andel nöjda besökare" in k for k in kept), kept


def test_bullets_written_apart_from_their_items_are_given_back(tmp_path):
    """pdftotext without -layout writes a list's bullet glyphs on lines of their own: the items are
    still a list in the draft, not headings of sections of their own."""
    text = document("verksamhetsplan", "Utvecklingsområden 2024\n\uf0b7\n\uf0b7\n\uf0b7\n\n"
                    "Anpassa processer och vidta nödvändiga åtgärder för att minska underskott.\n"
                    "Systematisera arbete med avvikelser, synpunkter och\nklagomål\n"
                    "Implementera social dokumentation.\n\n" + GOALS_34)
    path = tmp_path / "export.txt"
    path.write_text(text, encoding="utf-8")
    doc, _ = draft(path, UNIT, 2024, "verksamhetsplan", ROOT / "data")
    assert [s["rubrik"] for s in doc["inledning"]] == ["Enhetens uppdrag", "Utvecklingsområden 2024"]
    assert doc["inledning"][1]["text"] == ("- Anpassa processer och vidta nödvändiga åtgärder för att minska underskott.\n"
                                            "- Systematisera arbete med avvikelser, synpunkter och klagomål\n"
                                            "- Implementera social dokumentation.\n")


def test_a_cell_per_line_compensation_table_keeps_its_groups_with_their_rows(tmp_path):
    """pdftotext without -layout writes the compensation table's rows whole and in order, but its
    groups' titles and the column headings wherever it likes, some after the last row, and a page's
    number amid a row: each group still gets its own title, its per (dygn, timme) and its rows."""
    table = ("Redovisning av ekonomi\nBudget 2024\nEnhetens budget för 2024 är 28 mkr.\nErsättningsnivåer\n2024\n\n"
             "Ersättning boende\nmed särskild service\nErsättning/dygn\n\nHöjning\n\nErsättning/dygn\n\nNivå\n\n2024\n\n"
             "kronor\n\nHöjning %\n\n2023\n\nNivå 1\n\n1 119\n\n−67\n\n−5,6 %\n\n1 186\n\nNivå 2\n\n1 361\n\n−81\n\n−5,6 %\n\n"
             "1 442\n\nErsättning/dygn\n\nErsättning/timme\n\nHöjning\n\nNivå\n\n2024\n\nkronor\n\nHöjning %\n\n2023\n\n1-7 timmar\n\n"
             "Sida 2 (3)\n\n518\n\n20\n\n4,0 %\n\n498\n\nErsättning\nboendestöd\nErsättning/timme\n\n"
             "Enheten renoverade 2023 ett kök på Lilla skafferiet och fortsätter i år med nästa.\n")
    path = tmp_path / "export.txt"
    path.write_text(document("verksamhetsplan", table), encoding="utf-8")
    doc, _ = draft(path, UNIT, 2024, "verksamhetsplan", ROOT / "data")
    budget = doc["ekonomi"][0]
    assert budget["ersattningsnivaer"] == {
        "rubrik": "Ersättningsnivåer 2024", "ar": 2024, "foregaende_ar": 2023, "grupper": [
            {"rubrik": "Ersättning boende med särskild service", "per": "dygn",
             "rader": [{"niva": "Nivå 1", "belopp": 1119, "foregaende": 1186}, {"niva": "Nivå 2", "belopp": 1361, "foregaende": 1442}]},
            {"rubrik": "Ersättning boendestöd", "per": "timme", "rader": [{"niva": "1-7 timmar", "belopp": 518, "foregaende": 498}]},
        ]}
    assert budget["text_efter_tabell"].startswith("Enheten renoverade 2023")


def at(*cells: tuple[int, str]) -> str:
    """A line of a -layout export: each text from its column on."""
    line = ""
    for x, text in cells:
        line = line.ljust(x) + text
    return line


def test_a_layout_complaints_table_keeps_each_count_in_its_period_on_every_page(tmp_path):
    """pdftotext -layout packs the complaints table's columns anew on every page, to what the page
    holds: a period's counts stand further left on one page than on the next, and a page with only
    one period's counts gives no hint which. Each count still lands in its own period."""
    header = "\n".join([
        at((0, "Uppdelning"), (13, "Klagomål/"), (27, "Utfall T1"), (41, "Utfall T2"), (54, "Utfall VB"), (68, "Totalt ack."), (82, "Sammanfattnin")),
        at((13, "synpunkter/"), (68, "Utfall"), (82, "g och")),
        at((13, "kategorier"), (82, "planerade")),
        at((82, "åtgärder")), ""])
    page2 = "\n".join([
        at((0, "Avvikelse"), (19, "Medarbetare"), (41, "7"), (51, "46"), (59, "53 st"), (67, "46 st avser alla")),
        at((0, "rapporter enligt"), (67, "uteslutande i")),
        at((0, "SoL - Vem har"), (67, "grunden.")),
        at((0, "identifierat")), at((0, "avvikelsen?")), "",
        at((0, "Rapportering"), (19, "Lex Sarah"), (36, "1"), (51, "1"), (59, "2 st"), (67, "Lex Sarah")),
        at((0, "av lex Sarah"), (67, "avseende ny")),
        at((0, "och lex Maria"), (67, "personal.")), ""])
    page3 = "\n".join([
        at((0, "Vem avser"), (13, "Den egna"), (30, "3"), (39, "7"), (49, "46"), (57, "56 st")),
        at((0, "avvikelsen?"), (13, "verksamheten")), ""])
    page4 = "\n".join([
        at((0, "Återkoppling"), (15, "Antal klagomål"), (51, "3"), (59, "3 st")),
        at((15, "där")), at((15, "återkoppling")), "",
        "Under året har enheten fortsatt att följa upp varje avvikelse i arbetsgrupperna och på APT.", ""])
    goals = "Redovisning av synpunkter och klagomål\n" + header + "<page>" + page2 + "<page>" + page3 + "<page>" + page4
    path = tmp_path / "export.txt"
    path.write_text(document("verksamhetsberattelse", goals), encoding="utf-8")
    doc, _ = draft(path, UNIT, 2024, "verksamhetsberattelse", ROOT / "data")
    counts = {c["namn"]: {k: c[k] for k in ("t1", "t2", "vb") if k in c} for g in doc["klagomal"] for c in g["kategorier"]}
    assert counts == {"Medarbetare": {"t2": 7, "vb": 46}, "Lex Sarah": {"t1": 1, "vb": 1},
                      "Den egna verksamheten": {"t1": 3, "t2": 7, "vb": 46}, "Antal klagomål där återkoppling": {"vb": 3}}
    assert [g["uppdelning"] for g in doc["klagomal"]] == [
        "Avvikelse rapporter enligt SoL - Vem har identifierat avvikelsen?", "Rapportering av lex Sarah och lex Maria",
        "Vem avser avvikelsen?", "Återkoppling"]
    assert doc["klagomal"][0]["kategorier"][0]["sammanfattning"] == "46 st avser alla uteslutande i grunden."


def test_a_layout_compensation_table_broken_over_pages_keeps_its_title_and_rows(tmp_path):
    """pdftotext -layout: the table's title left at the foot of one page (wrapped before its year), a
    group's last row alone at the top of another, the next group's title under it. The table still
    has its title, and the row stays in its group."""
    def group(title: list[str], per: str, rows: list[tuple[str, str, str, str, str]]) -> list[str]:
        out = [at((0, t)) for t in title] + ["", at((23, f"Ersättning/{per}"), (42, "Höjning"), (65, f"Ersättning/{per}")), "", "",
                                             at((0, "Nivå"), (23, "2024"), (42, "kronor"), (53, "Höjning %"), (65, "2023")), ""]
        for r in rows:
            out += [at((0, r[0]), (23, r[1]), (42, r[2]), (53, r[3]), (65, r[4])), ""]
        return out

    table = ("Redovisning av ekonomi\nBudget 2024\nEnhetens budget för 2024 är 28 mkr.\nErsättningsnivåer\n2024\n<page>"
             + "\n".join(group(["Ersättning boende", "med särskild service"], "dygn",
                               [("Nivå 1", "1 119", "−67", "−5,6 %", "1 186"), ("Nivå 2", "1 361", "−81", "−5,6 %", "1 442")])
                         + group(["Ersättning för", "Träffokal"], "månad", [])) + "\n<page>"
             + "\n".join([at((0, "Månad"), (21, "6 970"), (40, "270"), (57, "4,0 %"), (76, "6 700")), ""]
                         + group(["Schablonersättning", "lokalhyra"], "månad", [("Boendestöd", "145", "6", "4,3 %", "139")]))
             + "\n\n\nEnheten renoverade 2023 ett kök på Lilla skafferiet och fortsätter i år med nästa.\n")
    path = tmp_path / "export.txt"
    path.write_text(document("verksamhetsplan", table), encoding="utf-8")
    doc, _ = draft(path, UNIT, 2024, "verksamhetsplan", ROOT / "data")
    assert [s["rubrik"] for s in doc["ekonomi"]] == ["Budget 2024"]
    table_ = doc["ekonomi"][0]["ersattningsnivaer"]
    assert table_["rubrik"] == "Ersättningsnivåer 2024"
    # (Spaces aside: a title's line as long as its column's widest cannot be told from a cut word.)
    assert [(g["rubrik"].replace(" ", ""), [r["niva"] for r in g["rader"]]) for g in table_["grupper"]] == [
        ("Ersättningboendemedsärskildservice", ["Nivå 1", "Nivå 2"]), ("ErsättningförTräffokal", ["Månad"]),
        ("Schablonersättninglokalhyra", ["Boendestöd"])]


def test_a_cell_per_line_activity_table_is_matched_to_the_boards_activities(tmp_path):
    """pdftotext without -layout: each activity's lines, then its dates; an activity cut by a page
    break goes on after its dates on the next page. Each is matched to the nämndmål's activities in the
    board's file: nothing of the table is left for the editor as unplaced."""
    goals = ("KF:s inriktningsmål: 1. Ett Stockholm som håller samman med en stark och jämlik välfärd i hela staden\n"
             "KF:s mål för verksamhetsområdet: 1.4 Stockholm ska vara en bra stad att åldras i - med god omsorg och stor trygghet\n"
             "Nämndmål: Äldre har ett tryggt, hälsosamt och självständigt liv samt en god personcentrerad vård och omsorg\n"
             "Aktivitet\n\nStartdatum\n\nSlutdatum\n\nStadsdelsnämnden ska arbeta för att\nsäkerställa äldreomsorgens\n"
             "kompetensförsörjning samt erbjuda\nmedarbetare utbildning enligt\n\n2024-01-01\n\n2024-12-31\n<page>"
             "kompetensutvecklingsplanen med\nsärskild satsning på språk och\nyrkesutbildning.\n"
             "Stadsdelsnämnden ska fortsätta att\nutveckla arbetet med digitalisering och\nvälfärdsteknik inom äldreomsorgen.\n\n"
             "2024-01-01\n\n2024-12-31\n\n")
    path = tmp_path / "export.txt"
    path.write_text(document("verksamhetsplan", goals), encoding="utf-8")
    doc, r = draft(path, "bestallarenheten-aldre", 2024, "verksamhetsplan", ROOT / "data")
    assert [u["text"][:40] for u in doc.get("oplacerat", [])] == []
    assert doc["mal"][0]["namndmal"] == [{"id": "aldre"}]
