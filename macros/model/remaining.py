"""What is left to fill in a draft: every `att_fylla` entry and every goal in `att_flytta`.

A draft is an ordinary data file whose objects mark the fields still to be filled in or revised
(see model.py). This module finds those marks in a validated object, says each one in Swedish
for editors (validate's warnings, a publishing build's errors) and for readers (the "Utkast" box
on the document's page).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from pydantic import BaseModel

from . import model as m

# Field names as the site labels them.
FIELD_LABELS = {
    "kf_arsmal": "KF:s årsmål", "beskrivning": "beskrivning", "forvantat_resultat": "förväntat resultat",
    "aktiviteter": "aktiviteter", "text": "text", "budget": "budget", "ersattningsnivaer": "ersättningsnivåer",
    "text_efter_tabell": "text efter tabellen", "arsmal": "årsmål", "utfall": "utfall", "utfall_man": "utfall män/pojkar",
    "utfall_kvinnor": "utfall kvinnor/flickor", "utfall_foregaende_ar": "föregående års utfall", "period": "period",
    "analys": "analys", "titel": "titel", "arbetssatt": "arbetssätt", "resursanvandning": "resursanvändning",
    "uppfoljning": "uppföljning", "utveckling": "utveckling", "status": "status", "t1": "T1", "t2": "T2", "vb": "VB",
    "sammanfattning": "sammanfattning", "handlaggare": "handläggare", "telefon": "telefon", "till": "mottagare",
    "datum": "datum", "dnr": "diarienummer", "handlingstyp": "handlingstyp",
    "klagomal_sammanfattning": "sammanfattning av klagomål och synpunkter",
}


@dataclass(frozen=True)
class Remaining:
    """One thing left to do in a draft file."""

    path: tuple  # where the mark stands in the file: (..., "att_fylla") or ("att_flytta", i)
    fields: tuple[str, ...]  # the fields to fill; empty for a goal to move
    what: str  # the object, for people: "indikatorn Sjukfrånvaro", "enhetsmålet 'God arbetsmiljö'"

    @property
    def message(self) -> str:
        if not self.fields:
            return f"utkast: {self.what} ska flyttas till ett av årets nämndmål (eller tas bort)"
        return f"utkast: att fylla i {', '.join(FIELD_LABELS.get(f, f) for f in self.fields)} för {self.what}"

    @property
    def label(self) -> str:
        """For the reader of the draft page: what, and which fields."""
        if not self.fields:
            return f"{self.what[0].upper()}{self.what[1:]}: flyttas till ett av årets nämndmål"
        return f"{self.what[0].upper()}{self.what[1:]}: {', '.join(FIELD_LABELS.get(f, f) for f in self.fields)}"


def find(obj: BaseModel, names: dict[str, str] | None = None) -> list[Remaining]:
    """Every mark in obj, in file order. names maps indicator ids to their names where known."""
    return list(_walk(obj, (), names or {}))


def _what(obj: BaseModel, path: tuple, names: dict[str, str]) -> str:
    if isinstance(obj, m.DocumentHead):
        return "dokumentets huvud"
    if isinstance(obj, (m.PlanIndicator, m.ReportIndicator)):
        return f"indikatorn {names.get(obj.indikator, obj.indikator)}"
    if isinstance(obj, m.IndicatorDefinition):
        return f"indikatorn {obj.namn}"
    if isinstance(obj, m.PlanUnitGoal):
        return f"enhetsmålet '{_short(obj.titel)}'"
    if isinstance(obj, m.ReportUnitGoal):
        return f"enhetsmålet '{names.get('enhetsmal:' + obj.id, obj.id)}'"
    if isinstance(obj, m.BoardGoal):
        return f"nämndmålet '{_short(obj.titel)}'"
    if isinstance(obj, m.Section):
        return f"avsnittet '{obj.rubrik}'"
    if isinstance(obj, m.ComplaintCategory):
        return f"klagomålskategorin '{obj.namn}'"
    return "dokumentet"


def _short(title: str, limit: int = 70) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _walk(obj: BaseModel, path: tuple, names: dict[str, str]) -> Iterator[Remaining]:
    marks = getattr(obj, "att_fylla", None)
    if marks:
        yield Remaining(path + ("att_fylla",), tuple(dict.fromkeys(marks)), _what(obj, path, names))
    for name in type(obj).model_fields:
        if name == "att_fylla":
            continue
        value = getattr(obj, name)
        if name == "att_flytta":
            for i, move in enumerate(value):
                for goal in move.enhetsmal:
                    yield Remaining(path + (name, i), (), f"enhetsmålet '{_short(goal.titel)}' (under nämndmålet '{move.namndmal}' förra året)")
                if not move.enhetsmal:
                    yield Remaining(path + (name, i), (), f"nämndmålet '{move.namndmal}' från förra året")
            continue
        if isinstance(value, BaseModel):
            yield from _walk(value, path + (name,), names)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            for i, item in enumerate(value):
                yield from _walk(item, path + (name, i), names)
