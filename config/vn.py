"""Vietnamese display formats: 1.234,5 · 98,62% · 05/01/2026 · "ngày 05 tháng 01 năm 2026"."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal


def format_number(
    value: Decimal | float | int | None, decimals: int = 0, *, trim: bool = True
) -> str:
    """1234.5 → "1.234,5". With `trim`, trailing zeros of the fraction are dropped."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    integer, _, fraction = f"{abs(rounded):f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    if trim:
        fraction = fraction.rstrip("0")
    text = sign + ".".join(groups)
    return f"{text},{fraction}" if fraction else text


def format_percent(value: Decimal | float | int | None, decimals: int = 2) -> str:
    """98.6234 → "98,62%"."""
    if value is None:
        return ""
    return f"{format_number(value, decimals)}%"


def format_date(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def long_date(day: datetime.date) -> str:
    """Decree 30/2020: a zero before days below 10 and before months 1 and 2 only."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
