"""How a target is judged: plain functions over plain figures, with no database.

The rules of the directive format (docs/directive-format.md):
- pooled: the value over the units of the scope that reported: for a ratio 100 × Σ numerators /
  Σ denominators, for counts, amounts and yes/no the sum, for a rank the best (lowest) position;
- each_unit: each unit's own value is compared; the target's value is the share of expected
  units that meet it (a unit that did not report, or whose ratio is undefined, does not meet
  it), met when that share reaches `units_share` (100 by default);
- change_per_year: the increase over the same period a year earlier is judged instead;
- a target with no figures is "no data", never "met"; one not met is "on track" while its due
  date has not come by the end of the period, "missed" after (or when it has no due date).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

MET, ON_TRACK, MISSED, NO_DATA = "met", "on_track", "missed", "no_data"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Figure:
    """One unit's reported figure for one indicator (absent: the unit did not report it)."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Rule:
    kind: str  # the indicator's kind: ratio, count, amount, boolean, rank
    op: str  # ">=", "<=", "=="
    value: Decimal
    judge: str  # "pooled" or "each_unit"
    units_share: Decimal = HUNDRED
    change_per_year: bool = False
    due_on: datetime.date | None = None


@dataclass(frozen=True)
class UnitJudgement:
    reported: bool
    value: Decimal | None
    met: bool | None


@dataclass(frozen=True)
class Outcome:
    value: Decimal | None
    met: bool | None
    status: str
    units_expected: int
    units_reported: int
    units_met: int
    units: dict[int, UnitJudgement]


def compare(op: str, actual: Decimal, target: Decimal) -> bool:
    if op == ">=":
        return actual >= target
    if op == "<=":
        return actual <= target
    if op == "==":
        return actual == target
    raise ValueError(f"unknown operator {op!r}")


def figure_value(kind: str, figure: Figure | None) -> Decimal | None:
    """A unit's own value: a ratio from its parts (undefined over 0), else as reported."""
    if figure is None:
        return None
    if kind == "ratio":
        if figure.numerator is None or not figure.denominator:
            return None
        return HUNDRED * figure.numerator / figure.denominator
    return figure.value


def pooled_value(kind: str, figures: list[Figure]) -> Decimal | None:
    if not figures:
        return None
    if kind == "ratio":
        parts = [f for f in figures if f.numerator is not None and f.denominator is not None]
        denominator = sum((f.denominator for f in parts), Decimal(0))  # type: ignore[misc]
        if not denominator:
            return None
        return HUNDRED * sum((f.numerator for f in parts), Decimal(0)) / denominator  # type: ignore[misc]
    values = [f.value for f in figures if f.value is not None]
    if not values:
        return None
    return min(values) if kind == "rank" else sum(values, Decimal(0))


def status_of(met: bool | None, due_on: datetime.date | None, period_end: datetime.date) -> str:
    if met is None:
        return NO_DATA
    if met:
        return MET
    return ON_TRACK if due_on is not None and period_end < due_on else MISSED


def _increase(current: Decimal | None, before: Decimal | None) -> Decimal | None:
    return None if current is None or before is None else current - before


def judge(
    rule: Rule,
    *,
    expected: list[int],
    figures: dict[int, Figure],
    previous: dict[int, Figure] | None = None,
    period_end: datetime.date,
) -> Outcome:
    """Judge one target over the expected units, from their figures (and last year's)."""
    previous = previous or {}
    reported = [unit for unit in expected if unit in figures]
    units: dict[int, UnitJudgement] = {}
    for unit in expected:
        own = figure_value(rule.kind, figures.get(unit))
        if rule.change_per_year:
            own = _increase(own, figure_value(rule.kind, previous.get(unit)))
        met = None if own is None else compare(rule.op, own, rule.value)
        units[unit] = UnitJudgement(unit in figures, own, met)
    units_met = sum(1 for j in units.values() if j.met)
    if rule.judge == "each_unit":
        value = HUNDRED * units_met / len(expected) if expected and reported else None
        met = None if value is None else value >= rule.units_share
    else:
        value = pooled_value(rule.kind, [figures[u] for u in reported])
        if rule.change_per_year:
            before = [previous[u] for u in reported if u in previous]
            value = _increase(value, pooled_value(rule.kind, before) if before else None)
        met = None if value is None else compare(rule.op, value, rule.value)
    return Outcome(
        value=value,
        met=met,
        status=status_of(met, rule.due_on, period_end),
        units_expected=len(expected),
        units_reported=len(reported),
        units_met=units_met,
        units=units,
    )
