"""Import existing plans and reports (Word, PDF, text exports) into YAML drafts.

One module per input format (``textfile``, ``docxfile``, ``pdffile``) turns a file into
``Block``s; ``recognise`` recognises the document in them, the same for every format, one module
per thing recognised (``letterhead``, ``contents``, ``sections``, ``goals``, ``tables``,
``complaints``, walked by ``driver``) building typed draft entries (``drafts``); ``shared``
matches the texts every unit repeats to the year's shared files; ``write`` writes the draft.
"""

from __future__ import annotations

import functools
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml
from pydantic import ValidationError

from ..model import model as m
from ..model.yamlfile import YamlError, read_yaml
from . import bounds
from .blocks import Block, ImportFault, sentences
from .shared import Shared
from .recognise import PLAN, REPORT, Recogniser
from .texttables import Known
from .write import check_sizes, dump, with_appended, write_atomic

KINDS = (PLAN, REPORT)


def _readers() -> dict[str, Callable[[Path], list[Block]]]:
    from . import docxfile, pdffile, textfile

    return {suffix: mod.read for mod in (textfile, docxfile, pdffile) for suffix in mod.SUFFIXES}


@dataclass
class Result:
    path: Path  # the draft written
    placed: int
    matched: int
    unplaced: int
    noise: int
    notes: list[str]
    new_unit: bool

    def summary(self) -> str:
        return (f"{self.placed} meningar placerade, {self.matched} matchade mot gemensamma texter, "
                f"{self.unplaced} oplacerade, {self.noise} bortsorterade som exportbrus")


def read_blocks(path: Path, known: Known | None = None) -> list[Block]:
    """The file's blocks. known: what the year's shared files say, which a text export's reader uses
    to recognise its indicator tables (texttables.py); the other formats have their tables' geometry."""
    readers = _readers()
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise ImportFault(f"okänd filtyp '{path.suffix}' (kan läsa {', '.join(sorted(readers))})")
    if not path.is_file():
        raise ImportFault("filen finns inte")
    if path.stat().st_size == 0:
        raise ImportFault("filen är tom")
    bounds.check_size(path)
    if path.suffix.lower() == ".docx":
        bounds.check_zip(path)
    if known is not None and path.suffix.lower() in (".txt", ".md"):
        reader = functools.partial(reader, known=known)
    return bounds.read_capped(reader, path)


def draft(path: Path, unit: str, year: int, kind: str, data: Path, shared: Shared | None = None) -> tuple[dict, Recogniser]:
    """The draft document for one file, as a dict in the model's shape (not yet written)."""
    shared = shared or Shared.load(data, unit, year, kind)
    blocks = read_blocks(path, shared.known())
    unit_file = data / "enheter" / unit / "enhet.yaml"
    unit_name = None
    if unit_file.is_file():
        unit_name = m.Unit.model_validate(yaml.safe_load(unit_file.read_text(encoding="utf-8"))).namn
    r = Recogniser(blocks, kind, year, shared, bounds.safe_name(path.name), unit_name)
    return r.run(), r


def import_file(path: Path, unit: str, year: int, kind: str, data: Path, overwrite: bool = False) -> Result:
    if kind not in KINDS:
        raise ImportFault(f"--typ måste vara {' eller '.join(KINDS)}")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", unit):
        raise ImportFault(f"--enhet '{unit}' är inget giltigt id (små bokstäver a–z, siffror och bindestreck)")
    target = data / "enheter" / unit / str(year) / f"{kind}.yaml"
    if target.exists() and not overwrite:
        raise ImportFault(f"{target} finns redan; ange --skriv-over för att ersätta den")
    if not (data / "stad" / f"{year}.yaml").is_file():
        raise ImportFault(f"{data}/stad/{year}.yaml finns inte; lägg först in årets gemensamma mål och indikatorer (se README, Add a year)")
    doc, r = draft(path, unit, year, kind, data)
    cls = m.Plan if kind == PLAN else m.Report
    try:
        cls.model_validate(doc)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ImportFault(f"utkastet blev inte giltigt ({where}: {first['msg']}); inget skrevs") from None
    # Shared texts the year's files lack: draft entries appended there (checked before anything is written).
    shared_writes: list[tuple[Path, str]] = []
    note = f"utkast från importen av {bounds.safe_name(path.name)}: granska"
    if r.new_boards:
        board_file = data / "namnder" / r.shared.board_id / f"{year}.yaml"
        shared_writes.append((board_file, with_appended(board_file, "namndmal", r.new_boards, note)))
    if r.new_indicators:
        city_file = data / "stad" / f"{year}.yaml"
        shared_writes.append((city_file, with_appended(city_file, "indikatorer", r.new_indicators, note)))
    for file, text in shared_writes:
        cls_ = m.BoardYear if file.parent.parent.name == "namnder" else m.CityYear
        try:
            with tempfile.TemporaryDirectory() as tmp:  # read as validate reads it (dates stay text)
                (Path(tmp) / "check.yaml").write_text(text, encoding="utf-8")
                cls_.model_validate(read_yaml(Path(tmp) / "check.yaml", str(file)).data)
        except (ValidationError, YamlError) as e:
            raise ImportFault(f"utkastet till {file} blev inte giltigt ({str(e).splitlines()[0]}); inget skrevs") from None
    rel = "../../../schema/" + kind + ".schema.json"
    title = "Verksamhetsplan" if kind == PLAN else "Verksamhetsberättelse"
    header = (f"# yaml-language-server: $schema={rel}\n"
              f"# {title} {year}, utkast importerat från {bounds.safe_name(path.name)}: granska innan publicering.\n")
    draft_text = dump(doc, header)
    check_sizes([(target, draft_text)] + shared_writes)  # before anything is written
    new_unit = False
    unit_file = data / "enheter" / unit / "enhet.yaml"
    if not unit_file.exists():
        if not r.shared.board_id:
            raise ImportFault("enheten är ny och nämnden kunde inte avgöras från dokumentets nämndmål; skapa enhet.yaml först")
        name = doc["huvud"].get("till") or unit
        unit_text = (f"# yaml-language-server: $schema=../../schema/enhet.schema.json\n"
                     + dump({"namn": name, "namnd": r.shared.board_id}, ""))
        write_atomic(unit_file, unit_text)
        new_unit = True
    for file, text in shared_writes:
        write_atomic(file, text)
    write_atomic(target, draft_text)
    unplaced = sum(max(1, len(sentences(u.text))) for u in r.c.unplaced)
    return Result(target, r.c.placed, r.c.matched, unplaced, r.c.noise, r.notes, new_unit)


def check(data: Path, unit: str) -> list[str]:
    """What `python -m macros validate` says about the unit after an import (its files and the shared ones)."""
    from ..model.load import DataError, load

    try:
        load(data, scope=f"enhet:{unit}")
    except DataError as e:
        return [str(p) for p in e.problems]
    return []
