"""Chart geometry for inline SVG drawn at build time: Python computes coordinates, templates draw.

No JavaScript and nothing loaded from elsewhere; every chart sits beside a table of the same
numbers, and its text alternative says what it shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from . import fmt

# A narrow drawing: it is scaled to the column's width, and its 15-unit text must stay 12 px or more
# on a 320 px phone (a 288 px column: 288 / 360 * 15 = 12). planer.css caps its width on wide screens.
WIDTH, HEIGHT = 360, 230
LEFT, RIGHT, TOP, BOTTOM = 50, 26, 30, 44
MISSING = "uppgift saknas"


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str  # the value, for the mark's tooltip and print


@dataclass(frozen=True)
class Line:
    name: str
    css: str  # style hook: "utfall", "arsmal", "kf"
    points: str  # "x,y x,y" for <polyline>
    marks: tuple[Mark, ...]
    dashed: bool


@dataclass(frozen=True)
class Frame:
    """The drawing area and its axes, shared by every kind of chart."""

    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    unit: str  # the y axis's unit, written above it ("%", "Antal")


@dataclass(frozen=True)
class LineChart(Frame):
    lines: tuple[Line, ...] = ()


def _nice_step(span: float, count: int = 4, whole: bool = False) -> float:
    """A round step giving about `count` ticks; `whole`: a whole number (counts have no 0,25)."""
    raw = span / count if span > 0 else 1
    if whole:
        raw = max(raw, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw and not (whole and (m * magnitude) % 1))


def _scale(values: list[float], whole: bool = False) -> tuple[float, float, float]:
    lo, hi = min(values + [0.0]), max(values)
    step = _nice_step(hi - lo, whole=whole)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step or step, step


def _year_ticks(years: list[int], x) -> tuple[Tick, ...]:
    """Every year, or every other one (the last always) when there are too many to fit side by side."""
    every = 1 if len(years) <= 6 else 2
    last = len(years) - 1
    return tuple(Tick(x(i), str(yr)) for i, yr in enumerate(years) if (last - i) % every == 0)


def line_chart(years: list[int], series: list[tuple[str, str, list[Optional[float]], bool]], unit: Optional[str]) -> Optional[LineChart]:
    """series: (name, css hook, one value or None per year, dashed). None when there is nothing to draw.

    Each series has its own line style and marker (the template's), so none is told by colour alone."""
    values = [v for _, _, vals, _ in series for v in vals if v is not None]
    if not values or not years:
        return None
    lo, hi, step = _scale(values, whole=all(float(v).is_integer() for v in values))
    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM

    def x(i: int) -> float:
        return round(x0 + (x1 - x0) * (0.5 if len(years) == 1 else i / (len(years) - 1)), 1)

    def y(v: float) -> float:
        return round(y1 - (y1 - y0) * (v - lo) / (hi - lo), 1)

    lines = []
    for name, css, vals, dashed in series:
        marks = tuple(Mark(x(i), y(v), fmt.quantity(v, unit)) for i, v in enumerate(vals) if v is not None)
        if marks:
            lines.append(Line(name, css, " ".join(f"{m.x},{m.y}" for m in marks), marks, dashed))
    y_ticks = []
    v = lo
    while v <= hi + step / 1000:
        y_ticks.append(Tick(y(v), fmt.number(round(v, 6))))
        v += step
    return LineChart(WIDTH, HEIGHT, x0, x1, y0, y1, _year_ticks(years, x), tuple(y_ticks), unit or "Värde", tuple(lines))


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # category and value, for the tooltip
    value: str  # "uppgift saknas" for a period not reported: no bar, never a bar of 0
    missing: bool = False


@dataclass(frozen=True)
class BarChart(Frame):
    bars: tuple[Bar, ...] = ()
    groups: tuple[Tick, ...] = ()  # a second row of x labels, each under its group of bars (the years)


def bar_chart(labels: list[str], values: list[Optional[int]], groups: tuple[tuple[str, int], ...] = ()) -> Optional[BarChart]:
    """One bar per label (e.g. per period), counts from zero with whole-number ticks. None: not reported,
    said so in place of a bar. groups: (label, how many bars) for a second row of labels (the years)."""
    if not values or not any(values):
        return None
    _, hi, step = _scale([float(v) for v in values if v is not None], whole=True)
    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    slot = (x1 - x0) / len(values)
    named = [f"{g} {lab}" for g, n in groups for lab in [""] * n]  # each bar's tooltip names its group too
    full = [f"{named[i]}{lab}" if i < len(named) else lab for i, lab in enumerate(labels)]
    bars = []
    for i, (label, value) in enumerate(zip(full, values)):
        if value is None:
            bars.append(Bar(round(x0 + slot * i + slot * 0.2, 1), y1, round(slot * 0.6, 1), 0, f"{label}: {MISSING}", MISSING, True))
            continue
        h = (y1 - y0) * value / hi
        bars.append(Bar(round(x0 + slot * i + slot * 0.2, 1), round(y1 - h, 1), round(slot * 0.6, 1), round(h, 1),
                        f"{label}: {fmt.number(value)}", fmt.number(value)))
    ticks = []
    v = 0.0
    while v <= hi + step / 1000:
        ticks.append(Tick(round(y1 - (y1 - y0) * v / hi, 1), fmt.number(round(v, 6))))
        v += step
    group_ticks, first = [], 0
    for label, count in groups:
        group_ticks.append(Tick(round(x0 + slot * (first + count / 2), 1), label))
        first += count
    return BarChart(WIDTH, HEIGHT, x0, x1, y0, y1,
                    tuple(Tick(round(x0 + slot * (i + 0.5), 1), lab) for i, lab in enumerate(labels)), tuple(ticks), "Antal",
                    tuple(bars), tuple(group_ticks))
