"""The draft's parts as the recognisers build them: typed, each with ``dump()`` to the dict the YAML
draft holds. The model's classes would check too early (a draft may break a rule the editor is then
told about) and write every field; these write only what the document gave, in the model's names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Union


def dumped(value: Any) -> Any:
    if isinstance(value, list):
        return [dumped(v) for v in value]
    return value.dump() if hasattr(value, "dump") else value


class Ordered:
    """An entry whose keys the draft lists in the order the document filled them (the YAML writer keeps
    that order): a unit goal's labelled texts, an indicator row's columns. A list counts from its first
    item (``fill``), as the draft omits an empty one."""

    def __setattr__(self, name: str, value: Any):
        object.__setattr__(self, name, value)
        if value is not None and not isinstance(value, list):
            self.fill(name)

    def fill(self, name: str):
        filled = self.__dict__.setdefault("_filled", [])
        if name not in filled:
            filled.append(name)

    def dump(self) -> dict:
        return {name: dumped(getattr(self, name)) for name in self.__dict__.get("_filled", [])}


class Text:
    """A prose field being collected: paragraphs, bullets and bold sub-headings as Markdown."""

    def __init__(self):
        self.parts: list[tuple[str, str]] = []

    def add(self, kind: str, text: str):
        self.parts.append((kind, text))

    def markdown(self) -> str:
        parts = list(self.parts)
        # A short bullet followed by a paragraph and then another bullet heads that paragraph
        # ("- **Helhetssyn**" with its text indented under it), as the templates' value lists do.
        headed = set()
        for i, (kind, text) in enumerate(parts):
            if (kind == "bullet" and len(text.split()) <= 5 and i + 1 < len(parts) and parts[i + 1][0] == "text"
                    and (i + 2 >= len(parts) or parts[i + 2][0] == "bullet")
                    and any(p[0] == "bullet" and j != i for j, p in enumerate(parts))):
                headed.add(i)
        out = ""
        for i, (kind, text) in enumerate(parts):
            if i - 1 in headed:
                out += "\n  " + text
                continue
            if kind == "bullet":
                line = f"- **{text}**" if i in headed else f"- {text}"
            else:
                line = f"**{text}**" if kind == "bold" else text
            if i:
                out += "\n" if kind == "bullet" else "\n\n"
            out += line
        return out + "\n" if out else ""


# --- the letterhead ----------------------------------------------------------------------------------

@dataclass
class Head:
    handlaggare: Optional[str] = None
    telefon: Optional[str] = None
    till: Optional[str] = None
    datum: Optional[str] = None
    dnr: Optional[str] = None
    handlingstyp: Optional[str] = None

    def dump(self) -> dict:
        d = {k: getattr(self, k) for k in ("handlaggare", "telefon", "till", "datum", "dnr", "handlingstyp")
             if getattr(self, k) is not None}
        for required in ("handlaggare", "telefon", "till"):
            d.setdefault(required, "")  # the model requires them: empty for the editor to fill in
        return d


# --- prose sections -----------------------------------------------------------------------------------

@dataclass
class Budget:
    belopp: Union[int, float]
    enhet: str

    def dump(self) -> dict:
        return {"belopp": self.belopp, "enhet": self.enhet}


@dataclass
class CompensationRow:
    niva: str
    belopp: Union[int, float]
    foregaende: Union[int, float]

    def dump(self) -> dict:
        return {"niva": self.niva, "belopp": self.belopp, "foregaende": self.foregaende}


@dataclass
class CompensationGroup:
    rubrik: str
    per: str = "månad"
    rader: list[CompensationRow] = field(default_factory=list)

    def dump(self) -> dict:
        return {"rubrik": self.rubrik, "per": self.per, "rader": dumped(self.rader)}


@dataclass
class CompensationTable:
    rubrik: str
    ar: int
    foregaende_ar: int
    grupper: list[CompensationGroup] = field(default_factory=list)

    def dump(self) -> dict:
        return {"rubrik": self.rubrik, "ar": self.ar, "foregaende_ar": self.foregaende_ar, "grupper": dumped(self.grupper)}


@dataclass
class Section:
    rubrik: str
    level: int = 0
    in_toc: bool = False
    text: Text = field(default_factory=Text)
    after: Text = field(default_factory=Text)
    budget: Optional[Budget] = None
    table: Optional[CompensationTable] = None
    avsnitt: list["Section"] = field(default_factory=list)

    def empty(self) -> bool:
        return not self.text.parts and self.table is None and not self.avsnitt

    def dump(self) -> dict:
        d: dict = {"rubrik": self.rubrik}
        if self.budget is not None:
            d["budget"] = self.budget.dump()
        if self.text.parts:
            d["text"] = self.text.markdown()
        if self.table is not None:
            d["ersattningsnivaer"] = self.table.dump()
        if self.after.parts:
            d["text_efter_tabell"] = self.after.markdown()
        if self.avsnitt:
            d["avsnitt"] = [s.dump() for s in self.avsnitt]
        return d


# --- the goal tree ------------------------------------------------------------------------------------

@dataclass
class IndicatorRow(Ordered):
    """One indicator's row under a KF goal: its values, keyed as the columns came."""
    indikator: str
    arsmal: Optional[Union[int, float]] = None
    utfall: Optional[Union[int, float]] = None
    utfall_man: Optional[Union[int, float]] = None
    utfall_kvinnor: Optional[Union[int, float]] = None
    utfall_foregaende_ar: Optional[Union[int, float]] = None
    period: Optional[str] = None
    analys: Optional[str] = None


