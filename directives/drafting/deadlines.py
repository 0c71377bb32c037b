"""Deadlines in Vietnamese administrative language, read from folded text.

"trước tháng 7/2016" -> 2016-06-30, "đến hết năm 2010" -> 2010-12-31, "trong quý IV/2016" ->
2016-12-31, "giai đoạn 2016-2018" -> 2018-12-31, "hằng năm" -> recurring. A date cited after a
document's number ("Quyết định số 28/2018/QĐ-TTg ngày 12/7/2018") is not a deadline: every
pattern needs a word of time (trước, đến, hết, trong, quý, năm …) in front of it.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Deadline:
    due: datetime.date | None
    rule: str
    start: int
    end: int
    recurring: bool = False
    # "từ năm 2016": when something starts, a deadline only for a target.
    starting: bool = False


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _before_month(year: int, month: int) -> datetime.date:
    return _month_end(year, month - 1) if month > 1 else datetime.date(year - 1, 12, 31)


def _quarter_end(year: int, quarter: int) -> datetime.date:
    return _month_end(year, quarter * 3)


def _year(text: str) -> int | None:
    year = int(text)
    if year < 100:
        year += 2000
    return year if 1990 <= year <= 2100 else None


_Q = r"(?:quy)\s+(i{1,3}|iv|[1-4])(?:\s*(?:/|nam|-)\s*)(\d{4})"
_D = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_DW = r"(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})"
_M = r"(\d{1,2})\s*/\s*(\d{4})"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "before_date",
        re.compile(r"(?:truoc|cham nhat|den het|den|han)\s+(?:ngay\s+)?(?:" + _D + "|" + _DW + ")"),
    ),
    ("before_quarter", re.compile(r"truoc\s+" + _Q)),
    ("in_quarter", re.compile(r"(?:(?:den het|het|trong|den|ngay trong)\s+)?" + _Q)),
    ("before_month", re.compile(r"truoc\s+(?:thang\s+)?" + _M)),
    ("until_month", re.compile(r"(?:den het|het|den|trong|cuoi)\s+thang\s+" + _M)),
    ("period", re.compile(r"giai doan\s+(\d{4})\s*-\s*(\d{4})")),
    ("before_year", re.compile(r"truoc\s+nam\s+(\d{4})")),
    ("from_year", re.compile(r"(?<![a-z])tu\s+(?:nam\s+)?(\d{4})(?!\s*[-/])")),
    (
        "until_year",
        re.compile(
            r"(?:(?:den het|het|den cuoi|cuoi|trong|den|ngay trong)\s+(?:nam\s+)?|nam\s+)(\d{4})"
            r"(?!\s*[-/]\s*\d)"
        ),
    ),
    ("yearly", re.compile(r"(?<![a-z])(?:hang|hach|moi)\s+nam(?![a-z])")),
    ("continuous", re.compile(r"(?<![a-z])thuong xuyen(?![a-z])")),
]


def _due(rule: str, groups: tuple[str | None, ...]) -> datetime.date | None:
    g = [x for x in groups if x is not None]
    try:
        if rule == "before_date":
            year = _year(g[2])
            return datetime.date(year, int(g[1]), int(g[0])) if year else None
        if rule in ("before_quarter", "in_quarter"):
            quarter = ROMAN.get(g[0]) or int(g[0])
            year = _year(g[1])
            if not year:
                return None
            if rule == "before_quarter":
                return (
                    _quarter_end(year, quarter - 1)
                    if quarter > 1
                    else datetime.date(year - 1, 12, 31)
                )
            return _quarter_end(year, quarter)
        if rule == "before_month":
            year = _year(g[1])
            return _before_month(year, int(g[0])) if year and 1 <= int(g[0]) <= 12 else None
        if rule == "until_month":
            year = _year(g[1])
            return _month_end(year, int(g[0])) if year and 1 <= int(g[0]) <= 12 else None
        if rule == "period":
            year = _year(g[1])
            return datetime.date(year, 12, 31) if year else None
        if rule == "before_year":
            year = _year(g[0])
            return datetime.date(year - 1, 12, 31) if year else None
        if rule in ("until_year", "from_year"):
            year = _year(g[0])
            return datetime.date(year, 12, 31) if year else None
    except ValueError:
        return None
    return None


def find_deadlines(folded: str, offset: int = 0) -> list[Deadline]:
    """Every deadline phrase of a folded text, first to last, never two over the same words."""
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = []
    for rule, pattern in PATTERNS:
        for match in pattern.finditer(folded):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            if rule in ("yearly", "continuous"):
                found.append(
                    Deadline(None, rule, offset + match.start(), offset + match.end(), True)
                )
                taken.append(match.span())
                continue
            if rule == "until_year" and _cited(folded, match.start()):
                continue
            due = _due(rule, match.groups())
            if due is None:
                continue
            found.append(
                Deadline(
                    due,
                    rule,
                    offset + match.start(),
                    offset + match.end(),
                    starting=rule == "from_year",
                )
            )
            taken.append(match.span())
    return sorted(found, key=lambda d: d.start)


def _cited(folded: str, start: int) -> bool:
    """'… ICT Index năm 2017 cho thấy', 'Nghị quyết … năm 2018': a year that dates a document."""
    before = folded[max(0, start - 12) : start]
    return bool(re.search(r"(?:ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s*|thang\s+\d{1,2}\s*)$", before))


def dated(deadlines: list[Deadline]) -> list[Deadline]:
    return [d for d in deadlines if d.due is not None]
