"""JSON Schema for each kind of data file, for editors' completion and inline errors (VS Code YAML)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

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
