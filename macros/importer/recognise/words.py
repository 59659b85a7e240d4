"""The templates' own words: the headings, labels and patterns every recogniser compares lines with,
and the small tests on text they share (a number in a cell, a sentence's end, a new id)."""

from __future__ import annotations

import difflib
import re
from typing import Optional

from ...site.urls import slug as url_slug
from ..blocks import key

PLAN, REPORT = "verksamhetsplan", "verksamhetsberattelse"

# Headings that start a part of the document (compared by key()).
PARTS = {
    key("Inledning"): "inledning",
    key("Sammanfattande analys"): "sammanfattande_analys",
    key("Uppföljning av Kommunfullmäktiges inriktningsmål"): "mal",
    key("Redovisning av ekonomi"): "ekonomi",
    key("Uppföljning av ekonomi"): "ekonomi",
    key("Ekonomi"): "ekonomi",
    key("Övrigt"): "ovrigt",
    key("Redovisning av synpunkter och klagomål"): "klagomal",
}
# Labelled texts of a unit goal (Arbetsätt: the templates' own misspelling).
LABELS = {
    key("Förväntat resultat"): "forvantat_resultat",
    key("Arbetssätt"): "arbetssatt",
    key("Arbetsätt"): "arbetssatt",
    key("Resursanvändning"): "resursanvandning",
    key("Uppföljning"): "uppfoljning",
    key("Utveckling"): "utveckling",
    key("Analys"): "analys",
    key("Beskrivning"): "beskrivning",
}
STATUS = {key("Uppfylls helt"): "helt", key("Uppfylls delvis"): "delvis", key("Uppfylls inte"): "inte", key("Uppfylls ej"): "inte"}
NOISE_LINES = {key(s) for s in ("Inga data", "— Inga data", "Förslag till beslut", "Stockholms stad", "start.stockholm")}

DIRECTION = re.compile(r"^KF:s inriktningsmål:?\s*(\d+)\.?\s*(.*)$")
AREA = re.compile(r"^KF:s mål för verksamhetsområdet:?\s*(\d+\.\d+)\s*(.*)$")
BOARD = re.compile(r"^Nämndmål:?\s*(.*)$")
UNIT = re.compile(r"^Enhetsmål:?\s*(.*)$")
ATTACHMENT = re.compile(r"^Bilaga\s*\d*\s*:\s*(.+)$")
TITLE = re.compile(r"^(Verksamhetsplan|Verksamhetsberättelse)\s+(\d{4})\b", re.I)
_NUMBER = re.compile(r"-?\d+(?:[  ]\d{3})*(?:[,.]\d+)?")


def number(cell: str) -> Optional[float]:
    m = _NUMBER.search(cell or "")
    if not m:
        return None
    value = float(m.group(0).replace(" ", "").replace(" ", "").replace(",", "."))
    return int(value) if value.is_integer() else value


def near(k: str, known: set[str]) -> bool:
    """A sentence of a shared text, allowing a typo or two between versions of the document."""
    if k in known:
        return True
    return any(abs(len(k) - len(o)) <= 4 and difflib.SequenceMatcher(None, k, o, autojunk=False).ratio() > 0.95
               for o in known if len(k) > 20)


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", ":", ";"))


def structural(text: str) -> bool:
    """A line the templates' structure gives its own place: a goal, a label, a status, a part."""
    k = key(text)
    return bool(DIRECTION.match(text) or AREA.match(text) or BOARD.match(text) or UNIT.match(text)
                or k in LABELS or k in STATUS or k in PARTS or k in (key("Indikator"), key("Aktivitet"), key("Bilagor"))
                or ATTACHMENT.match(text) or TITLE.match(text))


def slug(text: str, taken: set[str]) -> str:
    words = [w for w in url_slug(text).split("-") if w]  # transliterated as the site's addresses are
    base = "-".join(words[:6]) or "mal"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    taken.add(out)
    return out


def kind_name(kind: str) -> str:
    return "verksamhetsplan" if kind == PLAN else "verksamhetsberättelse"
