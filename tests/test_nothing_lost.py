"""Every text and number in data/ reaches a reader: on the pages made from that file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builtsite import ROOT, normalise
from macros.site import fmt
from macros.model import text
from macros.site.build_state import prepare
from macros.build.settings import project
from macros.site.views import STATUS_TEXT
from macros.model.yamlfile import read_yaml

# Keys whose values are references or codes, shown through what they point to, not as typed.
NOT_SHOWN_AS_TYPED = {"id", "kf_mal", "indikator", "namnd", "riktning", "per"}


def leaves(value, key=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from leaves(v, key)
    elif key not in NOT_SHOWN_AS_TYPED and value is not None:
        yield key, value


def expected_text(key, value) -> list[str]:
    if key == "status":
        return [STATUS_TEXT[value]]
    if isinstance(value, bool):
        return []
    if key in ("datum", "startdatum", "slutdatum"):  # dates are read as text, shown in words
        return [fmt.date(dt.date.fromisoformat(str(value)))]
    if key in ("ar", "foregaende_ar"):
        return [str(value)]
    if key == "telefon":  # written the Swedish way (08-508 22 000), whatever way it was typed
        return [normalise(fmt.phone(str(value))[0])]
    if isinstance(value, (int, float)):
        return [normalise(fmt.number(value))]
    # Prose: each paragraph line and bullet, without markup.
    return [normalise(text.plain(line)) for line in str(value).splitlines() if line.strip()]


def data_files():
    return sorted((ROOT / "data").rglob("*.yaml"))


@pytest.fixture(scope="module")
def pages_by_source():
    state = prepare(project(ROOT))
    out: dict[str, list[str]] = {}
    for page in state.plan.pages:
        for source in page.sources:
            out.setdefault(source, []).append(page.path)
    return out


@pytest.mark.parametrize("path", data_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_value_in_the_file_is_on_its_pages(path: Path, pages, pages_by_source):
    rel = str(path.relative_to(ROOT))
    shown_on = pages_by_source.get(rel)
    assert shown_on, f"no page is made from {rel}"
    site_text = " ".join(pages[p].text for p in shown_on)
    doc = read_yaml(path, rel)
    missing = []
    for key, value in leaves(doc.data):
        for piece in expected_text(key, value):
            if piece and piece not in site_text:
                missing.append(f"{key}: {piece[:80]}")
    assert not missing, f"{len(missing)} values of {rel} are on none of {shown_on[:3]}...:\n" + "\n".join(missing[:20])
