"""The recogniser's drafts, byte for byte. Documents made from the curated data (tests/docgen.py) are
given to the recogniser as blocks, with no reader between (a reader's change does not show here), and
what it drafts (the YAML, the entries for the shared files, the accounting) is compared with the copy
kept in tests/recognised/. The round-trip tests compare what a draft means; this one catches any change
in what it says, or in what order (the YAML keeps the order the document gave).

After an intended change: RECOGNISED_UPDATE=1 scripts/test tests/test_recogniser_drafts.py, then read
the diff of tests/recognised/ before committing it.
"""

from __future__ import annotations

import difflib
import os

import pytest
import yaml

from builtsite import ROOT
from macros.importer.blocks import Block
from macros.importer.recognise import Recogniser
from macros.importer.shared import Shared
from macros.importer.write import dump

import docgen

DOCS = [
    ("enheten-for-personligt-stod", "verksamhetsplan"),
    ("stod-och-aktivitetsenheten", "verksamhetsplan"),
    ("bestallarenheten-aldre", "verksamhetsplan"),
    ("enheten-for-personligt-stod", "verksamhetsberattelse"),
]
# styled: headings with levels, as a Word file's styles give them; plain: every line unmarked, a table
# of contents first and a page footer now and then, as a text export gives them (structure from text alone).
VARIANTS = ["styled", "plain"]
HERE = ROOT / "tests" / "recognised"


def blocks(items: list[tuple], variant: str) -> list[Block]:
    out: list[Block] = []

    def add(kind: str, text: str, cells=(), level=0, bold=False):
        out.append(Block(kind, text, f"rad {len(out) + 1}", cells=list(cells), level=level, bold=bold))
        if variant == "plain" and len(out) % 40 == 0:
            out.append(Block("noise", f"Sida {len(out) // 40}", f"rad {len(out) + 1}"))

    styled = variant == "styled"
    title = next(n for n, item in enumerate(items) if item[0] == "h1")
    for n, (kind, content) in enumerate(items):
        if kind.startswith("h"):
            add("text", content, level=int(kind[1]) if styled else 0)
        elif kind == "bold":
            add("text", content, bold=styled)
        elif kind == "bullet":
            add("bullet", content)
        elif kind == "table":
            for row in content:
                add("row", "\t".join(row), cells=row)
        else:
            add("text", content)
        if n == title and not styled:  # the contents after the title, as on the templates' cover
            add("text", "Innehållsförteckning")
            for kind_, content_ in items[title + 1:]:
                if kind_ in ("h1", "h2"):
                    add("text", f"{content_} ..... {len(out)}")
    return out


def recognised(unit: str, kind: str, variant: str) -> str:
    data = ROOT / "data"
    shared = Shared.load(data, unit, 2024, kind)
    name = yaml.safe_load((data / "enheter" / unit / "enhet.yaml").read_text(encoding="utf-8"))["namn"]
    r = Recogniser(blocks(docgen.outline(data, unit, 2024, kind), variant), kind, 2024, shared, f"{variant}.docx", name)
    doc = r.run()
    c = r.c
    accounting = {"placerade": c.placed, "matchade": c.matched, "brus": c.noise, "anteckningar": r.notes,
                  "nya_namndmal": r.new_boards, "nya_indikatorer": r.new_indicators,
                  "brustexter": c.noise_texts, "strukturtexter": c.structure_texts}
    return dump(doc, f"# {unit} {kind}, {variant}\n") + "\n# --- accounting\n" + dump(accounting, "")


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("unit,kind", DOCS, ids=[f"{u}-{k}" for u, k in DOCS])
def test_recogniser_drafts_the_same_as_before(unit, kind, variant):
    got = recognised(unit, kind, variant)
    kept = HERE / f"{unit}-{kind}-{variant}.yaml"
    if os.environ.get("RECOGNISED_UPDATE"):
        kept.write_text(got, encoding="utf-8")
    want = kept.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(list(difflib.unified_diff(want.splitlines(True), got.splitlines(True), str(kept), "now"))[:80])
        pytest.fail(f"the recogniser's draft changed:\n{diff}")
