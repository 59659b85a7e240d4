#!/usr/bin/env python3
"""Generate a SYNTHETIC city: data in the layout of data/, for tests and benchmarks.

    python scripts/synth_city.py --out synthetic/city --boards 28 --units 600 --years 8 --seed 1 --first-year 2017

Everything is made up from a fixed vocabulary in this file (no network, no external data) with one
random.Random(seed); the same arguments give byte-identical output. Board and unit names are
clearly synthetic ("Syntetiska stadsdelsnämnden 03", "Testenheten 0042 för boendestöd"), and
DIR/dataset.yaml says `syntetisk: true`, so the site shows a banner on every page.

The shape follows the real data (README.md, macros/model/model.py): per year a stad/<år>.yaml, per board
namnder/<nämnd>/namnd.yaml and <år>.yaml, per unit enheter/<enhet>/enhet.yaml and a plan and a
report every year (some units have not yet reported the last year). Unit goals mostly persist from
year to year under the same id; indicator outcomes carry last year's outcome forward.

Check the result with:  .venv/bin/python -m macros validate DIR
Build a site from it:   PLANER_DATA=DIR .venv/bin/mkdocs build -d /tmp/synth-site

DIR is deleted and rewritten; the script refuses to delete a non-empty folder that is not a
synthetic city it made (no dataset.yaml saying `syntetisk: true`), and never the repository or data/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "synthetic" / "city"

# =====================================================================================================
# YAML writing (hand-written: fast, and prose as block scalars like the real files)
# =====================================================================================================

_PLAIN = re.compile(r"^[A-Za-zÅÄÖåäöÉé][^\n:#\t\"'\\]*$")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _scalar(v: Any) -> str:
    if type(v) is str:
        if _PLAIN.match(v) and not v.endswith(" ") and v.lower() not in _YAML11_WORDS:
            return v
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    raise TypeError(f"kan inte skriva {type(v).__name__} som YAML")


def _is_block(v: str) -> bool:
    """Can v be written as a `|` block scalar and read back unchanged?"""
    return (v.endswith("\n") and not v.endswith("\n\n") and not v.startswith((" ", "\n"))
            and " \n" not in v and "\t" not in v and "\r" not in v)


def _emit_map(d: dict, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, v in d.items():
        t = type(v)
        if t is str:
            if not v:
                continue  # absent, like the model's default ""
            if "\n" in v and _is_block(v):
                out.append(f"{pad}{key}: |")
                inner = pad + "  "
                out.extend([inner + line if line else "" for line in v[:-1].split("\n")])
            else:
                out.append(f"{pad}{key}: {_scalar(v)}")
        elif v is None:
            continue
        elif t is dict:
            if v:
                out.append(f"{pad}{key}:")
                _emit_map(v, indent + 2, out)
        elif t is list:
            if v:
                out.append(f"{pad}{key}:")
                _emit_list(v, indent + 2, out)
        else:
            out.append(f"{pad}{key}: {_scalar(v)}")


def _emit_list(items: list, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if type(item) is dict:
            start = len(out)
            _emit_map(item, indent + 2, out)
            out[start] = pad + "- " + out[start][indent + 2:]
        else:
            out.append(f"{pad}- {_scalar(item)}")


def dump(obj: dict, comment: str = "") -> str:
    """YAML text of obj (dicts, lists, str, int, float, bool, date; None values and empty lists left out)."""
    out: list[str] = [f"# {comment}"] if comment else []
    _emit_map(obj, 0, out)
    return "\n".join(out) + "\n"


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def sv_number(x: float, decimals: int = 1) -> str:
    return f"{x:.{decimals}f}".replace(".", ",")


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# =====================================================================================================
# Vocabulary
# =====================================================================================================

DIRECTIONS = [
    ("1", "En sammanhållen stad med en stark och jämlik välfärd för alla invånare"),
    ("2", "En grön och klimatsmart stad som ställer om på ett rättvist sätt"),
    ("3", "En stad med en hållbar ekonomi där alla har tillgång till utbildning, arbete och bostad"),
]

# (id, title, first year offset it exists from)
AREAS = [
    ("1.3", "Invånare i behov av stöd ska få det stöd och den omsorg de behöver", 0),
    ("1.4", "Äldre ska kunna leva ett tryggt och självständigt liv med god omsorg", 0),
    ("1.5", "Alla ska ha tillgång till ett rikt kultur-, idrotts- och föreningsliv", 0),
    ("1.6", "Barn och unga ska ha en trygg uppväxt med goda livsvillkor", 3),
    ("2.1", "Klimatpåverkan ska minska genom lägre utsläpp och smartare resursanvändning", 0),
    ("2.2", "Den biologiska mångfalden ska öka och naturen ska vara tillgänglig för alla", 0),
    ("3.3", "Fler invånare ska ha ett arbete och en egen försörjning", 0),
    ("3.4", "Medarbetare ska ges goda förutsättningar att göra ett bra jobb", 0),
    ("3.6", "Tryggheten ska öka genom förebyggande insatser", 0),
]
AREA_ORDER = {a[0]: i for i, a in enumerate(AREAS)}


@dataclass(frozen=True)
class IndicatorSpec:
    id: str
    namn: str
    kf_mal: str
    enhet: Optional[str]
    periodicitet: str
    kf_arsmal: Any  # float, "Tas fram av nämnd", "Tas fram av nämnd/styrelse" or None
    riktning: Optional[str]
    lo: float
    hi: float
    decimals: int
    by_sex: bool = False
    since: int = 0  # first year offset


INDICATORS = [
    IndicatorSpec("brukare-nojda-med-stodet", "Andel brukare som är nöjda med sitt stöd", "1.3", "%", "År",
                  "Tas fram av nämnd", "hogre", 60, 98, 0, True),
    IndicatorSpec("brukare-ej-diskriminering", "Andel brukare som inte upplever diskriminering i kontakten med verksamheten",
                  "1.3", "%", "År", "Tas fram av nämnd", "hogre", 70, 99, 0, True),
    IndicatorSpec("forbattrad-situation", "Andel personer som själva upplever att insatserna har förbättrat deras situation",
                  "1.3", "%", "År", "Tas fram av nämnd", "hogre", 50, 95, 0, True, 1),
    IndicatorSpec("aldre-trygga", "Andel äldre som känner sig trygga med sitt stöd", "1.4", "%", "År",
                  85.0, "hogre", 65, 98, 0, True),
    IndicatorSpec("personalkontinuitet-hemtjanst", "Antal personal som en brukare med hemtjänst möter under 14 dagar",
                  "1.4", None, "Tertial", 12.0, "lagre", 6, 22, 0),
    IndicatorSpec("deltagare-kultur-och-fritid", "Antal deltagare i kultur- och fritidsaktiviteter", "1.5", None, "År",
                  None, "hogre", 40, 900, 0),
    IndicatorSpec("unga-meningsfull-fritid", "Andel unga som upplever att de har en meningsfull fritid", "1.6", "%", "År",
                  "Tas fram av nämnd", "hogre", 55, 92, 0, True, 3),
    IndicatorSpec("klimatpaverkan-livsmedel", "Klimatpåverkan från upphandlade livsmedel och måltider", "2.1",
                  "kg CO₂ per kg livsmedel", "År", 1.6, "lagre", 1.2, 2.4, 2),
    IndicatorSpec("fossilfria-tjansteresor", "Andel tjänsteresor som görs med fossilfria färdmedel", "2.1", "%", "År",
                  90.0, "hogre", 40, 100, 0, False, 2),
    IndicatorSpec("ekologiska-livsmedel", "Andel inköpta ekologiska livsmedel och måltider i kronor av totala inköp",
                  "2.2", "%", "År", 70.0, "hogre", 0, 85, 0),
    IndicatorSpec("gronytor-enligt-skotselplan", "Andel grönytor som sköts enligt skötselplan för biologisk mångfald",
                  "2.2", "%", "År", "Tas fram av nämnd", "hogre", 30, 100, 0),
    IndicatorSpec("arbete-eller-studier", "Andel deltagare som gått vidare till arbete eller studier", "3.3", "%", "År",
                  "Tas fram av nämnd", "hogre", 15, 60, 0, True),
    IndicatorSpec("aktivt-medskapandeindex", "Aktivt medskapandeindex", "3.4", None, "År", 83.0, "hogre", 55, 92, 0),
    IndicatorSpec("ledarskapsindex", "Ledarskapsindex", "3.4", None, "År", 80.0, "hogre", 55, 95, 0, False, 1),
    IndicatorSpec("sjukfranvaro", "Sjukfrånvaro", "3.4", "%", "Tertial", "Tas fram av nämnd/styrelse", "lagre",
                  3, 14, 1, True),
    IndicatorSpec("sjukfranvaro-dag-1-14", "Sjukfrånvaro dag 1-14", "3.4", "%", "Tertial",
                  "Tas fram av nämnd/styrelse", "lagre", 1.5, 5, 1, True),
    IndicatorSpec("timavlonad-personal", "Andel arbetade timmar av timavlönad personal i förhållande till samtliga arbetade timmar",
                  "3.4", "%", "Tertial", "Tas fram av nämnd/styrelse", "lagre", 3, 30, 1),
    IndicatorSpec("heltidsanstallda", "Andel tillsvidareanställda som arbetar heltid", "3.4", "%", "År", 80.0, "hogre",
                  45, 98, 0, True),
    IndicatorSpec("trygghetsindex", "Trygghetsindex i närmiljön", "3.6", None, "År", None, "hogre", 40, 85, 0),
    IndicatorSpec("trygghetsvandringar", "Antal genomförda trygghetsvandringar", "3.6", None, "År", None, None, 0, 12, 0),
]

# Board goals per area: (id, titel). The first of each area is the usual one; the second may replace it.
BOARD_GOALS = {
    "1.3": [("funktionsnedsattning-delaktighet", "Personer med funktionsnedsättning har inflytande över sitt stöd och kan delta på lika villkor i samhället"),
            ("psykisk-halsa-aterhamtning", "Personer med psykisk ohälsa får ett stöd som främjar återhämtning och självständighet")],
    "1.4": [("aldre-trygghet", "Äldre har ett tryggt, hälsosamt och självständigt liv med en personcentrerad omsorg"),
            ("aldre-gemenskap", "Äldre har tillgång till gemenskap, meningsfulla aktiviteter och en god måltidsmiljö")],
    "1.5": [("kultur-och-fritid", "Invånarna har tillgång till ett rikt och tillgängligt kultur- och fritidsutbud")],
    "1.6": [("trygg-uppvaxt", "Barn och unga har en trygg uppväxt och stöd tidigt när det behövs")],
    "2.1": [("energieffektiva-verksamheter", "Nämndens verksamheter är energieffektiva och resurssmarta med liten klimatpåverkan"),
            ("hallbara-maltider", "Måltiderna i nämndens verksamheter har låg klimatpåverkan och lite matsvinn")],
    "2.2": [("biologisk-mangfald", "Parker och grönytor sköts så att den biologiska mångfalden ökar")],
    "3.3": [("vag-till-arbete", "Fler invånare går från ekonomiskt bistånd till arbete eller studier")],
    "3.4": [("attraktiv-arbetsgivare", "Nämnden är en attraktiv arbetsgivare med friska och engagerade medarbetare"),
            ("kompetensforsorjning", "Nämnden har en långsiktig kompetensförsörjning och ett närvarande ledarskap")],
    "3.6": [("trygga-offentliga-miljoer", "Invånarna känner sig trygga i stadsdelens offentliga miljöer")],
}

BOARD_ACTIVITIES = [
    "Nämnden ska säkerställa kompetensförsörjningen och erbjuda medarbetare utbildning enligt kompetensutvecklingsplanen.",
    "Nämnden ska fortsätta att utveckla arbetet med digitalisering och välfärdsteknik.",
    "Nämnden ska utveckla samverkan med regionen för en god och nära vård.",
    "Nämnden ska följa upp insatsernas kvalitet utifrån interna och externa uppföljningsresultat.",
    "Nämnden ska öka kännedomen om de nationella minoriteternas rättigheter i verksamheterna.",
    "Nämnden ska genomföra en kartläggning av verksamheternas energianvändning.",
    "Nämnden ska minska matsvinnet i verksamheternas kök och restauranger.",
    "Nämnden ska genomföra trygghetsvandringar tillsammans med invånare och fastighetsägare.",
    "Nämnden ska ta fram en plan för att fler medarbetare ska arbeta heltid.",
    "Nämnden ska stärka det förebyggande arbetet mot ofrivillig ensamhet.",
    "Nämnden ska utbilda chefer i arbetsmiljö och rehabilitering.",
    "Nämnden ska utveckla brukarnas möjligheter att lämna synpunkter digitalt.",
]

DEPARTMENTS = [
    "Avdelningen för äldreomsorg", "Avdelningen för socialtjänst", "Avdelningen för funktionsnedsättning",
    "Avdelningen för kultur, fritid och park", "Avdelningen för arbetsmarknad", "Avdelningen för administration",
    "Avdelningen för förebyggande arbete", "Avdelningen för stadsmiljö",
]


@dataclass(frozen=True)
class Kind:
    suffix: str  # "för boendestöd"
    who: tuple[str, str, str]  # indefinite plural, definite plural, definite plural genitive
    focus: tuple[str, ...]  # preferred area goals
    objects: tuple[str, ...]
    topics: tuple[str, ...]
    mission: tuple[str, ...]
    rates: Optional[tuple[tuple[str, str, tuple[str, ...], int], ...]] = None  # (rubrik, per, levels, base)


BRUKARE = ("brukare", "brukarna", "brukarnas")
KINDS = [
    Kind("för boendestöd", BRUKARE, ("1.3", "3.4", "2.1"),
         ("stödet i brukarnas hem", "planeringen av boendestödet", "brukarnas vardagsrutiner", "samarbetet med hyresvärdar"),
         ("boendestöd", "motiverande samtal", "lågaffektivt bemötande"),
         ("Enheten ger boendestöd till personer med psykisk eller fysisk funktionsnedsättning i deras egna hem.",
          "Stödet syftar till att brukarna ska klara sin vardag så självständigt som möjligt."),
         (("Ersättning boendestöd", "timme", ("1-7 timmar", "8-18 timmar", "19- timmar"), 480),
          ("Ersättning stödboende", "dygn", ("Nivå 1", "Nivå 2", "Nivå 3"), 360))),
    Kind("för daglig verksamhet", ("deltagare", "deltagarna", "deltagarnas"), ("1.3", "3.4", "2.2"),
         ("arbetsuppgifterna i daglig verksamhet", "deltagarnas individuella planer", "aktiviteterna i ateljén", "utflykterna"),
         ("alternativ och kompletterande kommunikation", "tydliggörande pedagogik", "social dokumentation"),
         ("Enheten erbjuder daglig verksamhet enligt LSS för vuxna med intellektuell funktionsnedsättning.",
          "Deltagarna får en meningsfull sysselsättning utifrån sina egna intressen och förutsättningar."),
         (("Ersättning daglig verksamhet", "månad", ("Nivå 1", "Nivå 2", "Nivå 3", "Nivå 4"), 9800),)),
    Kind("för personlig assistans", BRUKARE, ("1.3", "3.4"),
         ("assistansen i brukarnas hem", "bemanningen hos varje brukare", "jourpassen", "debiteringen av assistanstimmar"),
         ("förflyttningsteknik", "delegering av hälso- och sjukvårdsinsatser", "HLR"),
         ("Enheten utför personlig assistans, ledsagning och avlösarservice enligt LSS.",
          "Den huvudsakliga verksamheten bedrivs i brukarens hem och utgår från brukarens självbestämmande."),
         (("Ersättning ledsagning och avlösning", "timme", ("Dag", "Kväll", "Helg"), 390),)),
    Kind("för hemtjänst", BRUKARE, ("1.4", "3.4", "2.1"),
         ("planeringen av hemtjänstinsatserna", "kontinuiteten hos brukarna", "nyckelfri hemtjänst", "måltidsstödet"),
         ("demensvård", "social dokumentation", "våld i nära relationer", "palliativ vård"),
         ("Enheten utför hemtjänst för äldre i stadsdelen dygnet runt.",
          "Insatserna utgår från brukarnas behov och önskemål och ska ge trygghet i vardagen."),
         None),
    Kind("för vård- och omsorgsboende", ("boende", "de boende", "de boendes"), ("1.4", "3.4", "2.1"),
         ("måltiderna på boendet", "de boendes utevistelse", "aktiviteterna på avdelningarna", "den palliativa vården"),
         ("palliativ vård", "demensvård", "fallprevention", "munhälsa"),
         ("Enheten driver ett vård- och omsorgsboende med platser för personer med demenssjukdom och somatiska behov.",
          "De boende ska ha en meningsfull vardag med god vård och omsorg."),
         (("Ersättning vård- och omsorgsboende", "dygn", ("Somatik", "Demens", "Korttid"), 1900),)),
    Kind("för biståndshandläggning äldre", BRUKARE, ("1.4", "3.4"),
         ("handläggningstiderna", "utredningarna enligt IBIC", "uppföljningen av beslut", "informationen om äldreomsorgen"),
         ("IBIC", "förvaltningsrätt", "samtalsmetodik"),
         ("Enheten utreder och beslutar om bistånd till äldre enligt socialtjänstlagen.",
          "Handläggningen ska vara rättssäker och utgå från den enskildes behov."),
         None),
    Kind("för socialpsykiatri", ("klienter", "klienterna", "klienternas"), ("1.3", "3.6", "3.4"),
         ("samordnade individuella planer", "klienternas återhämtning", "samverkan med psykiatrin", "uppsökande arbete"),
         ("återhämtningsinriktat arbete", "suicidprevention", "motiverande samtal"),
         ("Enheten ger stöd till vuxna med psykisk ohälsa och deras anhöriga.",
          "Klienterna ska få stöd att leva ett självständigt liv med god livskvalitet."),
         None),
    Kind("för ekonomiskt bistånd", ("sökande", "de sökande", "de sökandes"), ("3.3", "3.4"),
         ("handläggningen av ansökningar", "samarbetet med jobbtorget", "planeringen mot egen försörjning", "e-tjänsten för ansökan"),
         ("socialtjänstlagen", "barnrättsperspektivet", "samtalsmetodik"),
         ("Enheten handlägger ekonomiskt bistånd och arbetar för att de sökande ska nå egen försörjning.",
          "Arbetet sker i nära samverkan med arbetsmarknadsinsatser i staden."),
         None),
    Kind("för fritid och kultur", ("besökare", "besökarna", "besökarnas"), ("1.5", "1.6", "3.6"),
         ("programmet på fritidsgården", "lovaktiviteterna", "samarbetet med föreningslivet", "öppettiderna"),
         ("normkritiskt arbetssätt", "konflikthantering", "ledarskap för unga"),
         ("Enheten driver fritidsgårdar, träffpunkter och kulturaktiviteter i stadsdelen.",
          "Besökarna ska ha tillgång till meningsfulla och trygga aktiviteter på fritiden."),
         None),
    Kind("för trygghet och förebyggande arbete", ("invånare", "invånarna", "invånarnas"), ("3.6", "1.6", "3.4"),
         ("trygghetsvandringarna", "det områdesbaserade arbetet", "samverkan med polisen", "fältarbetet"),
         ("brottsförebyggande arbete", "våldsprevention", "medborgardialog"),
         ("Enheten samordnar stadsdelens trygghetsarbete och det förebyggande arbetet för barn och unga.",
          "Invånarna ska känna sig trygga i sin närmiljö."),
         None),
    Kind("för parkmiljö och klimat", ("invånare", "invånarna", "invånarnas"), ("2.2", "2.1", "3.6"),
         ("skötseln av parker och grönytor", "planteringen av pollinatörsväxter", "snöröjningen", "medborgardialogerna om parkerna"),
         ("ekologisk skötsel", "klimatanpassning", "upphandling"),
         ("Enheten ansvarar för stadsdelens parker, lekplatser och grönytor.",
          "Invånarna ska ha tillgång till trygga och gröna miljöer nära hemmet."),
         None),
    Kind("för sysselsättning", ("deltagare", "deltagarna", "deltagarnas"), ("1.3", "3.3", "3.4"),
         ("aktiviteterna på träfflokalen", "deltagarnas sysselsättningsplaner", "samarbetet med arbetsförmedlingen", "caféverksamheten"),
         ("arbetsträning", "motiverande samtal", "supported employment"),
         ("Enheten erbjuder sysselsättning och arbetsträning för personer med psykisk funktionsnedsättning.",
          "Deltagarna ska få stöd att närma sig arbete eller studier."),
         (("Ersättning sysselsättning", "månad", ("Nivå 1", "Nivå 2", "Nivå 3"), 3700),
          ("Schablonersättning lokalhyra", "månad", ("Boendestöd", "Sysselsättning"), 140))),
    Kind("för administration och stöd", ("verksamheter", "verksamheterna", "verksamheternas"), ("3.4", "2.1"),
         ("diarieföringen", "stödet till förvaltningens chefer", "lokalförsörjningen", "upphandlingarna"),
         ("informationssäkerhet", "offentlighet och sekretess", "dokumenthantering"),
         ("Enheten ger administrativt stöd till förvaltningens verksamheter inom ekonomi, personal och lokaler.",
          "Verksamheterna ska få ett snabbt och rättssäkert stöd."),
         None),
]

# Unit goal titles per area: (id, title with {who}/{Who}/{whose}).
UNIT_GOALS = {
    "1.3": [("delaktighet-i-stodet", "{Who} är delaktiga i utformningen av sitt stöd"),
            ("aktuella-genomforandeplaner", "Alla {who_i} har en aktuell genomförandeplan"),
            ("personligt-utformat-stod", "Enheten erbjuder ett personligt utformat stöd efter {whose} önskemål och behov"),
            ("rattssaker-verksamhet", "{Who} möter en tillgänglig och rättssäker verksamhet"),
            ("sjalvstandig-vardag", "{Who} får stöd att leva ett så självständigt liv som möjligt")],
    "1.4": [("trygg-aldreomsorg", "{Who} känner sig trygga med den omsorg de får"),
            ("hog-kontinuitet", "{Who} möter få olika medarbetare och har hög kontinuitet"),
            ("meningsfull-vardag", "{Who} har en meningsfull vardag med dagliga aktiviteter"),
            ("god-maltidsupplevelse", "{Who} har en god måltidsupplevelse och ett bra näringsintag")],
    "1.5": [("kultur-for-alla", "Enhetens {who_i} har tillgång till kultur och skapande"),
            ("aktiviteter-med-foreningslivet", "Enheten erbjuder aktiviteter tillsammans med föreningslivet")],
    "1.6": [("tidiga-insatser-unga", "Barn och unga får stöd tidigt när det behövs"),
            ("trygga-lov", "Barn och unga har tillgång till trygga lovaktiviteter")],
    "2.1": [("energieffektiv-och-resurssmart", "Enheten är energieffektiv och resurssmart med en minimal klimatpåverkan"),
            ("minskat-matsvinn", "Enheten minskar matsvinnet och klimatpåverkan från måltiderna"),
            ("farre-leveranser", "Enheten minskar antalet leveranser och transporter")],
    "2.2": [("gronare-narmiljo", "Enhetens närmiljö bidrar till ökad biologisk mångfald"),
            ("ekologiska-inkop", "Enheten ökar andelen ekologiska inköp")],
    "3.3": [("vag-till-egen-forsorjning", "Fler {who_i} går vidare till arbete eller studier"),
            ("snabb-handlaggning", "{Who} får ett snabbt och rättssäkert beslut")],
    "3.4": [("god-arbetsmiljo", "Enhetens medarbetare erbjuds en god arbetsmiljö"),
            ("minskad-sjukfranvaro", "Sjukfrånvaron bland medarbetarna minskar"),
            ("kompetenta-medarbetare", "Medarbetarna har rätt kompetens för sitt uppdrag"),
            ("heltid-som-norm", "Fler medarbetare arbetar heltid"),
            ("delaktiga-medarbetare", "Medarbetarna är delaktiga i att utveckla verksamheten")],
    "3.6": [("trygg-narmiljo", "{Who} känner sig trygga i närmiljön"),
            ("forebyggande-samverkan", "Enheten samverkar med andra aktörer för att förebygga otrygghet")],
}

SUBJECTS = ["Enheten", "Enhetschefen", "Medarbetarna", "Biträdande enhetschefer", "Ledningsgruppen", "Arbetsgruppen",
            "Verksamheten", "Vi", "Samordnaren", "Varje medarbetare", "Arbetslaget", "Kvalitetsombudet",
            "Enhetens medarbetare", "Enhetschef och biträdande enhetschefer"]
VERBS = [("arbetar", "aktivt med"), ("följer", "upp"), ("har", "påbörjat ett arbete med"), ("kommer", "att se över"),
         ("fortsätter", "att utveckla"), ("ska", "säkerställa"), ("har", "förbättrat"), ("prioriterar", ""),
         ("ser", "över"), ("utvärderar", ""), ("har", "sett över"), ("kommer", "att följa upp"), ("ansvarar", "för"),
         ("deltar", "i arbetet med"), ("dokumenterar", ""), ("har", "stärkt"), ("behöver", "vidareutveckla"),
         ("planerar", "för"), ("går", "igenom"), ("tar", "fram en plan för"), ("har", "uppdaterat"),
         ("kommer", "att prioritera"), ("ska", "tydliggöra")]
OBJECTS = ["rutinerna för avvikelser", "genomförandeplanerna", "brukarnas delaktighet", "medarbetarnas kompetensutveckling",
           "det systematiska arbetsmiljöarbetet", "kontinuiteten i bemanningen", "den sociala dokumentationen",
           "samverkan med anhöriga", "schemaläggningen", "introduktionen av nya medarbetare",
           "hanteringen av synpunkter och klagomål", "det förebyggande arbetet", "informationen till brukarna",
           "uppföljningen av ekonomin", "arbetet med egenkontroller", "kompetensförsörjningsplanen",
           "risk- och konsekvensanalyserna", "kontinuitetsplanen", "arbetsplatsträffarna", "medarbetarsamtalen",
           "det hälsofrämjande arbetet", "rutinerna för läkemedelshantering", "bemötandet av brukare och anhöriga",
           "samarbetet med beställarenheten", "användningen av välfärdsteknik", "lokalernas tillgänglighet",
           "inköpen av förbrukningsmaterial", "arbetet med heltid som norm", "rekryteringen av vikarier",
           "medarbetarnas delaktighet i planeringen", "de individuella planerna",
           "stödet till medarbetare som är nya i yrket", "kvaliteten i insatserna", "arbetsmiljön för medarbetarna",
           "brukarnas inflytande över insatsen", "rutinerna för social dokumentation", "informationssäkerheten",
           "avvikelsehanteringen", "brandskyddsarbetet", "rapporteringen enligt lex Sarah",
           "handledningen av medarbetare", "kommunikationen med brukarnas företrädare"]
ADVERBIALS = ["under året", "i samband med APT", "tillsammans med brukarna", "en gång i månaden",
              "utifrån förvaltningens årshjul", "för att öka tryggheten för brukarna",
              "på ett kontinuerligt och kostnadseffektivt sätt", "i nära dialog med medarbetarna",
              "inom ramen för det systematiska kvalitetsarbetet", "utifrån brukarnas önskemål och behov",
              "tillsammans med avdelningens controller", "vid varje personalmöte", "i alla arbetsgrupper",
              "så att medarbetarna känner sig trygga i sina roller", "enligt stadens riktlinjer",
              "i samverkan med andra enheter i förvaltningen", "med stöd av kvalitetsutvecklaren",
              "under hela verksamhetsåret", "på ledningsgruppens möten", "för att minska sjukfrånvaron",
              "så att varje brukare får ett likvärdigt stöd", "tillsammans med skyddsombudet"]
FRONTED = ["Under året", "Inom enheten", "Vid varje arbetsplatsträff", "Tillsammans med brukarna",
           "Under kommande verksamhetsår", "Utifrån resultatet av brukarundersökningen", "I varje arbetsgrupp",
           "Sedan förra året", "Efter verksamhetsuppföljningen", "Under hösten", "Under våren",
           "Som en del av kvalitetsarbetet", "Med stöd av förvaltningen", "Varje månad"]
FRONTED_YEAR = ["Under {ar}", "Inför {nasta}", "Sedan {forra}", "Under första tertialet {ar}", "Under hösten {ar}"]
PRESENT = ["stärker", "förbättrar", "säkerställer", "utvecklar", "följer upp", "tydliggör", "förenklar", "ser över"]
INFINITIVES = ["öka", "stärka", "förbättra", "säkerställa", "utveckla", "följa upp", "tydliggöra", "förenkla"]
RESULTS = ["ökad trygghet för brukarna", "en bättre arbetsmiljö för medarbetarna", "färre avvikelser",
           "högre kontinuitet för brukarna", "ett mer enhetligt arbetssätt", "minskad sjukfrånvaro",
           "ökad delaktighet för brukarna", "lägre kostnader för inhyrd personal",
           "en tydligare struktur i det dagliga arbetet", "att fler medarbetare arbetar heltid",
           "en mer personcentrerad omsorg", "att brukarna får information i rätt tid", "minskad klimatpåverkan",
           "att medarbetarna känner sig delaktiga", "en högre kvalitet i dokumentationen",
           "att nya medarbetare snabbare blir trygga i sitt arbete", "en budget i balans"]
TOPICS = ["social dokumentation", "lågaffektivt bemötande", "våld i nära relationer", "hbtqi-frågor", "brandskydd",
          "HLR", "arbetsmiljö", "dokumentation enligt SoL och LSS", "välfärdsteknik", "informationssäkerhet",
          "mänskliga rättigheter", "lex Sarah", "bemötande", "första hjälpen", "psykisk ohälsa", "nationella minoriteter"]
QUALITY_APPROACHES = ["stockholmarnas fokus", "helhetssyn", "hållbarhet", "handlingsutrymme", "lärande", "öppenhet"]

BULLET_TEMPLATES = [
    "Ökad andel {who_i} som är nöjda med {obj}.", "Fler {who_i} är delaktiga i planeringen av sitt stöd.",
    "Minskat antal avvikelser som rör {obj}.", "Alla {who_i} har en aktuell genomförandeplan.",
    "Medarbetarna upplever att de har goda förutsättningar att göra ett bra jobb.",
    "Minskad sjukfrånvaro bland medarbetarna.", "Enheten har en budget i balans.",
    "{Who} upplever att de blir bemötta med respekt.", "Fler medarbetare har genomgått utbildning om {topic}.",
    "Ökad kontinuitet för {who}.", "Minskade leveranser av förbrukningsmaterial.",
    "Medarbetarna känner till rutinerna för {topic}.", "Alla nya medarbetare får en strukturerad introduktion.",
    "Enheten har ett fungerande systematiskt arbetsmiljöarbete.", "{Who} får information i rätt tid.",
    "Förbättrade resultat i medarbetarenkäten.", "Minskad klimatpåverkan från {obj}.",
    "Ökad andel {who_i} som upplever trygghet.", "Fler synpunkter från {who} tas tillvara i utvecklingsarbetet.",
    "Insatsen ska verkställas senast inom tre månader från beslutsdagen.",
]
FOLLOW_UPS = ["Uppföljningsmöten och brukarenkät.", "Medarbetarenkät samt årlig skyddsrond.",
              "Egenkontroll av antal leveranser per år.", "Uppföljning på APT varje tertial.",
              "Stickprov i dokumentationen två gånger per år.", "Avvikelserapporter och synpunkter följs upp månadsvis.",
              "Resultatet av brukarundersökningen och egna enkäter.", "Uppföljning i ledningsgruppen varje månad.",
              "Tertialrapporter och verksamhetsberättelse.", "Sjukfrånvarostatistik följs upp varje månad med HR."]
STATUS_OPENERS = {
    "helt": ["Enheten bedömer att enhetsmålet har uppnåtts under året.",
             "Enhetsmålet bedöms vara helt uppfyllt.",
             "Enheten bedömer att målet har uppnåtts utifrån enhetens förutsättningar."],
    "delvis": ["Enheten bedömer att enhetsmålet har uppnåtts delvis.",
               "Enhetsmålet bedöms vara delvis uppfyllt eftersom arbetet inte har slutförts.",
               "Målet har delvis uppnåtts och arbetet fortsätter under nästa år."],
    "inte": ["Enheten bedömer att enhetsmålet inte har uppnåtts under året.",
             "Enhetsmålet bedöms inte vara uppfyllt.",
             "Målet har inte uppnåtts, främst på grund av hög personalomsättning."],
}
ANALYSIS_EXTRA = [
    "Resultatet i brukarundersökningen visar att {who} i hög grad är nöjda med bemötandet.",
    "Den höga sjukfrånvaron under våren påverkade möjligheten att genomföra alla planerade aktiviteter.",
    "Enheten har analyserat avvikelserna och ser att de flesta gällde {obj}.",
    "Medarbetarna har varit delaktiga i analysen och lämnat förslag på förbättringar.",
    "Bedömningen är att verksamhetens påverkansmöjlighet är begränsad eftersom inköp hanteras centralt.",
    "Arbetet fortsätter under {nasta} med fokus på {obj}.",
    "Enheten ser att redan vidtagna åtgärder har gett effekt.",
    "En plan för åtgärder har tagits fram och finns med i verksamhetsplanen för {nasta}.",
]
INDICATOR_ANALYSES = [
    "En analys har påbörjats och en plan för åtgärder finns i verksamhetsplanen för {nasta}.",
    "Utfallet påverkades av en längre period med hög personalomsättning.",
    "Resultatet bygger på få svar och ska tolkas med försiktighet.",
    "Enheten har infört nya rutiner under hösten och räknar med att se effekt under {nasta}.",
    "Utfallet följs upp varje månad i ledningsgruppen tillsammans med HR.",
]
COMPLAINT_GROUPS = [
    ("Antal rapporter som bedömts som allvarligt missförhållande och anmälts till IVO", ["Lex Maria", "Lex Sarah"]),
    ("Avvikelserapporter enligt SoL - Vem har identifierat avvikelsen?", ["Extern samverkanspart/annan verksamhet", "Medarbetare"]),
    ("Beröm", ["Antal beröm"]),
    ("Från vem har klagomål eller synpunkt inkommit?", ["Annan (t.ex. okänd)", "Brukare/patient",
                                                          "Medarbetare/verksamhet inom förvaltningen",
                                                          "Närstående (anhörig, god man, etc.)"]),
    ("Rapportering av lex Sarah och lex Maria", ["Lex Maria", "Lex Sarah"]),
    ("Vad gällde klagomålet eller synpunkten?", ["Annat", "Bemanning (kontinuitet, vikarieanskaffning)", "Bemötande",
                                                 "Beslut (missnöje, avsaknad av beslut, ej kommunicerat etc.)",
                                                 "Brister i information", "Brister i rutiner/utförande av insats",
                                                 "Fråga/idé", "Fysisk inne- eller utemiljö", "Kompetens",
                                                 "Mat och måltider", "Tillgänglighet (öppettider, telefontider)",
                                                 "Utebliven/försenad insats eller aktivitet"]),
    ("Vad har avvikelsen berört?", ["Annat", "Bemötande", "Brister i rättssäkerhet vid handläggning och utförande",
                                    "Brister i utförande av insats"]),
    ("Vem avser avvikelsen?", ["Annan verksamhet", "Den egna verksamheten"]),
    ("Återkoppling", ["Antal klagomål där återkoppling har lämnats"]),
    ("Åtgärder", ["Antal klagomål där åtgärder vidtagits"]),
]
COMPLAINT_SUMMARIES = [
    "Avvikelserna gällde främst {obj}.", "Samtliga ärenden har utretts och återkopplats.",
    "Klagomålen har följts upp med berörda medarbetare.", "Ärendet är anmält till IVO och utredningen pågår.",
    "Åtgärder har vidtagits och rutinen har uppdaterats.",
]
FIRST_NAMES = ["Anna", "Erik", "Maria", "Johan", "Sara", "Lars", "Fatima", "Ahmed", "Karin", "Mikael", "Elin", "Omar",
               "Lena", "Peter", "Sofia", "Ali", "Eva", "Hassan", "Ingrid", "Jonas"]
LAST_NAMES = ["Testsson", "Exempelberg", "Provlund", "Fiktivström", "Påhittsson", "Låtsasdal", "Modellqvist",
              "Dummysson", "Syntesson", "Mallgren"]


# =====================================================================================================
# Prose: pools of sentences drawn once per run, then combined into paragraphs
# =====================================================================================================


class Prose:
    """Swedish-looking text from the vocabulary. Sentences may hold {ar}, {forra}, {nasta}, filled per document."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.general = [self._sentence(None, False) for _ in range(2500)]
        self.yearly = [self._sentence(None, True) for _ in range(800)]
        self.per_kind = [[self._sentence(k, False) for _ in range(400)] for k in KINDS]
        self.per_kind_yearly = [[self._sentence(k, True) for _ in range(150)] for k in KINDS]
        self.bullets = [[self._bullet(k) for _ in range(150)] for k in KINDS]

    def _who(self, kind: Optional[Kind]) -> tuple[str, str, str]:
        return kind.who if kind else BRUKARE

    def _sentence(self, kind: Optional[Kind], yearly: bool) -> str:
        r = self.rng
        who_i, who, whose = self._who(kind)
        objs = OBJECTS + list(kind.objects) * 4 if kind else OBJECTS
        topics = TOPICS + list(kind.topics) * 3 if kind else TOPICS
        obj = r.choice(objs)
        shape = r.random()
        if yearly:
            front = r.choice(FRONTED_YEAR)
            if shape < 0.45:
                fin, rest = r.choice(VERBS)
                subj = r.choice(SUBJECTS)
                subj = subj if subj == "Vi" else subj[0].lower() + subj[1:]
                subj = "vi" if subj == "Vi" else subj
                return f"{front} {fin} {subj} {rest} {obj}.".replace("  ", " ")
            if shape < 0.7:
                return f"{front} har {r.randint(3, 40)} medarbetare deltagit i utbildning om {r.choice(topics)}."
            if shape < 0.85:
                return (f"Enheten hade vid årsskiftet {r.randint(1, 24) * 10} {who_i} och "
                        f"{r.randint(8, 120)} medarbetare inför {{nasta}}.")
            return f"Arbetet med {obj} ska vara klart under {{ar}} och följs upp i verksamhetsberättelsen."
        if shape < 0.34:
            fin, rest = r.choice(VERBS)
            return f"{r.choice(SUBJECTS)} {fin} {rest} {obj} {r.choice(ADVERBIALS)}.".replace("  ", " ")
        if shape < 0.52:
            fin, rest = r.choice(VERBS)
            subj = r.choice(SUBJECTS)
            subj = "vi" if subj == "Vi" else subj[0].lower() + subj[1:]
            return f"{r.choice(FRONTED)} {fin} {subj} {rest} {obj}.".replace("  ", " ")
        if shape < 0.60:
            return f"Syftet är att {r.choice(INFINITIVES)} {obj} och att bidra till {r.choice(RESULTS)}."
        if shape < 0.68:
            a, b = r.sample(RESULTS, 2)
            return f"Det har lett till {a} och {b}."
        if shape < 0.76:
            return (f"{cap(who)} ska känna sig trygga med de medarbetare som ger stöd, "
                    f"och {whose} synpunkter tas tillvara {r.choice(ADVERBIALS)}.")
        if shape < 0.83:
            return f"Medarbetarna har deltagit i utbildning om {r.choice(topics)} och om {r.choice(topics)}."
        if shape < 0.89:
            return f"Medarbetare som är nya på enheten får introduktion i {obj} och handledning {r.choice(ADVERBIALS)}."
        if shape < 0.94:
            a, b = r.sample(QUALITY_APPROACHES, 2)
            return f"Arbetet utgår från kvalitetsprogrammets förhållningssätt, särskilt {a} och {b}."
        return f"Genom att {r.choice(INFINITIVES)} {obj} skapas förutsättningar för {r.choice(RESULTS)}."

    def _bullet(self, kind: Kind) -> str:
        r = self.rng
        who_i, who, _ = kind.who
        t = r.choice(BULLET_TEMPLATES)
        return t.format(who_i=who_i, who=who, Who=cap(who), obj=r.choice(OBJECTS + list(kind.objects)),
                        topic=r.choice(TOPICS + list(kind.topics)))

    def paragraph(self, kind_no: int, lo: int = 3, hi: int = 7, yearly: float = 0.0) -> str:
        """One paragraph of lo..hi sentences; with yearly > 0 some sentences name years."""
        r = self.rng
        n = r.randint(lo, hi)
        k_general = r.randint(n // 3, n)
        parts = r.choices(self.general, k=k_general) + r.choices(self.per_kind[kind_no], k=n - k_general)
        if yearly and r.random() < yearly:
            parts.insert(r.randint(0, len(parts)), r.choice(self.per_kind_yearly[kind_no] + self.yearly))
        return " ".join(parts)

    def text(self, kind_no: int, paragraphs: tuple[int, int] = (1, 3), sentences: tuple[int, int] = (3, 7),
             yearly: float = 0.0) -> str:
        n = self.rng.randint(*paragraphs)
        return "\n\n".join(self.paragraph(kind_no, *sentences, yearly=yearly) for _ in range(n)) + "\n"

    def bullets_text(self, kind_no: int, lo: int = 2, hi: int = 4) -> str:
        return "".join(f"- {b}\n" for b in self.rng.sample(self.bullets[kind_no], self.rng.randint(lo, hi)))


def fill_years(text: str, year: int) -> str:
    if "{" not in text:
        return text
    return text.replace("{ar}", str(year)).replace("{forra}", str(year - 1)).replace("{nasta}", str(year + 1))


# =====================================================================================================
# The city's state, year by year
# =====================================================================================================


@dataclass
class BoardState:
    id: str
    no: int
    namn: str
    forvaltning: str
    avdelningar: list[str]
    areas: list[str]  # area goals it has goals under (in AREA_ORDER)
    goals: dict[str, list[str]] = field(default_factory=dict)  # area -> board goal ids this year
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # goal id -> (beskrivning, forvantat_resultat)


@dataclass
class UnitGoal:
    id: str
    area: str
    board_goal: str
    titel: str
    forvantat_resultat: str
    arbetssatt: str
    resursanvandning: str
    uppfoljning: str
    utveckling: str


@dataclass
class UnitState:
    id: str
    no: int
    namn: str
    board: BoardState
    kind_no: int
    avdelning: Optional[str]
    chef: str
    budget_mkr: float
    budget_unit: str
    goals: list[UnitGoal] = field(default_factory=list)
    used_goal_ids: set = field(default_factory=set)
    indicators: list[str] = field(default_factory=list)
    series: dict[str, dict[int, float]] = field(default_factory=dict)
    reported: dict[str, dict[int, Optional[float]]] = field(default_factory=dict)
    rates: Optional[list[tuple[str, str, list[tuple[str, float]]]]] = None  # (rubrik, per, [(niva, belopp)])
    uppdrag: str = ""
    plan_targets: dict[str, Optional[float]] = field(default_factory=dict)  # this year's årsmål

    @property
    def kind(self) -> Kind:
        return KINDS[self.kind_no]


@dataclass
class Counts:
    plans: int = 0
    reports: int = 0
    files: int = 0
    bytes: int = 0


class City:
    def __init__(self, boards: int, units: int, years: int, seed: int, first_year: int):
        if boards < 1 or units < 1 or years < 1:
            raise SystemExit("--boards, --units och --years måste vara minst 1")
        if first_year < 1900 or first_year + years - 1 > 2099:
            raise SystemExit("åren måste ligga mellan 1900 och 2099")
        self.n_boards, self.n_units, self.n_years, self.seed, self.first_year = boards, units, years, seed, first_year
        self.rng = random.Random(seed)
        self.prose = Prose(self.rng)
        self.years = list(range(first_year, first_year + years))
        self.boards: list[BoardState] = []
        self.units: list[UnitState] = []

    # --- helpers ----------------------------------------------------------------------------------

    def areas_in(self, year: int) -> list[str]:
        return [a for a, _, since in AREAS if year >= self.first_year + since]

    def indicators_in(self, year: int) -> list[IndicatorSpec]:
        areas = set(self.areas_in(year))
        return [i for i in INDICATORS if year >= self.first_year + i.since and i.kf_mal in areas]

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    # --- the whole city ---------------------------------------------------------------------------

    def documents(self) -> Iterator[tuple[str, dict, str]]:
        """(path relative to DIR, content, header comment) of every file, in a fixed order."""
        yield "dataset.yaml", {
            "syntetisk": True,
            "beskrivning": (f"Syntetisk stad, genererad av scripts/synth_city.py (--boards {self.n_boards} "
                            f"--units {self.n_units} --years {self.n_years} --seed {self.seed} "
                            f"--first-year {self.first_year}). Alla namn, texter och siffror är påhittade."),
        }, "Syntetiska testdata: genererade, aldrig publicerade."
        self._make_boards()
        self._make_units()
        # About 15 % of the units (at least one, if there are two) have not yet reported the last year.
        late = max(1 if self.n_units > 1 else 0, round(self.n_units * 0.15))
        not_reported = {u.id for u in self.rng.sample(self.units, late)}
        for b in self.boards:
            yield f"namnder/{b.id}/namnd.yaml", {"namn": b.namn, "forvaltning": b.forvaltning}, ""
        for u in self.units:
            yield f"enheter/{u.id}/enhet.yaml", {"namn": u.namn, "namnd": u.board.id, "avdelning": u.avdelning}, ""
        for year in self.years:
            yield f"stad/{year}.yaml", self._city_year(year), f"Syntetiska KF-mål och indikatorer {year}."
            for b in self.boards:
                yield f"namnder/{b.id}/{year}.yaml", self._board_year(b, year), f"{b.namn}: nämndmål {year}."
            last = year == self.years[-1]
            for u in self.units:
                plan = self._plan(u, year)
                yield f"enheter/{u.id}/{year}/verksamhetsplan.yaml", plan, f"Verksamhetsplan {year}, {u.namn}"
                if not (last and u.id in not_reported):
                    yield (f"enheter/{u.id}/{year}/verksamhetsberattelse.yaml", self._report(u, year, plan),
                           f"Verksamhetsberättelse {year}, {u.namn}")

    def files(self) -> Iterator[tuple[str, str]]:
        """(path relative to DIR, YAML text) of every file, in a fixed order."""
        for rel, obj, comment in self.documents():
            yield rel, dump(obj, comment)

    def _make_boards(self) -> None:
        r = self.rng
        districts = max(1, round(self.n_boards * 13 / 28))
        for no in range(1, self.n_boards + 1):
            if no <= districts:
                namn, forv = f"Syntetiska stadsdelsnämnden {no:02d}", f"Syntetiska stadsdelsförvaltningen {no:02d}"
            else:
                namn, forv = f"Syntetiska facknämnden {no:02d}", f"Syntetiska fackförvaltningen {no:02d}"
            avd = sorted(r.sample(DEPARTMENTS, r.randint(2, 4)), key=DEPARTMENTS.index)
            optional = [a for a, _, _ in AREAS if a not in ("2.1", "3.4")]
            areas = {"2.1", "3.4"} | {a for a in optional if r.random() < 0.75}
            self.boards.append(BoardState(slug(namn), no, namn, forv, avd, sorted(areas, key=AREA_ORDER.get)))

    def _make_units(self) -> None:
        r = self.rng
        weights = [3 if "stadsdels" in b.namn else 1 for b in self.boards]
        for no in range(1, self.n_units + 1):
            board = self.boards[no - 1] if no <= len(self.boards) else r.choices(self.boards, weights)[0]
            kind_no = r.randrange(len(KINDS))
            namn = f"Testenheten {no:04d} {KINDS[kind_no].suffix}"
            u = UnitState(
                id=slug(namn), no=no, namn=namn, board=board, kind_no=kind_no,
                avdelning=r.choice(board.avdelningar) if r.random() < 0.93 else None,
                chef=self.person(), budget_mkr=round(r.uniform(4, 90), 1),
                budget_unit=r.choice(["mkr", "milj kr", "milj kr", "tkr"]),
            )
            kind = u.kind
            if kind.rates and r.random() < 0.7:
                u.rates = [(rubrik, per, [(lvl, float(round(base * (1 + 0.25 * i) * r.uniform(0.9, 1.1))))
                                          for i, lvl in enumerate(levels)])
                           for rubrik, per, levels, base in kind.rates]
            u.uppdrag = "\n\n".join([" ".join(kind.mission), self.prose.paragraph(kind_no, 3, 6)]
                                    + [self.prose.paragraph(kind_no, 2, 5) for _ in range(r.randint(0, 2))]) + "\n"
            self.units.append(u)

    # --- stad/<år>.yaml -------------------------------------------------------------------------

    def _city_year(self, year: int) -> dict:
        areas = self.areas_in(year)
        return {
            "inriktningsmal": [{"id": i, "titel": t} for i, t in DIRECTIONS],
            "mal_for_verksamhetsomradet": [{"id": a, "titel": t} for a, t, _ in AREAS if a in areas],
            "indikatorer": [{
                "id": i.id, "namn": i.namn, "kf_mal": i.kf_mal, "enhet": i.enhet, "periodicitet": i.periodicitet,
                "kf_arsmal": i.kf_arsmal, "riktning": i.riktning,
            } for i in self.indicators_in(year)],
        }

    # --- namnder/<nämnd>/<år>.yaml ---------------------------------------------------------------

    def _board_year(self, b: BoardState, year: int) -> dict:
        r = self.rng
        areas = [a for a in b.areas if a in self.areas_in(year)]
        for area in areas:
            options = [g for g, _ in BOARD_GOALS[area]]
            if area not in b.goals:
                b.goals[area] = [options[0]]
                if len(options) > 1 and r.random() < 0.3:
                    b.goals[area].append(options[1])
            elif len(options) > 1 and r.random() < 0.08:
                # The board swaps a goal: units' goals under the retired one end with it.
                current = b.goals[area]
                b.goals[area] = [g for g in options if g not in current][:1] or current
        goals = []
        titles = dict(g for area in BOARD_GOALS.values() for g in area)
        for area in areas:
            for gid in b.goals[area]:
                if gid not in b.texts or r.random() < 0.2:
                    kind_no = r.randrange(len(KINDS))
                    v1, v2 = r.sample(PRESENT, 2)
                    opener = (f"Målet nås genom att nämndens verksamheter {v1} {r.choice(OBJECTS)} "
                              f"och {v2} {r.choice(OBJECTS)}. ")
                    beskrivning = opener + self.prose.text(kind_no, (2, 3), (4, 7))
                    forvantat = self.prose.bullets_text(kind_no, 2, 5)
                    if gid in b.texts:  # keep most of last year's wording, change a paragraph
                        old = b.texts[gid][0].split("\n\n")
                        old[r.randrange(len(old))] = beskrivning.split("\n\n")[0].rstrip("\n")
                        beskrivning = "\n\n".join(p.rstrip("\n") for p in old) + "\n"
                    b.texts[gid] = (beskrivning, forvantat)
                beskrivning, forvantat = b.texts[gid]
                goal: dict[str, Any] = {"id": gid, "kf_mal": area, "titel": titles[gid],
                                        "beskrivning": beskrivning, "forvantat_resultat": forvantat}
                if r.random() < 0.35:
                    acts = []
                    for text in r.sample(BOARD_ACTIVITIES, r.randint(1, 4)):
                        start = dt.date(year, r.choice([1, 1, 1, 3, 6]), 1)
                        end = dt.date(year, 12, 31) if r.random() < 0.8 else dt.date(year + 1, 6, 30)
                        acts.append({"aktivitet": text, "startdatum": start, "slutdatum": end})
                    goal["aktiviteter"] = acts
                goals.append(goal)
        return {"namndmal": goals}

    # --- enheter/<enhet>/<år>/verksamhetsplan.yaml ------------------------------------------------

    def _new_goal(self, u: UnitState, board_goals: list[tuple[str, str]]) -> UnitGoal:
        r = self.rng
        focus = set(u.kind.focus)
        weights = [4 if area in focus else 1 for area, _ in board_goals]
        area, bg = r.choices(board_goals, weights)[0]
        gid, title = r.choice(UNIT_GOALS[area])
        who_i, who, whose = u.kind.who
        title = title.format(who_i=who_i, Who=cap(who), whose=whose)
        n = 2
        base = gid
        while gid in u.used_goal_ids:
            gid, n = f"{base}-{n}", n + 1
        u.used_goal_ids.add(gid)
        p = self.prose
        k = u.kind_no
        return UnitGoal(
            id=gid, area=area, board_goal=bg, titel=title,
            forvantat_resultat=p.bullets_text(k, 1, 4) if r.random() < 0.85 else p.paragraph(k, 1, 2) + "\n",
            arbetssatt=p.text(k, (2, 3), (3, 7)),
            resursanvandning=p.text(k, (1, 2), (2, 5)) if r.random() < 0.9 else "",
            uppfoljning=r.choice(FOLLOW_UPS) + "\n" if r.random() < 0.6 else p.paragraph(k, 1, 3) + "\n",
            utveckling=p.text(k, (1, 2), (2, 6)) if r.random() < 0.8 else "",
        )

    def _evolve_goals(self, u: UnitState, year: int) -> None:
        """This year's unit goals: most carry over unchanged, some change, end or begin."""
        r = self.rng
        b = u.board
        live = {(area, g) for area in self.areas_in(year) for g in b.goals.get(area, [])}
        board_goals = sorted(live, key=lambda x: (AREA_ORDER[x[0]], x[1]))
        goals = [g for g in u.goals if (g.area, g.board_goal) in live]
        if year != self.years[0]:
            if goals and r.random() < 0.25:
                goals.pop(r.randrange(len(goals)))
            for g in goals:
                roll = r.random()
                if roll < 0.12:
                    g.arbetssatt = g.arbetssatt.rstrip("\n") + "\n\n" + self.prose.paragraph(u.kind_no, 2, 5) + "\n"
                elif roll < 0.22:
                    paras = g.arbetssatt.rstrip("\n").split("\n\n")
                    paras[r.randrange(len(paras))] = self.prose.paragraph(u.kind_no, 3, 6)
                    g.arbetssatt = "\n\n".join(paras) + "\n"
                elif roll < 0.28:
                    g.forvantat_resultat = self.prose.bullets_text(u.kind_no, 1, 4)
                elif roll < 0.31 and not g.titel.endswith("resultatet"):
                    g.titel = g.titel + " och följer upp resultatet"
                elif roll < 0.36:
                    g.utveckling = self.prose.text(u.kind_no, (1, 2), (2, 5))
            target = len(goals) + (1 if r.random() < 0.3 else 0)
        else:
            target = r.randint(3, 8)
        target = max(3, min(8, target))
        if not any(g.area == "3.4" for g in goals) and any(a == "3.4" for a, _ in board_goals) and len(goals) < 8:
            g = self._new_goal(u, [x for x in board_goals if x[0] == "3.4"])
            goals.append(g)
        while len(goals) < target:
            goals.append(self._new_goal(u, board_goals))
        u.goals = goals

    def _evolve_indicators(self, u: UnitState, year: int) -> list[IndicatorSpec]:
        r = self.rng
        available = self.indicators_in(year)
        ids = {i.id for i in available}
        if not u.indicators:
            focus = set(u.kind.focus) | {"3.4"}
            pool = [i.id for i in available]
            weights = [5 if i.kf_mal in focus else 1 for i in available]
            want = r.randint(5, min(15, len(pool)))
            chosen: list[str] = []
            while len(chosen) < want:
                pick = r.choices(pool, weights)[0]
                if pick not in chosen:
                    chosen.append(pick)
            u.indicators = chosen
        else:
            kept = [i for i in u.indicators if i in ids]
            new = [i.id for i in available if i.id not in kept]
            if new and len(kept) < 15 and r.random() < 0.3:
                kept.append(r.choice(new))
            u.indicators = kept
        by_id = {i.id: i for i in available}
        return sorted((by_id[i] for i in u.indicators), key=lambda i: (AREA_ORDER[i.kf_mal], INDICATORS.index(i)))

    def _value(self, u: UnitState, ind: IndicatorSpec, year: int) -> float:
        """The unit's 'true' outcome of an indicator in a year: a random walk, made on demand."""
        s = u.series.setdefault(ind.id, {})
        if year not in s:
            if year - 1 in s:
                prev = s[year - 1]
            else:
                prev = self.rng.uniform(ind.lo, ind.hi)
            v = prev + self.rng.gauss(0, (ind.hi - ind.lo) * 0.07)
            s[year] = min(ind.hi, max(ind.lo, v))
        return s[year]

    @staticmethod
    def _round(ind: IndicatorSpec, v: float) -> float | int:
        return round(v, ind.decimals) if ind.decimals else int(round(v))

    def _target(self, u: UnitState, ind: IndicatorSpec, year: int) -> Optional[float]:
        if self.rng.random() < 0.1:
            return None
        base = self._value(u, ind, year - 1)
        step = (ind.hi - ind.lo) * self.rng.uniform(0, 0.06)
        t = base + step if ind.riktning == "hogre" else base - step if ind.riktning == "lagre" else base
        return self._round(ind, min(ind.hi, max(ind.lo, t)))

    def _plan(self, u: UnitState, year: int) -> dict:
        r, p, k = self.rng, self.prose, u.kind_no
        self._evolve_goals(u, year)
        indicators = self._evolve_indicators(u, year)
        u.plan_targets = {i.id: self._target(u, i, year) for i in indicators}
        if r.random() < 0.15:
            u.chef = self.person()
        blocks: dict[str, dict] = {}
        for area in self.areas_in(year):
            rows = [{"indikator": i.id, "arsmal": u.plan_targets[i.id]} for i in indicators if i.kf_mal == area]
            refs = []
            for bg in u.board.goals.get(area, []) if area in u.board.areas else []:
                mine = [g for g in u.goals if g.board_goal == bg]
                if mine:
                    refs.append({"id": bg, "enhetsmal": [{
                        "id": g.id, "titel": g.titel, "forvantat_resultat": g.forvantat_resultat,
                        "arbetssatt": g.arbetssatt, "resursanvandning": g.resursanvandning,
                        "uppfoljning": g.uppfoljning, "utveckling": g.utveckling,
                    } for g in mine]})
                elif r.random() < 0.2:
                    refs.append({"id": bg})  # the board goal is named, without a unit goal under it
            if rows or refs:
                blocks[area] = {"kf_mal": area, "indikatorer": rows, "namndmal": refs}
        fill = lambda t: fill_years(t, year)  # noqa: E731
        inledning = [
            {"rubrik": "Enhetens uppdrag", "text": u.uppdrag},
            {"rubrik": f"Utvecklingsområden {year}", "text": self._development_areas(u)},
            {"rubrik": "Kvalitetsarbete", "text": fill(p.text(k, (1, 2), (4, 7), yearly=0.5))},
            {"rubrik": "Organisationsbeskrivning", "text": fill(self._organisation(u) + p.text(k, (1, 2), (3, 6), 0.4))},
        ]
        if r.random() < 0.4:
            inledning.append({"rubrik": "Medarbetarnas delaktighet", "text": fill(p.text(k, (1, 2), (3, 6)))})
        ekonomi = [{"rubrik": "Resursanvändning", "text": fill(p.text(k, (2, 4), (3, 6), yearly=0.6))}]
        if r.random() < 0.6:
            ekonomi.append(self._budget_section(u, year))
        if u.rates:
            ekonomi.append(self._rates_section(u, year))
        ovrigt = [
            {"rubrik": "Systematiskt kvalitetsarbete", "text": fill(p.text(k, (2, 3), (3, 6), yearly=0.5))},
            {"rubrik": "Personalens medverkan i kvalitetsarbetet", "text": fill(p.text(k, (1, 2), (3, 6)))},
            {"rubrik": "Agenda 2030", "text": fill(p.text(k, (1, 2), (2, 5)))},
        ]
        head: dict[str, Any] = {"handlaggare": u.chef, "telefon": f"0800000{u.no % 1000:03d}", "till": u.namn}
        if r.random() < 0.3:
            head["datum"] = dt.date(year - 1, 12, r.randint(1, 20))
        bilagor = [b for b in (f"Kompetensförsörjningsplan {u.namn}", f"Internkontrollplan {year}",
                               f"Risk- och konsekvensanalys {year}") if r.random() < 0.5]
        return {"huvud": head, "bilagor": bilagor, "inledning": inledning,
                "mal": [blocks[a] for a in sorted(blocks, key=AREA_ORDER.get)],
                "ekonomi": ekonomi, "ovrigt": ovrigt}

    def _development_areas(self, u: UnitState) -> str:
        r = self.rng
        lines = []
        for _ in range(r.randint(3, 6)):
            verb = r.choice(["Utveckla", "Systematisera", "Följa upp", "Se över", "Implementera", "Stärka"])
            obj = r.choice(OBJECTS + list(u.kind.objects))
            if r.random() < 0.25:
                lines.append(f"- **{verb} {obj}**")
                lines.append(f"  {r.choice(self.prose.general)}")
            else:
                lines.append(f"- {verb} {obj}.")
        return "\n".join(lines) + "\n"

    def _organisation(self, u: UnitState) -> str:
        r = self.rng
        who_i = u.kind.who[0]
        return (f"{u.namn} består av en enhetschef, "
                f"{r.choice(['en biträdande enhetschef', 'två biträdande enhetschefer', 'tre biträdande enhetschefer'])} "
                f"och {r.choice(['en administratör', 'två administratörer'])}. "
                f"Enheten har cirka {r.randint(2, 30) * 10} {who_i} "
                f"och cirka {r.randint(8, 150)} medarbetare.\n\n")

    def _budget_section(self, u: UnitState, year: int) -> dict:
        mkr = round(u.budget_mkr * (1 + 0.03) ** (year - self.first_year), 1)
        if u.budget_unit == "tkr":
            belopp = float(int(round(mkr * 1000)))
            shown = f"{int(belopp):,d}".replace(",", " ")
        else:
            belopp, shown = mkr, sv_number(mkr)
        text = (f"Budget för enheten för {year} är {shown} {u.budget_unit}. "
                + self.prose.paragraph(u.kind_no, 2, 5) + "\n\n" + self.prose.paragraph(u.kind_no, 2, 6) + "\n")
        return {"rubrik": f"Budget {year}", "budget": {"belopp": belopp, "enhet": u.budget_unit},
                "text": fill_years(text, year)}

    def _rates_section(self, u: UnitState, year: int) -> dict:
        r = self.rng
        groups = []
        new_rates = []
        for rubrik, per, rows in u.rates or []:
            out_rows, new_rows = [], []
            for niva, belopp in rows:
                if year == self.first_year:
                    now, before = belopp, float(round(belopp / (1 + r.uniform(0.01, 0.05))))
                else:
                    change = r.uniform(0.01, 0.05) if r.random() < 0.9 else -r.uniform(0.01, 0.06)
                    now, before = float(round(belopp * (1 + change))), belopp
                out_rows.append({"niva": niva, "belopp": now, "foregaende": before})
                new_rows.append((niva, now))
            groups.append({"rubrik": rubrik, "per": per, "rader": out_rows})
            new_rates.append((rubrik, per, new_rows))
        u.rates = new_rates
        text = (f"Enhetens ersättningsnivåer för {year} framgår av tabellen nedan. Kolumnen längst till höger visar "
                f"{year - 1} års ersättning. " + self.prose.paragraph(u.kind_no, 1, 3) + "\n")
        section = {"rubrik": "Ersättningsnivåer och intäkter", "text": text,
                   "ersattningsnivaer": {"rubrik": f"Ersättningsnivåer {year}", "ar": year, "foregaende_ar": year - 1,
                                         "grupper": groups}}
        if r.random() < 0.5:
            section["text_efter_tabell"] = self.prose.paragraph(u.kind_no, 1, 3) + "\n"
        return section

    # --- enheter/<enhet>/<år>/verksamhetsberattelse.yaml ------------------------------------------

    def _report(self, u: UnitState, year: int, plan: dict) -> dict:
        r, p, k = self.rng, self.prose, u.kind_no
        fill = lambda t: fill_years(t, year)  # noqa: E731
        specs = {i.id: i for i in INDICATORS}
        blocks = []
        for block in plan["mal"]:
            rows = []
            for row in block["indikatorer"]:
                ind = specs[row["indikator"]]
                out: dict[str, Any] = {"indikator": ind.id}
                history = u.reported.setdefault(ind.id, {})
                utfall = None if r.random() < 0.07 else self._round(ind, self._value(u, ind, year))
                if utfall is not None:
                    out["utfall"] = utfall
                    if ind.by_sex and r.random() < 0.5:
                        spread = (ind.hi - ind.lo) * r.uniform(-0.08, 0.08)
                        out["utfall_man"] = self._round(ind, min(ind.hi, max(ind.lo, utfall + spread)))
                        out["utfall_kvinnor"] = self._round(ind, min(ind.hi, max(ind.lo, utfall - spread)))
                # Last year's outcome as last year's report gave it (before the first year: the walk's value).
                if year == self.first_year:
                    prev = self._round(ind, self._value(u, ind, year - 1))
                else:
                    prev = history.get(year - 1)
                if prev is not None:
                    out["utfall_foregaende_ar"] = prev
                history[year] = utfall
                out["arsmal"] = row["arsmal"]
                out["period"] = str(year) if ind.periodicitet == "År" else f"VB {year}"
                target = row["arsmal"]
                missed = (utfall is not None and target is not None and
                          ((ind.riktning == "hogre" and utfall < target) or (ind.riktning == "lagre" and utfall > target)))
                if missed and r.random() < 0.6:
                    out["analys"] = fill(r.choice(INDICATOR_ANALYSES) + " " + p.paragraph(k, 1, 3)) + "\n"
                rows.append(out)
            refs = []
            for ref in block["namndmal"]:
                goals = []
                for g in ref.get("enhetsmal", []):
                    status = r.choices(["helt", "delvis", "inte"], [55, 35, 10])[0]
                    who_i, who, _ = u.kind.who
                    extra = " ".join(t.format(who=who, obj=r.choice(OBJECTS), nasta=year + 1)
                                     for t in r.sample(ANALYSIS_EXTRA, r.randint(0, 2)))
                    first = r.choice(STATUS_OPENERS[status]) + (" " + extra if extra else "")
                    analys = first + "\n\n" + p.text(k, (2, 4), (3, 6), yearly=0.3)
                    goals.append({"id": g["id"], "status": status, "analys": fill(analys)})
                refs.append({"id": ref["id"], "enhetsmal": goals})
            blocks.append({"kf_mal": block["kf_mal"], "indikatorer": rows, "namndmal": refs})

        sammanfattande = [
            {"rubrik": "Kvalitet- och utvecklingsarbete", "text": fill(p.text(k, (2, 4), (3, 7), yearly=0.7))},
            {"rubrik": "Kompetensutveckling", "text": fill(p.text(k, (1, 3), (3, 6), yearly=0.6))},
            {"rubrik": "Medarbetarnas delaktighet", "text": fill(p.text(k, (1, 3), (3, 6)))},
        ]
        result = r.uniform(-3, 2)
        ekonomi = [
            {"rubrik": "Analys av resultaträkning - uppföljning av driftbudget",
             "text": fill(f"Enheten redovisar ett {'överskott' if result >= 0 else 'underskott'} på "
                          f"{sv_number(abs(result))} mnkr för {year}. " + p.text(k, (2, 4), (3, 6), yearly=0.5))},
            {"rubrik": "Investeringar", "text": fill(p.paragraph(k, 1, 3)) + "\n" if r.random() < 0.4 else ""},
            {"rubrik": "Medel för lokaländamål"},
        ]
        ovrigt = [
            {"rubrik": "Systematiskt kvalitetsarbete", "avsnitt": [
                {"rubrik": "Systematiskt kvalitetsarbete", "text": fill(p.text(k, (2, 3), (3, 6), yearly=0.5))},
                {"rubrik": "Avvikelser och lex Sarah/lex Maria",
                 "text": fill(f"Enheten har hanterat totalt {r.randint(0, 80)} avvikelser och {r.randint(0, 4)} "
                              f"rapporter enligt lex Sarah under året. " + p.text(k, (1, 2), (2, 5)))},
                {"rubrik": "Synpunkter och klagomål", "text": fill(p.text(k, (1, 1), (2, 4)))},
                {"rubrik": "Extern granskning/tillsyn/brukarundersökningar", "text": fill(p.text(k, (1, 1), (1, 3)))},
                {"rubrik": "Resultat av genomförda egenkontroller", "text": fill(p.text(k, (1, 1), (2, 4)))},
            ]},
            {"rubrik": "Övrigt", "avsnitt": [{"rubrik": "Agenda 2030", "text": fill(p.text(k, (1, 3), (3, 6)))}]},
        ]
        klagomal = []
        for uppdelning, categories in COMPLAINT_GROUPS:
            cats = []
            for namn in categories:
                c: dict[str, Any] = {"namn": namn}
                if r.random() < 0.35:
                    for period in ("t1", "t2", "vb"):
                        if r.random() < 0.6:
                            c[period] = r.choice([0, 1, 1, 2, 3, 5, 8, 13, 40])
                    if r.random() < 0.25:
                        c["sammanfattning"] = r.choice(COMPLAINT_SUMMARIES).format(obj=r.choice(OBJECTS))
                cats.append(c)
            klagomal.append({"uppdelning": uppdelning, "kategorier": cats})
        head = {"handlaggare": u.chef, "telefon": f"0800000{u.no % 1000:03d}", "till": u.board.namn,
                "datum": dt.date(year + 1, r.choice([2, 3]), r.randint(1, 28)),
                "dnr": f"SYN {year}/{r.randint(100, 999)}", "handlingstyp": "Tjänsteutlåtande"}
        report: dict[str, Any] = {"huvud": head, "sammanfattande_analys": sammanfattande, "mal": blocks,
                                  "ekonomi": ekonomi, "ovrigt": ovrigt, "klagomal": klagomal}
        if r.random() < 0.5:
            report["klagomal_sammanfattning"] = fill(p.text(k, (1, 1), (2, 4)))
        return report


# =====================================================================================================
# Command line
# =====================================================================================================


def _safe_to_replace(out: Path) -> None:
    out = out.resolve()
    protected = [ROOT, ROOT / "data", ROOT / "content", ROOT / "macros", ROOT / "overrides", Path.home(), Path("/")]
    for p in protected:
        if out == p.resolve() or out in p.resolve().parents:
            raise SystemExit(f"vägrar att skriva över {out}: den innehåller eller är {p}")
    if out.exists():
        if not out.is_dir():
            raise SystemExit(f"{out} finns och är ingen katalog")
        marker = out / "dataset.yaml"
        if any(out.iterdir()) and not (marker.is_file() and "syntetisk: true" in marker.read_text(encoding="utf-8")):
            raise SystemExit(f"vägrar att radera {out}: katalogen är inte tom och är ingen syntetisk stad "
                             "(saknar dataset.yaml med syntetisk: true)")


def generate(out: Path, boards: int = 28, units: int = 600, years: int = 8, seed: int = 1,
             first_year: int = 2017) -> Counts:
    """Delete out and write a synthetic city into it."""
    out = Path(out)
    _safe_to_replace(out)
    if out.exists():
        shutil.rmtree(out)
    city = City(boards, units, years, seed, first_year)
    counts = Counts()
    made: set[Path] = set()
    for rel, text in city.files():
        path = out / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = text.encode("utf-8")
        path.write_bytes(data)
        counts.files += 1
        counts.bytes += len(data)
        if rel.endswith("/verksamhetsplan.yaml"):
            counts.plans += 1
        elif rel.endswith("/verksamhetsberattelse.yaml"):
            counts.reports += 1
    return counts


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Skriv en syntetisk stad (testdata) i datakatalogens format.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="katalog att radera och skriva (standard: synthetic/city)")
    parser.add_argument("--boards", type=int, default=28, help="antal nämnder (standard 28)")
    parser.add_argument("--units", type=int, default=600, help="antal enheter (standard 600)")
    parser.add_argument("--years", type=int, default=8, help="antal år (standard 8)")
    parser.add_argument("--seed", type=int, default=1, help="slumpfrö (standard 1)")
    parser.add_argument("--first-year", type=int, default=2017, help="första året (standard 2017)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    c = generate(args.out, args.boards, args.units, args.years, args.seed, args.first_year)
    print(f"{args.out}: {args.boards} nämnder, {args.units} enheter, {args.years} år ({args.first_year}-"
          f"{args.first_year + args.years - 1}), {c.plans} verksamhetsplaner, {c.reports} verksamhetsberättelser, "
          f"{c.files} filer, {c.bytes / 1e6:.1f} MB på {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
