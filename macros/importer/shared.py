"""The shared texts a document repeats (KF goals, nämndmål, indicators), read from the data
directory so the importer refers to them by id instead of copying them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..model import model as m
from ..model.yamlfile import YamlError, read_yaml
from .blocks import ImportFault, key, sentences
from .texttables import Known


def _read(path: Path, cls):
    try:
        doc = read_yaml(path, str(path))
        return cls.model_validate(doc.data)
    except (YamlError, ValueError) as e:
        raise ImportFault(f"{path}: kan inte läsas ({str(e).splitlines()[0]}); rätta den först med python -m macros validate") from None


def similar(a: str, b: str) -> float:
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    return difflib.SequenceMatcher(None, ka, kb, autojunk=False).ratio()


@dataclass
class Shared:
    year: int
    city: Optional[m.CityYear] = None
    boards: dict[str, m.BoardYear] = field(default_factory=dict)  # the year's nämndmål per board
    board_id: Optional[str] = None  # the unit's board, when the unit exists
    plan: Optional[m.Plan] = None  # for a report: the plan it follows up
    stad_path: str = ""

    @classmethod
    def load(cls, data: Path, unit: str, year: int, kind: str = "verksamhetsplan") -> "Shared":
        s = cls(year=year, stad_path=f"{data}/stad/{year}.yaml")
        city = data / "stad" / f"{year}.yaml"
        if city.is_file():
            s.city = _read(city, m.CityYear)
        for path in sorted((data / "namnder").glob(f"*/{year}.yaml")):
            s.boards[path.parent.name] = _read(path, m.BoardYear)
        unit_file = data / "enheter" / unit / "enhet.yaml"
        if unit_file.is_file():
            s.board_id = _read(unit_file, m.Unit).namnd
        plan = data / "enheter" / unit / str(year) / "verksamhetsplan.yaml"
        if plan.is_file():
            try:
                s.plan = _read(plan, m.Plan)
            except ImportFault:
                if kind != "verksamhetsplan":
                    raise
                # Re-importing a plan over a broken draft: its ids are only a convenience.
        return s

    def board_path(self) -> str:
        return f"{self.stad_path.rsplit('/stad/', 1)[0]}/namnder/{self.board_id}/{self.year}.yaml"

    # --- KF goals -----------------------------------------------------------------

    def direction_goal(self, number: str) -> Optional[m.DirectionGoal]:
        return next((g for g in (self.city.inriktningsmal if self.city else []) if g.id == number), None)

    def area_goal(self, number: str) -> Optional[m.AreaGoal]:
        return next((g for g in (self.city.mal_for_verksamhetsomradet if self.city else []) if g.id == number), None)

    # --- nämndmål -------------------------------------------------------------------

    def choose_board(self, titles: list[str]) -> Optional[str]:
        """The unit's board, or for a new unit the board whose nämndmål the document names."""
        if self.board_id:
            return self.board_id
        best, score = None, 0
        for board_id, year in self.boards.items():
            hits = sum(1 for t in titles if any(similar(t, g.titel) > 0.85 for g in year.namndmal))
            if hits > score:
                best, score = board_id, hits
        self.board_id = best
        return best

    def board_goal(self, title: str, area: Optional[str]) -> Optional[m.BoardGoal]:
        goals = self.boards[self.board_id].namndmal if self.board_id in self.boards else []
        scored = sorted(((similar(title, g.titel) + (0.05 if g.kf_mal == area else 0), i) for i, g in enumerate(goals)), reverse=True)
        if scored and scored[0][0] > 0.85:
            return goals[scored[0][1]]
        return None

    # --- indicators -----------------------------------------------------------------

    def indicator(self, name: str) -> Optional[m.IndicatorDefinition]:
        defs = self.city.indikatorer if self.city else []
        k = key(name)
        for d in defs:
            if key(d.namn) == k:
                return d
        # A name cut where the table cell wrapped over a page: the start of exactly one definition.
        starts = [d for d in defs if len(k) >= 20 and key(d.namn).startswith(k)]
        if len(starts) == 1:
            return starts[0]
        scored = sorted(((similar(name, d.namn), i) for i, d in enumerate(defs)), reverse=True)
        if scored and scored[0][0] > 0.9:
            return defs[scored[0][1]]
        return None

    def known(self) -> Known:
        """What a text export's reader is told: the year's indicator names with KF's targets, and their units."""
        defs = self.city.indikatorer if self.city else []
        return Known(indicators={d.namn: d.kf_arsmal for d in defs}, units=tuple(sorted({d.enhet for d in defs if d.enhet})),
                     year=self.year)

    # --- the plan a report follows up -------------------------------------------------

    def plan_unit_goal(self, title: str) -> Optional[m.PlanUnitGoal]:
        if not self.plan:
            return None
        goals = [u for block in self.plan.mal for ref in block.namndmal for u in ref.enhetsmal]
        scored = sorted(((similar(title, u.titel), i) for i, u in enumerate(goals)), reverse=True)
        if scored and scored[0][0] > 0.85:
            return goals[scored[0][1]]
        return None


def sentence_keys(*texts: str) -> set[str]:
    return {key(s) for t in texts for s in sentences(t)}
