"""Year over year: a unit's plan against its previous plan, unit goal by unit goal, word by word."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..model import model as m, text

FIELDS = (("titel", "Titel"), ("forvantat_resultat", "Förväntat resultat"), ("arbetssatt", "Arbetssätt"),
          ("resursanvandning", "Resursanvändning"), ("uppfoljning", "Uppföljning"), ("utveckling", "Utveckling"))
_TOKENS = re.compile(r"\s+|[^\s]+")
_SENTENCES = re.compile(r"[^.!?]+[.!?]*\s*")


@dataclass(frozen=True)
class Piece:
    op: str  # "equal", "insert", "delete"
    text: str


@dataclass(frozen=True)
class FieldChange:
    label: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class GoalChange:
    id: str
    title: str
    old_title: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class PlanComparison:
    added: tuple[m.PlanUnitGoal, ...]
    removed: tuple[m.PlanUnitGoal, ...]
    changed: tuple[GoalChange, ...]
    unchanged: tuple[m.PlanUnitGoal, ...]


def _words(old: str, new: str) -> list[Piece]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("equal", "delete", "replace"):
            pieces.append(Piece("equal" if op == "equal" else "delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(Piece("insert", "".join(b[j1:j2])))
    return pieces


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """Differences between two texts in whole words, whitespace folded.

    Sentences are matched first and only changed sentences are compared word by word: word-level
    matching over a whole text is quadratic, and plans change a sentence here and there."""
    a, b = _SENTENCES.findall(" ".join(old.split())), _SENTENCES.findall(" ".join(new.split()))
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("equal", "".join(a[i1:i2])))
        elif op == "delete":
            pieces.append(Piece("delete", "".join(a[i1:i2])))
        elif op == "insert":
            pieces.append(Piece("insert", "".join(b[j1:j2])))
        else:
            pieces += _words("".join(a[i1:i2]), "".join(b[j1:j2]))
    merged: list[Piece] = []
    for p in pieces:
        if not p.text:
            continue
        if merged and merged[-1].op == p.op:
            merged[-1] = Piece(p.op, merged[-1].text + p.text)
        else:
            merged.append(p)
    return tuple(merged)


def _goals(plan: m.Plan) -> dict[str, m.PlanUnitGoal]:
    return {g.id: g for b in plan.mal for n in b.namndmal for g in n.enhetsmal}


def compare_plans(old: m.Plan, new: m.Plan) -> PlanComparison:
    before, after = _goals(old), _goals(new)
    changed, unchanged = [], []
    for gid, goal in after.items():
        if gid not in before:
            continue
        fields = []
        for name, label in FIELDS:
            was, now = text.plain(getattr(before[gid], name)), text.plain(getattr(goal, name))
            if was != now:
                fields.append(FieldChange(label, word_diff(was, now)))
        if fields:
            changed.append(GoalChange(gid, goal.titel, before[gid].titel, tuple(fields)))
        else:
            unchanged.append(goal)
    return PlanComparison(tuple(g for i, g in after.items() if i not in before),
                          tuple(g for i, g in before.items() if i not in after), tuple(changed), tuple(unchanged))
