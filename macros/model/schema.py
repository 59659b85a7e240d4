"""JSON Schema for each kind of data file, for editors' completion and inline errors (VS Code YAML)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from . import model as m

# File kind -> (model, how to recognise its path relative to data/).
KINDS: dict[str, type[BaseModel]] = {
    "dataset": m.DatasetInfo,
    "stad": m.CityYear,
    "namnd": m.Board,
    "namndmal": m.BoardYear,
    "enhet": m.Unit,
    "verksamhetsplan": m.Plan,
    "verksamhetsberattelse": m.Report,
}


def kind_of(rel: tuple[str, ...]) -> str | None:
    """The kind of data file at a path relative to data/, e.g. ('stad', '2024.yaml') -> 'stad'."""
    stem = rel[-1].rsplit(".", 1)[0]
    if rel == ("dataset.yaml",):
        return "dataset"
    if rel[0] == "stad":
        return "stad"
    if rel[0] == "namnder":
        return "namnd" if stem == "namnd" else "namndmal"
    if rel[0] == "enheter":
        return "enhet" if stem == "enhet" else stem if stem in KINDS else None
    return None


def schema_text(kind: str) -> str:
    schema = KINDS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# The open data file of a document (macros/site/exports.py, document_json): the document with what it
# refers to, so the file stands alone. Described by its own schema, published beside the data files'
# schemas; the file's `schema` field names it, and tests/test_open_data.py holds every file to it.
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UnitEntry(m.Unit):
    id: str


class BoardEntry(m.Board):
    id: str


def _file_model(kind: str) -> type[BaseModel]:
    fields = {
        "typ": (Literal[kind], ...),  # type: ignore[valid-type]
        "ar": (int, ...),
        "enhet": (UnitEntry, ...),
        "namnd": (BoardEntry, ...),
        "dokument": (KINDS[kind], ...),
        "kf_inriktningsmal": (list[m.DirectionGoal], ...),
        "kf_mal_for_verksamhetsomradet": (list[m.AreaGoal], ...),
        "namndmal": (list[m.BoardGoal], ...),
        "indikatorer": (list[m.IndicatorDefinition], ...),
        "licens": (str, ...),
        "licens_uri": (str, ...),
        "schema_": (str, Field(alias="schema")),  # BaseModel has a `schema` of its own
    }
    if kind == "verksamhetsberattelse":
        # The plan's unit goals the report answers (their titles and Förväntat resultat); empty without a plan.
        fields["enhetsmal_i_planen"] = (list[m.PlanUnitGoal], ...)
    title = {"verksamhetsplan": "Verksamhetsplan", "verksamhetsberattelse": "Verksamhetsberättelse"}[kind]
    return create_model(f"{title.replace('ä', 'a')}Fil", __base__=_Strict, __doc__=(
        f"{title}: en enhets dokument för ett år som öppna data, med de KF-mål, nämndmål och "
        "indikatorer det hänvisar till."), **fields)


FILE_KINDS = ("verksamhetsplan", "verksamhetsberattelse")


def file_schema_text(kind: str) -> str:
    """The JSON Schema of a document's open data file (not of the YAML file it is made from)."""
    # Serialization mode: the file is a dump (model_dump(mode="json")), which may differ from what
    # validation accepts (defaults left out of drafts' marks, for one).
    schema = _file_model(kind).model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def header_line(data_dir: Path, path: Path) -> str | None:
    """The `# yaml-language-server: $schema=...` line a data file should start with."""
    rel = path.relative_to(data_dir).parts
    kind = kind_of(rel)
    if kind is None:
        return None
    up = "../" * (len(rel) - 1)
    return f"# yaml-language-server: $schema={up}schema/{kind}.schema.json"


def write_all(data_dir: Path) -> list[Path]:
    out_dir = data_dir / "schema"
    out_dir.mkdir(exist_ok=True)
    written = []
    for kind in KINDS:
        target = out_dir / f"{kind}.schema.json"
        target.write_text(schema_text(kind), encoding="utf-8")
        written.append(target)
    return written
