"""How a target is judged: plain functions over plain figures, with no database.

The rules of the directive format (docs/directive-format.md):
- pooled: the value over the units of the scope that reported: for a ratio 100 × Σ numerators /
  Σ denominators, for counts, amounts and yes/no the sum, for a rank the best (lowest) position;
- each_unit: each unit's own value is compared; the target's value is the share of expected
  units that meet it (a unit that did not report, or whose ratio is undefined, does not meet
  it), met when that share reaches `units_share` (100 by default);
- change_per_year: the increase over the same period a year earlier is judged instead; for a
  rank, the places gained (30th → 25th is 5), so "improve by 5" is `>= 5`;
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


@dataclass(frozen=True)
class Pool:
    """What a pooled value needs from the reporting units' figures: counts, sums and the best
    rank. Built here from figures, or by the database from stored unit results (SQL sums)."""

    count: int = 0  # figures pooled
    parts: int = 0  # of which with both a numerator and a denominator
    numerator: Decimal = Decimal(0)  # Σ over those
    denominator: Decimal = Decimal(0)
    values: int = 0  # figures with a value
    total: Decimal = Decimal(0)  # Σ values
    lowest: Decimal | None = None  # min value

    @classmethod
    def of(cls, figures: list[Figure]) -> Pool:
        parts = [f for f in figures if f.numerator is not None and f.denominator is not None]
        values = [f.value for f in figures if f.value is not None]
        return cls(
            count=len(figures),
            parts=len(parts),
            numerator=sum((f.numerator for f in parts), Decimal(0)),
            denominator=sum((f.denominator for f in parts), Decimal(0)),
            values=len(values),
            total=sum(values, Decimal(0)),
            lowest=min(values) if values else None,
        )


def pooled_value(kind: str, pool: Pool) -> Decimal | None:
    """Ratio: 100 × Σ numerators / Σ denominators; rank: the best (lowest); else the sum."""
    if not pool.count:
        return None
    if kind == "ratio":
        return HUNDRED * pool.numerator / pool.denominator if pool.denominator else None
    if not pool.values:
        return None
    return pool.lowest if kind == "rank" else pool.total


def status_of(met: bool | None, due_on: datetime.date | None, period_end: datetime.date) -> str:
    if met is None:
        return NO_DATA
    if met:
        return MET
    return ON_TRACK if due_on is not None and period_end < due_on else MISSED


def _increase(kind: str, current: Decimal | None, before: Decimal | None) -> Decimal | None:
    if current is None or before is None:
        return None
    # A rank's axis is reversed: a lower position is better, so places gained count up.
    return before - current if kind == "rank" else current - before


def judge_units(
    rule: Rule,
    *,
    expected: list[int],
    figures: dict[int, Figure],
    previous: dict[int, Figure] | None = None,
) -> dict[int, UnitJudgement]:
    """Each expected unit's own value against the target (the yearly increase if so judged)."""
    previous = previous or {}
    units: dict[int, UnitJudgement] = {}
    for unit in expected:
        own = figure_value(rule.kind, figures.get(unit))
        if rule.change_per_year:
            own = _increase(rule.kind, own, figure_value(rule.kind, previous.get(unit)))
        met = None if own is None else compare(rule.op, own, rule.value)
        units[unit] = UnitJudgement(unit in figures, own, met)
    return units


@dataclass(frozen=True)
class Tally:
    """A target's units, counted: all a target's roll-up needs besides the pools."""

    expected: int
    reported: int
    met: int
    pool: Pool  # the reporting units' figures
    last_year: Pool  # a year earlier, of the reporting units that reported then


def target_outcome(
    rule: Rule, tally: Tally, *, period_end: datetime.date
) -> tuple[Decimal | None, bool | None, str]:
    """value, met and status of a target over its units."""
    if rule.judge == "each_unit":
        value = HUNDRED * tally.met / tally.expected if tally.expected and tally.reported else None
        met = None if value is None else value >= rule.units_share
    else:
        value = pooled_value(rule.kind, tally.pool)
        if rule.change_per_year:
            before = pooled_value(rule.kind, tally.last_year) if tally.last_year.count else None
            value = _increase(rule.kind, value, before)
        met = None if value is None else compare(rule.op, value, rule.value)
    return value, met, status_of(met, rule.due_on, period_end)


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
    units = judge_units(rule, expected=expected, figures=figures, previous=previous)
    reported = [unit for unit in expected if unit in figures]
    tally = Tally(
        expected=len(expected),
        reported=len(reported),
        met=sum(1 for j in units.values() if j.met),
        pool=Pool.of([figures[u] for u in reported]),
        last_year=Pool.of([previous[u] for u in reported if u in previous]),
    )
    value, met, status = target_outcome(rule, tally, period_end=period_end)
    return Outcome(
        value=value,
        met=met,
        status=status,
        units_expected=tally.expected,
        units_reported=tally.reported,
        units_met=tally.met,
        units=units,
    )


@dataclass(frozen=True)
class Score:
    targets: int
    met: int
    missed: int
    score: Decimal | None  # percent


@dataclass(frozen=True)
class Weighed:
    """A unit's judged targets, counted: all its score needs. Built here from (weight, met, due
    date) triples, or by the database from stored unit results (reports/compliance/tally.py)."""

    targets: int = 0
    met: int = 0
    missed: int = 0  # not met although the due date has come (or the target has none)
    weights: int = 0  # Σ weights
    met_weights: int = 0  # Σ weights of the targets met


def weigh(
    judged: list[tuple[int, bool | None, datetime.date | None]], *, period_end: datetime.date
) -> Weighed:
    return Weighed(
        targets=len(judged),
        met=sum(1 for _, met, _ in judged if met),
        missed=sum(1 for _, met, due in judged if not met and (due is None or due <= period_end)),
        weights=sum(weight for weight, _, _ in judged),
        met_weights=sum(weight for weight, met, _ in judged if met),
    )


def score_of(weighed: Weighed) -> Score:
    """A unit's composite score: Σ weights met / Σ weights, in percent."""
    return Score(
        targets=weighed.targets,
        met=weighed.met,
        missed=weighed.missed,
        score=HUNDRED * weighed.met_weights / weighed.weights if weighed.weights else None,
    )


def unit_score(
    judged: list[tuple[int, bool | None, datetime.date | None]], *, period_end: datetime.date
) -> Score:
    """A unit's composite score from its targets' (weight, met, due date)."""
    return score_of(weigh(judged, period_end=period_end))
