"""Numbers and dates written the Swedish way: 3,5 %, 1 119, 29 november 2026."""

from __future__ import annotations

import datetime as dt
from typing import Optional

NBSP = "\u00a0"  # keeps "1 119" and "3,5 %" on one line
MINUS = "\u2212"
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")


def number(value: Optional[float], decimals: Optional[int] = None) -> str:
    """1119 -> '1 119', 3.5 -> '3,5', -67 -> '−67'. None -> ''."""
    if value is None:
        return ""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else len(repr(float(value)).split(".")[1])
    text = f"{abs(value):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return (MINUS + text) if value < 0 and text.strip("0,") else text


def quantity(value: Optional[float], unit: Optional[str], decimals: Optional[int] = None) -> str:
    """A number with its unit: '3,5 %', '1,61 kg CO₂ per kg livsmedel', '72'."""
    if value is None:
        return ""
    return number(value, decimals) + (NBSP + unit if unit else "")


def percent_change(new: float, old: float) -> str:
    """Change from old to new in percent with one decimal, as the documents print it: '−5,6 %'."""
    if not old:
        return ""
    return quantity(round((new - old) / old * 100, 1), "%", 1)


def date(value: Optional[dt.date]) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else ""
