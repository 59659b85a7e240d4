"""Chart geometry for inline SVG drawn at build time: Python computes coordinates, templates draw.

No JavaScript and nothing loaded from elsewhere; every chart sits beside a table of the same
numbers, and its text alternative says what it shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from . import fmt

WIDTH, HEIGHT = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


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


@dataclass(frozen=True)
class LineChart(Frame):
    lines: tuple[Line, ...] = ()


def _nice_step(span: float, count: int = 4) -> float:
    raw = span / count if span > 0 else 1
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _scale(values: list[float]) -> tuple[float, float, float]:
    lo, hi = min(values + [0.0]), max(values)
    step = _nice_step(hi - lo)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step or step, step


def line_chart(years: list[int], series: list[tuple[str, str, list[Optional[float]], bool]], unit: Optional[str]) -> Optional[LineChart]:
    """series: (name, css hook, one value or None per year, dashed). None when there is nothing to draw."""
    values = [v for _, _, vals, _ in series for v in vals if v is not None]
    if not values or not years:
        return None
    lo, hi, step = _scale(values)
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
    return LineChart(WIDTH, HEIGHT, x0, x1, y0, y1, tuple(Tick(x(i), str(yr)) for i, yr in enumerate(years)),
                     tuple(y_ticks), tuple(lines))


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # category and value, for the tooltip
    value: str


@dataclass(frozen=True)
class BarChart(Frame):
    bars: tuple[Bar, ...] = ()


def bar_chart(labels: list[str], values: list[int]) -> Optional[BarChart]:
    """One bar per label (e.g. per year or period), counts from zero."""
    if not values or not any(values):
        return None
    _, hi, step = _scale([float(v) for v in values])
    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    slot = (x1 - x0) / len(values)
    bars = []
    for i, (label, value) in enumerate(zip(labels, values)):
        h = (y1 - y0) * value / hi
        bars.append(Bar(round(x0 + slot * i + slot * 0.2, 1), round(y1 - h, 1), round(slot * 0.6, 1), round(h, 1),
                        f"{label}: {fmt.number(value)}", fmt.number(value)))
    ticks = []
    v = 0.0
    while v <= hi + step / 1000:
        ticks.append(Tick(round(y1 - (y1 - y0) * v / hi, 1), fmt.number(round(v, 6))))
        v += step
    return BarChart(WIDTH, HEIGHT, x0, x1, y0, y1,
                    tuple(Tick(round(x0 + slot * (i + 0.5), 1), lab) for i, lab in enumerate(labels)), tuple(ticks), tuple(bars))
