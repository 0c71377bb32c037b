"""Vietnamese display formats: 1.234,5 · 98,62% · 05/01/2026 · "ngày 05 tháng 01 năm 2026"."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


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


def long_date_parts(day: datetime.date) -> dict[str, str]:
    """Decree 30/2020: a zero before days below 10 and before months 1 and 2 only."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return {"day": f"{day.day:02d}", "month": month, "year": str(day.year)}


def long_date(day: datetime.date) -> str:
    return "ngày {day} tháng {month} năm {year}".format(**long_date_parts(day))


def parse_number(text: str) -> Decimal:
    """Read a number as Vietnamese staff type it: "1.234,5", "1234,5", "0,75" or "1234.5".

    A comma is the decimal mark; dots then group thousands. Without a comma, a dot followed by
    exactly three digits groups thousands ("1.234" is one thousand two hundred thirty-four).
    Raises ValueError for anything else.
    """
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        raise ValueError("empty")
    if "," in cleaned:
        integer, _, fraction = cleaned.partition(",")
        if "," in fraction:
            raise ValueError(text)
        cleaned = f"{_ungroup(integer)}.{fraction}" if fraction else _ungroup(integer)
    elif cleaned.count(".") > 1 or (cleaned.count(".") == 1 and len(cleaned.split(".")[1]) == 3):
        cleaned = _ungroup(cleaned)
    if not all(ch.isdigit() or ch in ".-" for ch in cleaned) or cleaned in {"-", ".", ""}:
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None


def _ungroup(text: str) -> str:
    groups = text.split(".")
    sign = "-" if groups[0].startswith("-") else ""
    groups[0] = groups[0].lstrip("-")
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        raise ValueError(text)
    return sign + "".join(groups)