@dataclass
class UnitGoal(Ordered):
    """An enhetsmål: in a plan its title and labelled texts, in a report its status and analysis."""
    id: str
    titel: Optional[str] = None
    status: Optional[str] = None
    forvantat_resultat: Optional[str] = None
    arbetssatt: Optional[str] = None
    resursanvandning: Optional[str] = None
    uppfoljning: Optional[str] = None
    utveckling: Optional[str] = None
    analys: Optional[str] = None
    beskrivning: Optional[str] = None


@dataclass
class BoardGoalRef:
    """A nämndmål named by id (its texts live in the board's file) with the unit's goals under it."""
    id: str
    enhetsmal: list[UnitGoal] = field(default_factory=list)

    def dump(self) -> dict:
        d: dict = {"id": self.id}
        if self.enhetsmal:
            d["enhetsmal"] = dumped(self.enhetsmal)
        return d


@dataclass
class AreaBlock(Ordered):
    """A KF goal for the area with its indicators and nämndmål, listed in the order the document gave them."""
    kf_mal: str
    indikatorer: list[IndicatorRow] = field(default_factory=list)
    namndmal: list[BoardGoalRef] = field(default_factory=list)

    def add_indicator(self, row: IndicatorRow):
        self.indikatorer.append(row)
        self.fill("indikatorer")

    def add_board(self, ref: BoardGoalRef):
        self.namndmal.append(ref)
        self.fill("namndmal")


@dataclass
class Activity:
    aktivitet: str
    startdatum: str
    slutdatum: str

    def dump(self) -> dict:
        return {"aktivitet": self.aktivitet, "startdatum": self.startdatum, "slutdatum": self.slutdatum}


@dataclass
class NewBoardGoal:
    """A nämndmål the board's file lacks: a draft entry appended there."""
    id: str
    kf_mal: str
    titel: str
    beskrivning: str = ""
    forvantat_resultat: str = ""
    aktiviteter: list[Activity] = field(default_factory=list)

    def dump(self) -> dict:
        d: dict = {"id": self.id, "kf_mal": self.kf_mal, "titel": self.titel, "beskrivning": self.beskrivning,
                   "forvantat_resultat": self.forvantat_resultat}
        if self.aktiviteter:
            d["aktiviteter"] = dumped(self.aktiviteter)
        return d


@dataclass
class NewIndicator(Ordered):
    """An indicator the year's shared file lacks: a draft definition appended there."""
    id: str
    namn: str
    kf_mal: str
    periodicitet: str = "År"
    enhet: Optional[str] = None
    kf_arsmal: Optional[Union[int, float, str]] = None


# --- complaints and what found no place --------------------------------------------------------------

@dataclass
class ComplaintCategory:
    namn: str
    t1: Optional[int] = None
    t2: Optional[int] = None
    vb: Optional[int] = None
    sammanfattning: Optional[str] = None

    def dump(self) -> dict:
        return {k: getattr(self, k) for k in ("namn", "t1", "t2", "vb", "sammanfattning") if getattr(self, k) is not None}


@dataclass
class ComplaintGroup:
    uppdelning: str
    kategorier: list[ComplaintCategory] = field(default_factory=list)

    def dump(self) -> dict:
        return {"uppdelning": self.uppdelning, "kategorier": dumped(self.kategorier)}


@dataclass
class Unplaced:
    text: str
    kalla: str  # where the editor finds it: "plan.pdf, sida 3, rad 4"
    orsak: str = ""

    def dump(self) -> dict:
        d = {"text": self.text, "kalla": self.kalla}
        if self.orsak:
            d["orsak"] = self.orsak
        return d
