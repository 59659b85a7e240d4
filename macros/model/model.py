"""The typed data model: what the YAML files in data/ may hold.

Field names are Swedish because editors write them; the classes are the
single source every page, export and check reads. Texts that repeat across
units (KF goals, nämndmål, indicator definitions) live once per year and are
referenced by id.

Prose fields hold a small Markdown subset (see ``text.py``): paragraphs
separated by a blank line, ``- `` bullets and ``**bold**``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, model_validator

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]  # id, e.g. "enheten-for-personligt-stod"
Text = str  # Markdown subset, see text.py
# Strict: YAML already gives numbers and dates their types; `true` or 2024-01-01 where a number
# belongs is a mistake to report, not to convert.
# allow_inf_nan: `.nan` and `.inf` are YAML numbers, yet no page can print them (and 1e400 reads as inf).
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Count = Annotated[int, Strict(), Field(ge=0)]


def _iso_date(value: object) -> object:
    # The YAML reader keeps dates as text, so a wrong date is reported here with its line.
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return value
    raise ValueError("väntade ett datum ÅÅÅÅ-MM-DD")


Date = Annotated[dt.date, BeforeValidator(_iso_date)]

# What KF writes instead of a number when the board sets the target itself.
KF_TARGET_BY_BOARD = Literal["Tas fram av nämnd", "Tas fram av nämnd/styrelse"]
STATUS = Literal["helt", "delvis", "inte"]
PERIODS = ("t1", "t2", "vb")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# Drafts (see drafts.py and remaining.py): an object lists in `att_fylla` the fields an editor has
# still to fill in or revise. The marker is data, not placeholder text: `validate` lists what
# remains, the site shows the document as "Utkast", and a publishing build refuses it. The editor
# deletes a field's name from the list when it is done.
# Left out of dumps when empty (open data of a finished document carries no draft marks).
def ToFill(*fields: str):
    return Annotated[list[Literal[fields]], Field(default_factory=list, exclude_if=_empty)]  # type: ignore[valid-type]


def _empty(value: list) -> bool:
    return not value


class DatasetInfo(Model):
    """<data>/dataset.yaml (optional): facts about the whole data directory."""

    syntetisk: bool = False  # generated test data: every page says so
    beskrivning: str = ""


# --- Shared texts, once per year -------------------------------------------


class DirectionGoal(Model):
    """KF:s inriktningsmål, e.g. 1."""

    id: str = Field(pattern=r"^\d+$")
    titel: str


class AreaGoal(Model):
    """KF:s mål för verksamhetsområdet, e.g. 1.3; its parent is the number before the dot."""

    id: str = Field(pattern=r"^\d+\.\d+$")
    titel: str

    @property
    def direction_id(self) -> str:
        return self.id.split(".")[0]


class IndicatorDefinition(Model):
    id: Slug
    namn: str
    kf_mal: str  # AreaGoal.id
    enhet: Optional[str] = None  # "%", "kg CO₂ per kg livsmedel"; None for a plain count or index
    periodicitet: Literal["År", "Tertial"]
    kf_arsmal: Union[Number, KF_TARGET_BY_BOARD, None] = None
    riktning: Optional[Literal["hogre", "lagre"]] = None  # which way is better, where known
    att_fylla: ToFill("kf_arsmal")


class CityYear(Model):
    """data/stad/<år>.yaml: the council's goals and indicator definitions for a year."""

    inriktningsmal: list[DirectionGoal]
    mal_for_verksamhetsomradet: list[AreaGoal]
    indikatorer: list[IndicatorDefinition] = []


class Activity(Model):
    aktivitet: str
    startdatum: Date
    slutdatum: Date


class BoardGoal(Model):
    """Nämndmål: the board's goal under a KF area goal."""

    id: Slug
    kf_mal: str  # AreaGoal.id
    titel: str
    beskrivning: Text
    forvantat_resultat: Text
    aktiviteter: list[Activity] = []
    att_fylla: ToFill("beskrivning", "forvantat_resultat", "aktiviteter")


class BoardYear(Model):
    """data/namnder/<nämnd>/<år>.yaml: the board's goals for a year."""

    namndmal: list[BoardGoal]


class Board(Model):
    """data/namnder/<nämnd>/namnd.yaml."""

    namn: str
    forvaltning: str


class Unit(Model):
    """data/enheter/<enhet>/enhet.yaml."""

    namn: str
    namnd: Slug
    avdelning: Optional[str] = None


# --- Document parts ------------------------------------------------------------


class Budget(Model):
    belopp: Number
    enhet: Literal["kr", "tkr", "mkr", "milj kr"]


class CompensationRow(Model):
    niva: str
    belopp: Number  # this year
    foregaende: Number  # last year


class CompensationGroup(Model):
    rubrik: str  # "Ersättning stödboende"
    per: Literal["dygn", "timme", "månad"]
    rader: list[CompensationRow]


class CompensationTable(Model):
    """Ersättningsnivåer: this year's compensation against last year's; changes are computed."""

    rubrik: str
    ar: Annotated[int, Strict()]
    foregaende_ar: Annotated[int, Strict()]
    grupper: list[CompensationGroup]


