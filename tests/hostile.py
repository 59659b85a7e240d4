"""A copy of a data directory with hostile text in every text field (for the escaping tests).

Written only into temporary directories by the tests; never published.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

# Breaks out of element text, attributes (both quotes) and <title>; adds a script, event handlers
# and elements no template makes; ends with text that merely looks like markup and must show as written.
PAYLOAD = ('<script>alert(1)</script><img src=x onerror=alert(2)>"\' onmouseover=alert(3) pl-injected-attr="</title>'
           '<svg onload=alert(4)><pl-injected></pl-injected><iframe src=x></iframe> A & B <5 % &amp; </')

# Keys whose strings are identifiers, enumerations or dates, not text: they must keep their values.
_NOT_TEXT = {"id", "namnd", "kf_mal", "indikator", "status", "periodicitet", "riktning", "per",
             "datum", "startdatum", "slutdatum", "kf_arsmal"}


def _mutate(node, key: str | None, parent: dict | None, count: list[int]):
    if isinstance(node, dict):
        return {k: _mutate(v, k, node, count) for k, v in node.items()}
    if isinstance(node, list):
        return [_mutate(v, key, parent, count) for v in node]
    if isinstance(node, str) and key not in _NOT_TEXT and not (key == "enhet" and parent and "belopp" in parent):
        count[0] += 1
        return PAYLOAD
    return node


def hostile_copy(src: Path, dst: Path) -> int:
    """Copy src to dst with every text field replaced by PAYLOAD; returns how many fields were replaced."""
    shutil.copytree(src, dst)
    count = [0]
    for path in sorted(dst.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "dataset.yaml":
            continue
        path.write_text(yaml.safe_dump(_mutate(data, None, None, count), allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    return count[0]
