"""What "imported completely" means, shared by the importer's tests and scripts/bench_import: the
draft has the curated data's goal tree, indicators (with targets or outcomes), tables and
letterhead, and the share of the curated sentences found in the draft's placed text."""

from __future__ import annotations

import shutil
from pathlib import Path

from macros.importer.blocks import key, sentences

NOT_PROSE = {"id", "kf_mal", "indikator", "status", "per", "enhet", "datum", "telefon", "niva"}


def data_copy(root: Path, tmp: Path, unit: str, kind: str) -> Path:
    """data/ as before the document was imported: a plan comes before its report; a report needs its plan."""
    data = tmp / "data"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(root / "data", data)
    (data / "enheter" / unit / "2024" / f"{kind}.yaml").unlink()
    if kind == "verksamhetsplan":
        (data / "enheter" / unit / "2024" / "verksamhetsberattelse.yaml").unlink(missing_ok=True)
    return data


def leaves(value, k=""):
    if isinstance(value, dict):
        for kk, v in value.items():
            yield from leaves(v, kk)
    elif isinstance(value, list):
        for v in value:
            yield from leaves(v, k)
    elif isinstance(value, str) and k not in NOT_PROSE:
        yield value


def coverage(curated: dict, draft: dict) -> tuple[float, list[str]]:
    # Placed text only: what is listed in `oplacerat` is kept, but not yet where it belongs.
    draft_key = key(" ".join(leaves({k: v for k, v in draft.items() if k != "oplacerat"})))
    wanted = [s for text in leaves(curated) for s in sentences(text)]
    missing = [s for s in wanted if key(s) not in draft_key]
    return 1 - len(missing) / len(wanted), missing


def goal_tree(doc: dict) -> list:
    return [(b["kf_mal"], [(r["id"], [(u.get("titel") or u["id"], u.get("status")) for u in r.get("enhetsmal", [])])
                           for r in b.get("namndmal", [])]) for b in doc.get("mal", [])]


def indicators(doc: dict) -> list:
    return [(b["kf_mal"], {k: (v.strip() if isinstance(v, str) else v) for k, v in i.items()})
            for b in doc.get("mal", []) for i in b.get("indikatorer", [])]


def tables(doc: dict) -> list:
    out = []

    def walk(secs):
        for s in secs:
            out.append((s["rubrik"], s.get("budget"), s.get("ersattningsnivaer")))
            walk(s.get("avsnitt", []))

    for part in ("inledning", "sammanfattande_analys", "ekonomi", "ovrigt"):
        walk(doc.get(part, []))
    return out + [("klagomal", doc.get("klagomal"))]


def loose(value):
    """Text compared without spaces: a PDF cannot always tell a wrap at a space from a cut word."""
    if isinstance(value, dict):
        return {k: loose(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [loose(v) for v in value]
    return key(value) if isinstance(value, str) else value


def letterhead(doc: dict) -> dict:
    return {k: str(v) for k, v in doc.get("huvud", {}).items()}


def incomplete(curated: dict, draft: dict, kind: str) -> list[str]:
    """What a draft lacks to be imported completely: [] or the names of the parts that differ."""
    def tree(doc):
        if kind == "verksamhetsberattelse":
            return goal_tree(doc)
        return [(a, [(r, [t for t, _ in us]) for r, us in rs]) for a, rs in goal_tree(doc)]

    out = []
    if loose(tree(draft)) != loose(tree(curated)):
        out.append("målträd")
    if loose(indicators(draft)) != loose(indicators(curated)):
        out.append("indikatorer")
    if loose(tables(draft)) != loose(tables(curated)):
        out.append("tabeller")
    if letterhead(draft) != letterhead(curated) or draft.get("bilagor", []) != curated.get("bilagor", []):
        out.append("huvud")
    return out