class Section(Model):
    rubrik: str
    text: Text = ""
    budget: Optional[Budget] = None
    ersattningsnivaer: Optional[CompensationTable] = None
    text_efter_tabell: Text = ""
    avsnitt: list["Section"] = []
    att_fylla: ToFill("text", "budget", "ersattningsnivaer", "text_efter_tabell")


class PlanIndicator(Model):
    indikator: Slug
    arsmal: Optional[Number] = None
    att_fylla: ToFill("arsmal")


class ReportIndicator(Model):
    indikator: Slug
    utfall: Optional[Number] = None
    utfall_man: Optional[Number] = None
    utfall_kvinnor: Optional[Number] = None
    utfall_foregaende_ar: Optional[Number] = None
    arsmal: Optional[Number] = None
    period: Optional[str] = None  # "2024", "VB 2024"
    analys: Text = ""
    att_fylla: ToFill("utfall", "utfall_man", "utfall_kvinnor", "utfall_foregaende_ar", "arsmal", "period", "analys")


class PlanUnitGoal(Model):
    id: Slug
    titel: str
    forvantat_resultat: Text = ""
    arbetssatt: Text = ""
    resursanvandning: Text = ""
    uppfoljning: Text = ""
    utveckling: Text = ""
    att_fylla: ToFill("titel", "forvantat_resultat", "arbetssatt", "resursanvandning", "uppfoljning", "utveckling")


class ReportUnitGoal(Model):
    """A unit goal of the plan (same id), as the report follows it up."""

    id: Slug
    status: Optional[STATUS] = None  # required, unless listed in att_fylla (a draft)
    analys: Text = ""
    att_fylla: ToFill("status", "analys")

    @model_validator(mode="after")
    def _status_given(self):
        if self.status is None and "status" not in self.att_fylla:
            raise ValueError("status saknas: skriv helt, delvis eller inte (eller 'att_fylla: [status]' i ett utkast)")
        return self


class PlanBoardGoalRef(Model):
    id: Slug  # BoardGoal.id
    enhetsmal: list[PlanUnitGoal] = []


class ReportBoardGoalRef(Model):
    id: Slug
    enhetsmal: list[ReportUnitGoal] = []


class PlanAreaBlock(Model):
    kf_mal: str  # AreaGoal.id
    indikatorer: list[PlanIndicator] = []
    namndmal: list[PlanBoardGoalRef] = []


class ReportAreaBlock(Model):
    kf_mal: str
    indikatorer: list[ReportIndicator] = []
    namndmal: list[ReportBoardGoalRef] = []


class ComplaintCategory(Model):
    namn: str
    t1: Optional[Count] = None
    t2: Optional[Count] = None
    vb: Optional[Count] = None
    # Optional, for editors copying the form: checked against t1 + t2 + vb, never shown as typed.
    totalt: Optional[Count] = None
    sammanfattning: str = ""
    att_fylla: ToFill("t1", "t2", "vb", "sammanfattning")

    @property
    def total(self) -> Optional[int]:
        counts = [c for c in (self.t1, self.t2, self.vb) if c is not None]
        return sum(counts) if counts else None


class ComplaintGroup(Model):
    uppdelning: str
    kategorier: list[ComplaintCategory]


class UnplacedText(Model):
    """Text an import could not place (python -m macros importera): validate warns until an editor
    moves it into the right field and deletes the entry."""

    text: str
    kalla: str  # where it was in the source document: "plan.pdf, sida 3, rad 4"
    orsak: str = ""


class DocumentHead(Model):
    handlaggare: str
    telefon: str
    till: str
    datum: Optional[Date] = None
    dnr: Optional[str] = None
    handlingstyp: Optional[str] = None  # "Tjänsteutlåtande"
    att_fylla: ToFill("handlaggare", "telefon", "till", "datum", "dnr", "handlingstyp")


class GoalToMove(Model):
    """Unit goals of last year's plan whose nämndmål is gone this year: the editor moves them
    under one of this year's nämndmål (or deletes them), then deletes the entry."""

    namndmal: Slug  # last year's nämndmål id
    kf_mal: str
    enhetsmal: list[PlanUnitGoal] = []


class Plan(Model):
    """data/enheter/<enhet>/<år>/verksamhetsplan.yaml."""

    huvud: DocumentHead
    bilagor: list[str] = []
    inledning: list[Section] = []
    mal: list[PlanAreaBlock] = []
    ekonomi: list[Section] = []
    ovrigt: list[Section] = []
    att_flytta: list[GoalToMove] = Field(default=[], exclude_if=_empty)  # drafts only
    # Left by an import (see UnplacedText); a working note for editors, not published in open data.
    oplacerat: list[UnplacedText] = Field(default=[], exclude=True)


class Report(Model):
    """data/enheter/<enhet>/<år>/verksamhetsberattelse.yaml."""

    huvud: DocumentHead
    bilagor: list[str] = []
    sammanfattande_analys: list[Section] = []
    mal: list[ReportAreaBlock] = []
    ekonomi: list[Section] = []
    ovrigt: list[Section] = []
    klagomal: list[ComplaintGroup] = []
    klagomal_sammanfattning: Text = ""
    att_fylla: ToFill("klagomal_sammanfattning")
    # Left by an import (see UnplacedText); a working note for editors, not published in open data.
    oplacerat: list[UnplacedText] = Field(default=[], exclude=True)
