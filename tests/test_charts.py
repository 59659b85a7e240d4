"""Charts say what they show: series told apart by line style and marker with a legend, the unit on
the axis, whole-number ticks for counts, and "uppgift saknas" where a period was not reported."""

from __future__ import annotations

import re

from macros.model.load import load
from macros.site import charts, urls


def _tick_labels(chart) -> list[str]:
    return [t.label for t in chart.y_ticks]


def test_counts_get_whole_number_ticks():
    chart = charts.bar_chart(["T1", "T2", "VB"], [1, 0, 2])
    assert _tick_labels(chart) == ["0", "1", "2"]  # never 0,25 / 0,5 / 0,75
    line = charts.line_chart([2022, 2023, 2024], [("Utfall", "utfall", [1, 2, 1], False)], "antal")
    assert all("," not in label for label in _tick_labels(line)), _tick_labels(line)


def test_fractional_values_keep_fractional_ticks():
    line = charts.line_chart([2023, 2024], [("Utfall", "utfall", [0.2, 0.9], False)], "%")
    assert "0,25" in _tick_labels(line) or "0,2" in _tick_labels(line), _tick_labels(line)


def test_a_period_not_reported_is_said_not_drawn_as_zero():
    chart = charts.bar_chart(["T1", "T2", "VB"], [None, 0, 4])
    missing = [b for b in chart.bars if b.missing]
    assert [b.value for b in missing] == ["uppgift saknas"] and missing[0].label == "T1: uppgift saknas"
    assert [b.value for b in chart.bars if not b.missing] == ["0", "4"]


def test_the_axis_carries_the_unit():
    assert charts.line_chart([2024], [("Utfall", "utfall", [3.5], False)], "%").unit == "%"
    assert charts.bar_chart(["T1"], [2]).unit == "Antal"


def test_synthetic_unit_charts_tell_series_apart_and_name_the_unit(city, city_site):
    ds = load(city)
    seen_kinds: set[str] = set()
    for unit_id in ds.units:
        page = city_site.get(urls.unit_indicators(unit_id))
        if page is None:
            continue
        for figure in re.findall(r'<figure class="pl-diagram">(.*?)</figure>', page.html, re.S):
            drawing, legend = figure.split("<figcaption", 1)
            lines = re.findall(r'<polyline class="pl-linje pl-linje--(\w+)"[^>]*?(?:stroke-dasharray="([^"]+)")?/>', drawing)
            styles = [dash for _, dash in lines]
            assert len(set(styles)) == len(styles), lines  # no two series share a line style
            names = re.findall(r"</svg> ([^<]+?) <span", legend)
            assert len(names) == len(lines) and len(set(names)) == len(names), names
            words = re.findall(r'<span class="pl-not">\(([^)]+)\)</span>', legend)
            assert len(set(words)) == len(words), words  # the legend describes each series differently
            unit = re.search(r'class="pl-axel pl-axel--enhet"[^>]*>([^<]+)<', drawing).group(1)
            assert unit in ("%", "Värde") or unit.strip(), unit
            seen_kinds |= {k for k, _ in lines}
    assert {"utfall", "arsmal"} <= seen_kinds  # the checks above did see several series


def test_synthetic_complaint_charts_say_which_periods_were_not_reported(city, city_site):
    from macros.model.model import PERIODS

    ds = load(city)
    missing = counted = 0
    for (unit_id, year), report in sorted(ds.reports.items()):
        page = city_site[urls.complaints(unit_id)] if report.klagomal else None
        for group in dict.fromkeys(g.uppdelning for g in report.klagomal):
            cats = [c for g in report.klagomal if g.uppdelning == group for c in g.kategorier]
            chart = re.search(rf"<h3[^>]*>{re.escape(group)}</h3>(.*?)</figure>", page.html, re.S)
            if chart is None:  # a group with no number in any year gets no chart
                continue
            for period in PERIODS:
                values = [getattr(c, period) for c in cats]
                said = "uppgift saknas" if all(v is None for v in values) else str(sum(v or 0 for v in values))
                assert f"<title>{year} {period.upper()}: {said}</title>" in chart.group(1), (unit_id, group, year, period, said)
                missing += said == "uppgift saknas"
                counted += said != "uppgift saknas"
    assert missing > 0 and counted > 0  # both kinds of period were seen
