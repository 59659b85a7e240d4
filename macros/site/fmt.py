"""Numbers and dates written the Swedish way: 3,5 %, 1 119, 29 november 2026."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Optional

NBSP = "\u00a0"  # keeps "1 119" and "3,5 %" on one line
MINUS = "\u2212"
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")


def number(value: Optional[float], decimals: Optional[int] = None) -> str:
    """1119 -> '1 119', 3.5 -> '3,5', -67 -> '−67', 1e-07 -> '0,0000001'. None -> ''.

    Without decimals, as many as the number's shortest form has (what the editor typed), taken from
    its decimal digits: repr() writes 1e-07 and 1e+300 without a point. A result that is not finite
    (a change computed from two numbers near the float's limit) is left empty; the model refuses
    NaN and infinities in the data."""
    if value is None or not math.isfinite(value):
        return ""
    exact = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    if decimals is None:
        decimals = 0 if float(value).is_integer() else max(0, -exact.as_tuple().exponent)
        text = f"{exact.copy_abs():,.{decimals}f}"
    else:  # rounded as the float is (correctly, from its binary value), but huge ones from their digits
        text = f"{abs(value):,.{decimals}f}" if abs(value) < 1e16 else f"{exact.copy_abs():,.{decimals}f}"
    text = text.replace(",", NBSP).replace(".", ",")
    return (MINUS + text) if value < 0 and text.strip("0,") else text


def quantity(value: Optional[float], unit: Optional[str], decimals: Optional[int] = None) -> str:
    """A number with its unit: '3,5 %', '1,61 kg CO₂ per kg livsmedel', '72'."""
    text = number(value, decimals)
    return text + (NBSP + unit if unit and text else "")


def percent_change(new: float, old: float) -> str:
    """Change from old to new in percent with one decimal, as the documents print it: '−5,6 %'."""
    if not old:
        return ""
    return quantity(round((new - old) / old * 100, 1), "%", 1)


def date(value: Optional[dt.date]) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else ""


def phone(text: str) -> tuple[str, Optional[str]]:
    """A Swedish phone number written the Swedish way, and its tel: address: '0850822000' ->
    ('08-508 22 000', 'tel:+46850822000'). Area code, hyphen, then the subscriber's digits in groups
    (eight digits 3-2-3 as the city writes them, seven 3-2-2, six 2-2-2, five 3-2). A text that is
    not a phone number stays as written, without an address."""
    raw = text.strip()
    if not raw or any(ch not in "0123456789 -+()" for ch in raw):
        return text, None
    if raw.startswith("+46"):
        raw = "0" + raw[3:].lstrip(" (0)")
    digits = "".join(ch for ch in raw if ch.isdigit())
    if not digits.startswith("0") or digits.startswith("00") or not 8 <= len(digits) <= 11:
        return text, None
    if "-" in raw:  # the area code as the writer separated it
        area = "".join(ch for ch in raw.split("-", 1)[0] if ch.isdigit())
    else:
        area = digits[:2] if digits.startswith("08") else digits[:3]
    rest = digits[len(area):]
    groups = {8: (3, 2, 3), 7: (3, 2, 2), 6: (2, 2, 2), 5: (3, 2)}.get(len(rest))
    if groups is None:
        return text, None
    parts, i = [], 0
    for g in groups:
        parts.append(rest[i:i + g])
        i += g
    return f"{area}-{' '.join(parts)}".replace(" ", NBSP), "tel:+46" + digits[1:]
