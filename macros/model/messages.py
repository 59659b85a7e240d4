"""Schema errors said in Swedish for editors: what was expected, and what was found."""

from __future__ import annotations

import datetime as dt
import difflib
import typing
from typing import Any

from pydantic import BaseModel

EXPECTED = {
    "missing": "obligatoriskt fält saknas",
    "extra_forbidden": "okänd nyckel (stavfel?)",
    "string_type": "väntade text",
    "float_type": "väntade ett tal (t.ex. 3.5, utan enhet)",
    "float_parsing": "väntade ett tal (t.ex. 3.5, utan enhet)",
    "finite_number": "väntade ett ändligt tal (inte .nan eller .inf)",
    "int_type": "väntade ett heltal",
    "int_parsing": "väntade ett heltal",
    "int_from_float": "väntade ett heltal",
    "bool_type": "väntade true eller false",
    "list_type": "väntade en lista (rader som börjar med '- ')",
    "dict_type": "väntade en mappning (nyckel: värde)",
    "model_type": "väntade en mappning (nyckel: värde)",
    "model_attributes_type": "väntade en mappning (nyckel: värde)",
    "date_type": "väntade ett datum ÅÅÅÅ-MM-DD",
    "date_parsing": "väntade ett datum ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "väntade ett giltigt datum ÅÅÅÅ-MM-DD",
    "date_from_datetime_inexact": "väntade ett datum ÅÅÅÅ-MM-DD",
    "greater_than_equal": "värdet måste vara minst {ge}",
    "less_than_equal": "värdet får vara högst {le}",
    "string_pattern_mismatch": "väntade ett id med små bokstäver a-z, siffror och bindestreck",
}

YAML_TYPES = {str: "text", int: "heltal", float: "tal", bool: "sant/falskt", list: "en lista", dict: "en mappning",
              dt.date: "ett datum", type(None): "inget värde"}


def found(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)) or value is None:
        return YAML_TYPES[type(value)]
    shown = repr(value.isoformat() if isinstance(value, dt.date) else value)
    return shown if len(shown) <= 60 else shown[:57] + "...'"


def expected(err: dict) -> str:
    kind = err["type"]
    if kind == "literal_error":
        options = err.get("ctx", {}).get("expected", "").replace(" or ", ", ")
        return f"väntade ett av: {options}"
    if kind == "union":  # our own collapsed form, see explain()
        return "väntade " + " eller ".join(err["options"])
    if kind == "value_error":
        return err["msg"].removeprefix("Value error, ")
    if kind == "string_pattern_mismatch" and "a-z" not in err.get("ctx", {}).get("pattern", "a-z"):
        return "fel format; väntade t.ex. \"1\" för inriktningsmål och \"1.3\" för mål för verksamhetsområdet"
    template = EXPECTED.get(kind)
    if template is None:
        return err["msg"]
    return template.format(**err.get("ctx", {}))


def _model_at(cls: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that holds the value at loc (ints index lists)."""
    current: Any = cls
    for part in loc:
        while typing.get_origin(current) in (typing.Union, list, typing.Annotated) or type(current).__name__ == "UnionType":
            if typing.get_origin(current) is typing.Annotated:
                current = typing.get_args(current)[0]
                continue
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), args[0] if args else None)
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = current.model_fields[part].annotation
    while typing.get_origin(current) in (typing.Union, list) or type(current).__name__ == "UnionType":
        args = [a for a in typing.get_args(current) if a is not type(None)]
        current = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def unknown_key(cls: type[BaseModel], loc: tuple) -> str:
    holder = _model_at(cls, loc[:-1])
    key = str(loc[-1])
    if holder is None:
        return f"okänd nyckel '{key}' (stavfel?)"
    close = difflib.get_close_matches(key, list(holder.model_fields), n=1)
    hint = f"menade du '{close[0]}'?" if close else "tillåtna: " + ", ".join(holder.model_fields)
    return f"okänd nyckel '{key}' ({hint})"


def explain(errors: list[dict], cls: type[BaseModel] | None = None) -> list[tuple[tuple, str]]:
    """(location, message) for each problem; a union's failed branches become one message."""
    out: list[tuple[tuple, str]] = []
    unions: dict[tuple, dict] = {}
    for err in errors:
        loc = tuple(err["loc"])
        # A union member adds a tag like 'float' or "literal['Tas fram av nämnd', ...]" to the location.
        tags = [p for p in loc if isinstance(p, str) and (p in ("float", "int", "str", "date") or p.startswith(("literal[", "constrained-")))]
        if tags:
            base = tuple(p for p in loc if p not in tags)
            u = unions.setdefault(base, {"type": "union", "options": [], "input": err.get("input")})
            if err["type"] == "literal_error":
                u["options"].append("en av texterna " + err.get("ctx", {}).get("expected", "").replace(" or ", ", "))
            else:
                u["options"].append(EXPECTED.get(err["type"], err["msg"]).removeprefix("väntade "))
            continue
        if err["type"] == "extra_forbidden" and cls is not None:
            out.append((loc, unknown_key(cls, loc)))
            continue
        message = expected(err)
        if err["type"] not in ("missing", "extra_forbidden"):
            message += f"; fann {found(err.get('input'))}"
        out.append((loc, message))
    for loc, u in unions.items():
        out.append((loc, f"{expected(u)}; fann {found(u['input'])}"))
    return out
