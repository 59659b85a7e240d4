"""Next year's files drafted from this year's: the shared files of a year, a unit's plan, its report.

Editors start most documents from last year's. A draft keeps what carries over (ids, so goals
and indicators link across years; texts, for revision) and marks in `att_fylla` what must be
filled in or looked at again (see model.py and remaining.py). Drafting never overwrites a file.

Each function takes a loaded Dataset and returns the files to write as (path, YAML text); the
CLI (``python -m macros ny-ar|ny-plan|ny-berattelse``) writes them with ``write_new``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
import yaml
from pydantic import BaseModel

from . import model as m
from .load import Dataset
from .schema import header_line

PROSE_FIELDS = ("forvantat_resultat", "arbetssatt", "resursanvandning", "uppfoljning", "utveckling")


class DraftError(Exception):
    """A draft cannot be made (nothing to start from, or the year's shared files are missing)."""


@dataclass
class Draft:
    path: Path
    text: str
    notes: list[str] = field(default_factory=list)  # things the editor should know, said once


# --- The year's shared files ---------------------------------------------------


def new_year(ds: Dataset, year: int) -> list[Draft]:
    """data/stad/<year>.yaml and every board's data/namnder/<board>/<year>.yaml from the latest earlier year."""
    base = _previous(sorted(ds.cities), year, "inga KF-mål (data/stad/<år>.yaml)")
    city = ds.cities[base]
    indicators = [i.model_copy(update={
        "kf_arsmal": i.kf_arsmal if isinstance(i.kf_arsmal, str) else None,
        "att_fylla": ["kf_arsmal"]}) for i in city.indikatorer]
    drafts = [Draft(ds.root / "stad" / f"{year}.yaml",
                    _yaml(ds.root, ds.root / "stad" / f"{year}.yaml", city.model_copy(update={"indikatorer": indicators}),
                          f"Utkast: kommunfullmäktiges mål och indikatorer {year}, från {base}. Fyll i det som står i att_fylla och ta bort raden."))]
    for board_id in sorted(ds.boards):
        years = sorted(y for b, y in ds.board_years if b == board_id and y < year)
        if not years:
            continue
        board_year = ds.board_years[(board_id, years[-1])]
        goals = [g.model_copy(update={"att_fylla": ["beskrivning", "forvantat_resultat"] + (["aktiviteter"] if g.aktiviteter else [])})
                 for g in board_year.namndmal]
        path = ds.root / "namnder" / board_id / f"{year}.yaml"
        drafts.append(Draft(path, _yaml(ds.root, path, m.BoardYear(namndmal=goals),
                                        f"Utkast: {ds.boards[board_id].namn}s nämndmål {year}, från {years[-1]}.")))
    return drafts


# --- A unit's plan -------------------------------------------------------------------


def new_plan(ds: Dataset, unit_id: str, year: int) -> Draft:
    """The unit's plan for year from its latest earlier plan, under the year's goals."""
    unit = _unit(ds, unit_id)
    base = _previous(sorted(y for u, y in ds.plans if u == unit_id), year, f"ingen verksamhetsplan för {unit_id}")
    _shared_files(ds, unit, year)
    old = ds.plans[(unit_id, base)]
    notes: list[str] = []
    city = ds.cities[year]
    blocks: dict[str, dict] = {}  # kf_mal -> {"indikatorer": [...], "namndmal": [...]}
    moves: list[m.GoalToMove] = []

    def block(kf_mal: str) -> dict:
        return blocks.setdefault(kf_mal, {"indikatorer": [], "namndmal": []})

    for old_block in old.mal:
        for row in old_block.indikatorer:
            definition = ds.indicator(year, row.indikator)
            if definition is None:
                notes.append(f"indikatorn '{row.indikator}' finns inte {year} och togs inte med")
                continue
            block(definition.kf_mal)["indikatorer"].append(m.PlanIndicator(indikator=row.indikator, att_fylla=["arsmal"]))
        for ref in old_block.namndmal:
            goals = [g.model_copy(update={"att_fylla": [f for f in PROSE_FIELDS if getattr(g, f)]}) for g in ref.enhetsmal]
            board_goal = ds.board_goal(unit.namnd, year, ref.id)
            if board_goal is None:
                if goals:
                    moves.append(m.GoalToMove(namndmal=ref.id, kf_mal=old_block.kf_mal, enhetsmal=goals))
                    notes.append(f"nämndmålet '{ref.id}' finns inte {year}: dess enhetsmål står under att_flytta")
                else:
                    notes.append(f"nämndmålet '{ref.id}' finns inte {year} och togs inte med")
                continue
            block(board_goal.kf_mal)["namndmal"].append(m.PlanBoardGoalRef(id=ref.id, enhetsmal=goals))
    order = {g.id: i for i, g in enumerate(city.mal_for_verksamhetsomradet)}
    mal = [m.PlanAreaBlock(kf_mal=k, **v) for k, v in sorted(blocks.items(), key=lambda kv: order.get(kv[0], len(order)))]
    new_goals = [g.id for g in ds.board_years[(unit.namnd, year)].namndmal
                 if not any(r.id == g.id for b in mal for r in b.namndmal)]
    if new_goals:
        notes.append(f"nämndmål {year} som planen inte tar upp (lägg till dem vid behov): {', '.join(new_goals)}")
    plan = m.Plan(
        huvud=_head(old.huvud),
        bilagor=old.bilagor,
        inledning=[_revise(s, year) for s in old.inledning],
        mal=mal,
        ekonomi=[_revise(s, year) for s in old.ekonomi],
        ovrigt=[_revise(s, year) for s in old.ovrigt],
        att_flytta=moves,
    )
    path = ds.root / "enheter" / unit_id / str(year) / "verksamhetsplan.yaml"
    names = {("id", g.id): f"nämndmål: {g.titel}" for g in ds.board_years[(unit.namnd, year)].namndmal}
    names.update({("indikator", i.id): i.namn for i in city.indikatorer})
    return Draft(path, _yaml(ds.root, path, plan, f"Utkast: verksamhetsplan {year}, {unit.namn}, från planen för {base}.", names),
                 notes)


def new_plans_for_board(ds: Dataset, board_id: str, year: int) -> list[Draft]:
    """new_plan for every unit of the board that has a plan before year."""
    units = [u for u in sorted(ds.units) if ds.units[u].namnd == board_id and any(k == u and y < year for k, y in ds.plans)]
    if not units:
        raise DraftError(f"nämnden '{board_id}' har inga enheter med en verksamhetsplan före {year}")
    return [new_plan(ds, u, year) for u in units]


def _revise(section: m.Section, year: int) -> m.Section:
    """A section kept for revision: its content is marked to look at again."""
    marks = [f for f in ("text", "budget", "ersattningsnivaer", "text_efter_tabell") if getattr(section, f)]
    update: dict = {"att_fylla": marks, "avsnitt": [_revise(s, year) for s in section.avsnitt]}
    table = section.ersattningsnivaer
    if table is not None:
        # Last year's amounts become "föregående"; this year's start as last year's, to be changed.
        update["ersattningsnivaer"] = table.model_copy(update={"ar": year, "foregaende_ar": table.ar, "grupper": [
            g.model_copy(update={"rader": [r.model_copy(update={"foregaende": r.belopp}) for r in g.rader]})
            for g in table.grupper]})
    return section.model_copy(update=update)


def _head(old: m.DocumentHead) -> m.DocumentHead:
    """The document's head: who and to whom carry over; the date (and a diarienummer, where the
    document had one) are new each year."""
    return m.DocumentHead(handlaggare=old.handlaggare, telefon=old.telefon, till=old.till,
                          handlingstyp=old.handlingstyp, att_fylla=["datum"] + (["dnr"] if old.dnr else []))


# --- A unit's report ---------------------------------------------------------------


def new_report(ds: Dataset, unit_id: str, year: int) -> Draft:
    """The skeleton of the unit's report for year, goal by goal from that year's plan."""
    unit = _unit(ds, unit_id)
    plan = ds.plans.get((unit_id, year))
    if plan is None:
        raise DraftError(f"{unit_id} har ingen verksamhetsplan för {year} (data/enheter/{unit_id}/{year}/verksamhetsplan.yaml); "
                         f"verksamhetsberättelsen följer planen")
    earlier = sorted(y for u, y in ds.reports if u == unit_id and y < year)
    previous = ds.reports[(unit_id, earlier[-1])] if earlier else None
    last_outcome = {}
    if previous is not None and earlier[-1] == year - 1:
        last_outcome = {r.indikator: r.utfall for b in previous.mal for r in b.indikatorer if r.utfall is not None}
    notes: list[str] = []
    if previous is None or earlier[-1] != year - 1:
        notes.append(f"ingen verksamhetsberättelse för {year - 1}: föregående års utfall fylls inte i")

    mal = []
    for block in plan.mal:
        rows = []
        for row in block.indikatorer:
            definition = ds.indicator(year, row.indikator)
            period = f"VB {year}" if definition and definition.periodicitet == "Tertial" else str(year)
            before = last_outcome.get(row.indikator)
            rows.append(m.ReportIndicator(indikator=row.indikator, arsmal=row.arsmal, utfall_foregaende_ar=before, period=period,
                                          att_fylla=["utfall"] + (["arsmal"] if row.arsmal is None else [])))
        refs = [m.ReportBoardGoalRef(id=ref.id, enhetsmal=[m.ReportUnitGoal(id=g.id, att_fylla=["status", "analys"])
                                                          for g in ref.enhetsmal]) for ref in block.namndmal]
        mal.append(m.ReportAreaBlock(kf_mal=block.kf_mal, indikatorer=rows, namndmal=refs))

    def skeleton(sections: list[m.Section]) -> list[m.Section]:
        return [m.Section(rubrik=s.rubrik, avsnitt=skeleton(s.avsnitt),
                          att_fylla=[f for f in ("text", "budget") if getattr(s, f) or (f == "text" and not s.avsnitt)])
                for s in sections]

    complaints = []
    if previous is not None:
        complaints = [m.ComplaintGroup(uppdelning=g.uppdelning, kategorier=[
            m.ComplaintCategory(namn=c.namn, att_fylla=["t1", "t2", "vb"]) for c in g.kategorier]) for g in previous.klagomal]
    report = m.Report(
        huvud=_head(previous.huvud if previous else plan.huvud).model_copy(update={"handlaggare": plan.huvud.handlaggare,
                                                                                     "telefon": plan.huvud.telefon}),
        sammanfattande_analys=skeleton(previous.sammanfattande_analys) if previous and previous.sammanfattande_analys
        else [m.Section(rubrik="Sammanfattande analys", att_fylla=["text"])],
        mal=mal,
        ekonomi=skeleton(previous.ekonomi if previous else plan.ekonomi),
        ovrigt=skeleton(previous.ovrigt) if previous else [],
        klagomal=complaints,
        att_fylla=["klagomal_sammanfattning"] if previous and previous.klagomal_sammanfattning else [],
    )
    path = ds.root / "enheter" / unit_id / str(year) / "verksamhetsberattelse.yaml"
    names = {("id", g.id): g.titel for b in plan.mal for n in b.namndmal for g in n.enhetsmal}
    names.update({("id", n.id): f"nämndmål: {g.titel}" for b in plan.mal for n in b.namndmal
                  if (g := ds.board_goal(unit.namnd, year, n.id))})
    names.update({("indikator", i.id): i.namn for i in ds.cities[year].indikatorer})
    return Draft(path, _yaml(ds.root, path, report, f"Utkast: verksamhetsberättelse {year}, {unit.namn}, från verksamhetsplanen {year}.",
                             names), notes)


# --- Shared helpers -------------------------------------------------------------------


def _unit(ds: Dataset, unit_id: str) -> m.Unit:
    if unit_id not in ds.units:
        raise DraftError(f"enheten '{unit_id}' finns inte i data/enheter/")
    return ds.units[unit_id]


def _previous(years: list[int], year: int, what: str) -> int:
    earlier = [y for y in years if y < year]
    if not earlier:
        raise DraftError(f"det finns {what} före {year} att utgå från")
    return earlier[-1]


def _shared_files(ds: Dataset, unit: m.Unit, year: int) -> None:
    missing = [f"data/stad/{year}.yaml"] if year not in ds.cities else []
    if (unit.namnd, year) not in ds.board_years:
        missing.append(f"data/namnder/{unit.namnd}/{year}.yaml")
    if missing:
        raise DraftError(f"{' och '.join(missing)} saknas; skapa årets gemensamma filer först: python -m macros ny-ar --ar {year}")


def write_new(draft: Draft) -> bool:
    """Write the draft unless its file exists; True when written. Never overwrites."""
    draft.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(draft.path, "x", encoding="utf-8") as f:
            f.write(draft.text)
    except FileExistsError:
        return False
    return True


# --- YAML as editors write it ------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)  # "  - item" under its key, as the seed files are written


class _Flow(list):
    """A list written on one line: `att_fylla: [datum, dnr]`."""


def _str(dumper: yaml.SafeDumper, value: str):
    # Prose as `|` blocks, like the hand-written files; one-line texts as plain scalars, but
    # quoted when they look like a number ("0850822000"), as other YAML readers would take it for one.
    style = "|" if "\n" in value else '"' if _NUMBERISH.match(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value + "\n" if style == "|" and not value.endswith("\n") else value, style=style)


def _float(dumper: yaml.SafeDumper, value: float):
    # 70 rather than 70.0, as editors write it.
    if value.is_integer():
        return dumper.represent_int(int(value))
    return yaml.SafeDumper.represent_float(dumper, value)


_NUMBERISH = re.compile(r"^[-+0-9., ]+$")
_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(float, _float)


def _plain(obj: BaseModel) -> dict:
    return _flow_marks(obj.model_dump(mode="python", exclude_defaults=True))


def _flow_marks(value):
    if isinstance(value, dict):
        return {k: _Flow(v) if k == "att_fylla" else _flow_marks(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_flow_marks(v) for v in value]
    return value


_ID_LINE = re.compile(r"^(\s*- (id|indikator): )([a-z0-9-]+)$")


def _yaml(root: Path, path: Path, obj: BaseModel, comment: str, names: dict[tuple[str, str], str] | None = None) -> str:
    """The file's text; names[(key, id)] is written as a comment after `- id: <id>` (or `- indikator:`),
    so an editor sees which goal or indicator a line stands for where only its id is kept."""
    header = header_line(root, path)
    body = yaml.dump(_plain(obj), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000, indent=2)
    if names:
        lines = []
        for line in body.split("\n"):
            found = _ID_LINE.match(line)
            name = names.get((found.group(2), found.group(3))) if found else None
            lines.append(f"{line}  # {' '.join(name.split())[:100]}" if name else line)
        body = "\n".join(lines)
    return "".join(f"{line}\n" for line in (header, f"# {comment}") if line) + body
