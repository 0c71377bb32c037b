"""Targets' tallies and units' weighings summed by the database from stored unit results.

The rules (reports/rules.py) turn a tally into a target's value; here the database only counts
and sums, so a roll-up over a whole province or over one district's subtree reads stored rows
in one query instead of every report's figures.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet, Sum

from reports.compliance.models import UnitTargetResult
from reports.compliance.rules import Pool, Tally, Weighed

EMPTY_TALLY = Tally(expected=0, reported=0, met=0, pool=Pool(), last_year=Pool())

_NOW = Q(reported=True)
_NOW_PARTS = _NOW & Q(numerator__isnull=False, denominator__isnull=False)
_THEN = _NOW & Q(last_year_reported=True)
_THEN_COLUMNS = ("last_year_value", "last_year_numerator", "last_year_denominator")
_THEN_PARTS = _THEN & Q(last_year_numerator__isnull=False, last_year_denominator__isnull=False)


def _pool_sums(prefix: str, columns: tuple[str, str, str], rows: Q, parts: Q) -> dict:
    """Aggregates named `{prefix}…` over the (value, numerator, denominator) columns."""
    value, numerator, denominator = columns
    return {
        f"{prefix}count": Count("pk", filter=rows),
        f"{prefix}parts": Count("pk", filter=parts),
        f"{prefix}n": Sum(numerator, filter=parts),
        f"{prefix}d": Sum(denominator, filter=parts),
        f"{prefix}values": Count(value, filter=rows),
        f"{prefix}total": Sum(value, filter=rows),
        f"{prefix}lowest": Min(value, filter=rows),
    }


def _pool(row: dict, prefix: str) -> Pool:
    zero = Decimal(0)
    return Pool(
        count=row[f"{prefix}count"],
        parts=row[f"{prefix}parts"],
        numerator=row[f"{prefix}n"] or zero,
        denominator=row[f"{prefix}d"] or zero,
        values=row[f"{prefix}values"],
        total=row[f"{prefix}total"] or zero,
        lowest=row[f"{prefix}lowest"],
    )


def _tallies(rows: QuerySet[UnitTargetResult], keys: tuple[str, ...]) -> dict:
    found = rows.values(*keys).annotate(
        n_expected=Count("pk"),
        n_reported=Count("pk", filter=_NOW),
        n_met=Count("pk", filter=Q(met=True)),
        **_pool_sums("now_", ("reported_value", "numerator", "denominator"), _NOW, _NOW_PARTS),
        **_pool_sums("then_", _THEN_COLUMNS, _THEN, _THEN_PARTS),
    )
    return {
        tuple(row[key] for key in keys): Tally(
            expected=row["n_expected"],
            reported=row["n_reported"],
            met=row["n_met"],
            pool=_pool(row, "now_"),
            last_year=_pool(row, "then_"),
        )
        for row in found.order_by()
    }


def run_tallies(rows: QuerySet[UnitTargetResult]) -> dict[int, Tally]:
    """target id -> tally over `rows` (a run's unit results, perhaps narrowed to a subtree)."""
    return {target: tally for (target,), tally in _tallies(rows, ("target_id",)).items()}


def tallies_by_run(rows: QuerySet[UnitTargetResult]) -> dict[tuple[int, int], Tally]:
    """(run id, target id) -> tally: several runs' roll-ups in one query."""
    return _tallies(rows, ("run_id", "target_id"))


def unit_weighings(
    rows: QuerySet[UnitTargetResult], *, period_end: datetime.date
) -> dict[int, Weighed]:
    """unit id -> its targets counted and weighed (rules.weigh, summed by the database)."""
    met = Q(met=True)
    due = Q(target__due_on__isnull=True) | Q(target__due_on__lte=period_end)
    found = rows.values("unit_id").annotate(
        n_targets=Count("pk"),
        n_met=Count("pk", filter=met),
        n_missed=Count("pk", filter=~met & due),
        weights=Sum("target__weight"),
        met_weights=Sum("target__weight", filter=met),
    )
    return {
        row["unit_id"]: Weighed(
            targets=row["n_targets"],
            met=row["n_met"],
            missed=row["n_missed"],
            weights=row["weights"] or 0,
            met_weights=row["met_weights"] or 0,
        )
        for row in found.order_by()
    }


# A target's tally is stored with its result, so that a refresh after a few units changed
# shifts it by those units' rows instead of summing the whole run again.
_POOL_SUMS = ("numerator", "denominator", "total")


def tally_json(tally: Tally) -> dict:
    def pool(p: Pool) -> dict:
        return {
            "count": p.count, "parts": p.parts, "values": p.values,
            **{name: str(getattr(p, name)) for name in _POOL_SUMS},
            "lowest": None if p.lowest is None else str(p.lowest),
        }  # fmt: skip

    return {
        "expected": tally.expected, "reported": tally.reported, "met": tally.met,
        "pool": pool(tally.pool), "last_year": pool(tally.last_year),
    }  # fmt: skip


def _pool_of(stored: dict) -> Pool:
    return Pool(
        count=stored["count"], parts=stored["parts"], values=stored["values"],
        **{name: Decimal(stored[name]) for name in _POOL_SUMS},
        lowest=None if stored["lowest"] is None else Decimal(stored["lowest"]),
    )  # fmt: skip


def tally_of(stored: dict) -> Tally:
    return Tally(
        expected=stored["expected"], reported=stored["reported"], met=stored["met"],
        pool=_pool_of(stored["pool"]), last_year=_pool_of(stored["last_year"]),
    )  # fmt: skip


def _shifted_pool(total: Pool, removed: Pool, added: Pool) -> Pool | None:
    """None when the lowest figure cannot be known: the rows removed held it."""
    if removed.lowest is not None and total.lowest is not None and removed.lowest <= total.lowest:
        return None
    lows = [low for low in (total.lowest, added.lowest) if low is not None]
    return Pool(
        count=total.count - removed.count + added.count,
        parts=total.parts - removed.parts + added.parts,
        values=total.values - removed.values + added.values,
        **{
            name: getattr(total, name) - getattr(removed, name) + getattr(added, name)
            for name in _POOL_SUMS
        },
        # With no figure left, as the database's MIN over no rows says.
        lowest=min(lows) if lows and total.values - removed.values + added.values else None,
    )


def shifted(total: Tally, removed: Tally, added: Tally) -> Tally | None:
    """`total` with the rows `removed` taken out and the rows `added` put in (None when that
    cannot be known; see _shifted_pool)."""
    pool = _shifted_pool(total.pool, removed.pool, added.pool)
    last_year = _shifted_pool(total.last_year, removed.last_year, added.last_year)
    if pool is None or last_year is None:
        return None
    return Tally(
        expected=total.expected - removed.expected + added.expected,
        reported=total.reported - removed.reported + added.reported,
        met=total.met - removed.met + added.met,
        pool=pool,
        last_year=last_year,
    )
