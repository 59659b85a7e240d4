"""Every finite number the model accepts is printed the Swedish way, and reads back as written."""

from __future__ import annotations

import shutil
from decimal import Decimal

from hypothesis import given, strategies as st

from builtsite import ROOT
from macros.model.load import load
from macros.site import fmt, render
from macros.site.pages import plan_site
from macros.build.settings import project


def _read_back(text: str) -> Decimal:
    return Decimal(text.replace(fmt.NBSP, "").replace(fmt.MINUS, "-").replace(",", "."))


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_float_is_printed_with_the_digits_written(value):
    text = fmt.number(value)
    assert text and "e" not in text.lower() and "." not in text
    assert _read_back(text) == Decimal(repr(value)) or (value == 0 and _read_back(text) == 0)


@given(st.integers(-10**30, 10**30))
def test_any_integer_is_printed_in_groups_of_three(value):
    text = fmt.number(value)
    assert _read_back(text) == value
    assert all(len(group) == 3 for group in text.lstrip(fmt.MINUS).split(fmt.NBSP)[1:])


def test_the_numbers_that_crashed_the_build():
    assert fmt.number(1e-07) == "0,0000001"
    assert fmt.number(0.00001) == "0,00001"
    assert fmt.number(-1e300).startswith(fmt.MINUS + "1" + fmt.NBSP + "000" + fmt.NBSP)
    assert fmt.number(5e-324).endswith("5") and len(fmt.number(5e-324)) == 326
    assert fmt.quantity(float("inf"), "%") == ""  # a computed overflow is left empty, never "inf %"


def test_extreme_outcomes_and_amounts_render(tmp_path):
    """Subnormals, 1e-7, 1e300 and negatives in outcomes, targets and compensation tables: pages render."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    report = tmp_path / "data/enheter/enheten-for-personligt-stod/2024/verksamhetsberattelse.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("utfall: 64", "utfall: 1.0e-7")
                      .replace("utfall: 3.6", "utfall: 5.0e-324"), encoding="utf-8")
    plan = tmp_path / "data/enheter/stod-och-aktivitetsenheten/2024/verksamhetsplan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("belopp: 1119, foregaende: 1186", "belopp: 1.0e+300, foregaende: -1.7e+308")
                    .replace("{belopp: 28, enhet: mkr}", "{belopp: -1.0e+300, enhet: mkr}"), encoding="utf-8")
    ds = load(tmp_path / "data")
    env = render.environment(project(ROOT).templates)
    html = "".join(render.render(env, page) for page in plan_site(ds).pages)  # charts and indicator pages too
    assert "0,0000001" in html and fmt.MINUS + "1" + fmt.NBSP + "000" + fmt.NBSP + "000" in html
