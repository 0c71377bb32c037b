"""Each expected unit's judged row for each target, judged by PostgreSQL in one INSERT … SELECT.

A recompute writes tens of thousands of these rows; reading the figures into Python, judging
them one by one and sending them back cost most of it. Here the database joins the expected
units with the period's figures (and a year earlier's) and judges them as reports/rules.py
says (`figure_value`, `_increase`, `compare`, the stored value rounded half to even as
`Decimal.quantize` does); tests/reports/compliance/test_set_based_matches_rules.py proves the
rows equal rules.py's on random provinces. Divisions are carried to 40 decimals, so a ratio's
rounding and comparison agree with Python's exact decimals for figures of up to 20 digits.
SQLite keeps no exact decimals (it stores them as floats), so there rules.py judges in Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import connection

from directives.models import Target
from reports.compliance.models import UnitTargetResult
from reports.compliance.rules import Figure
from reports.submissions.models import IndicatorValue, Submission

UNIT_COLUMNS = (
    "run_id", "target_id", "unit_id", "reported", "value", "met", "reported_value", "numerator",
    "denominator", "last_year_reported", "last_year_value", "last_year_numerator",
    "last_year_denominator",
)  # fmt: skip

External = list[tuple[int, int, Figure]]  # (indicator id, unit id, published figure)

# A reporting unit's figures in one period: its report's values, except where a published
# figure overrides them (external.py).
_FIGURES = """
    SELECT s.unit_id, v.indicator_id, v.value, v.numerator, v.denominator
    FROM {values} v JOIN {submissions} s ON s.id = v.submission_id
    WHERE s.directive_id = %(directive)s AND s.period_id = %({period})s
      AND s.status = ANY(%(statuses)s)
      AND (%(units)s::int[] IS NULL OR s.unit_id = ANY(%(units)s::int[]))
      AND NOT EXISTS (SELECT 1 FROM {external} e
                      WHERE e.indicator_id = v.indicator_id AND e.unit_id = s.unit_id)
    UNION ALL
    SELECT unit_id, indicator_id, value, NULL, NULL FROM {external}
"""


def _own(prefix: str) -> str:
    """rules.figure_value: a ratio from its parts (undefined over 0), else the value."""
    return f"""CASE WHEN r.kind <> 'ratio' THEN {prefix}.value
        WHEN {prefix}.numerator IS NULL OR {prefix}.denominator IS NULL
             OR {prefix}.denominator = 0 THEN NULL
        ELSE 100 * {prefix}.numerator::numeric(64, 40) / {prefix}.denominator END"""


_SQL = """
INSERT INTO {results} ({columns})
WITH pairs AS (
    SELECT * FROM unnest(%(pair_targets)s::int[], %(pair_units)s::int[]) AS p(target_id, unit_id)
), rules AS (
    SELECT * FROM unnest(%(targets)s::int[], %(indicators)s::int[], %(kinds)s::text[],
                         %(ops)s::text[], %(goals)s::numeric[], %(yearly)s::boolean[])
        AS r(target_id, indicator_id, kind, op, goal, yearly)
), external_now AS (
    SELECT * FROM unnest(%(now_indicators)s::int[], %(now_units)s::int[], %(now_values)s::numeric[])
        AS e(indicator_id, unit_id, value)
), external_then AS (
    SELECT * FROM unnest(%(then_indicators)s::int[], %(then_units)s::int[],
                         %(then_values)s::numeric[]) AS e(indicator_id, unit_id, value)
), current AS ({figures_now}), earlier AS ({figures_then}),
judged AS (
    SELECT p.target_id, p.unit_id, r.kind, r.op, r.goal, r.yearly,
           n.unit_id IS NOT NULL AS reported, n.value, n.numerator, n.denominator,
           b.unit_id IS NOT NULL AS then_reported, b.value AS then_value,
           b.numerator AS then_numerator, b.denominator AS then_denominator,
           {own_now} AS own_now, {own_then} AS own_then
    FROM pairs p JOIN rules r ON r.target_id = p.target_id
    LEFT JOIN current n ON n.unit_id = p.unit_id AND n.indicator_id = r.indicator_id
    LEFT JOIN earlier b ON r.yearly AND b.unit_id = p.unit_id AND b.indicator_id = r.indicator_id
), own AS (
    -- rules._increase: a rank's places gained, else the increase over a year earlier.
    SELECT judged.*, CASE WHEN NOT yearly THEN own_now
                          WHEN kind = 'rank' THEN own_then - own_now
                          ELSE own_now - own_then END AS own
    -- OFFSET 0 keeps the planner from pasting this expression into every use below, where
    -- the divisions were carried out once per use.
    FROM judged OFFSET 0
), fresh AS (
    SELECT %(run)s::bigint AS run_id, target_id, unit_id, reported,
           -- Decimal.quantize(Decimal("0.000001")): half to even.
           CASE WHEN abs(own * 1000000 - trunc(own * 1000000)) = 0.5
                THEN (trunc(own * 1000000) + mod(trunc(own * 1000000), 2)) / 1000000
                ELSE round(own, 6) END AS value,
           -- rules.compare
           CASE WHEN own IS NULL THEN NULL WHEN op = '>=' THEN own >= goal
                WHEN op = '<=' THEN own <= goal WHEN op = '==' THEN own = goal END AS met,
           value AS reported_value, numerator, denominator,
           yearly AND then_reported AS last_year_reported,
           CASE WHEN yearly THEN then_value END AS last_year_value,
           CASE WHEN yearly THEN then_numerator END AS last_year_numerator,
           CASE WHEN yearly THEN then_denominator END AS last_year_denominator
    FROM own
)
-- A recompute mostly finds the figures it stored before: only the rows that differ are
-- written. One hash join with the run's stored rows finds them; a conflict check per row
-- (an index probe each) cost as much as the judgement.
SELECT fresh.* FROM fresh
LEFT JOIN {results} old ON old.run_id = %(run)s AND old.target_id = fresh.target_id
    AND old.unit_id = fresh.unit_id
WHERE old.run_id IS NULL OR ({old}) IS DISTINCT FROM ({new})
ON CONFLICT (run_id, target_id, unit_id) DO UPDATE SET {updates}
"""
_JUDGED = UNIT_COLUMNS[3:]  # what a row holds besides its key


def _sql() -> str:
    figures = {
        "values": IndicatorValue._meta.db_table,
        "submissions": Submission._meta.db_table,
    }
    return _SQL.format(
        results=UnitTargetResult._meta.db_table,
        columns=", ".join(UNIT_COLUMNS),
        figures_now=_FIGURES.format(period="period", external="external_now", **figures),
        figures_then=_FIGURES.format(period="period_before", external="external_then", **figures),
        own_now=_own("n"),
        own_then=_own("b"),
        updates=", ".join(f"{c} = EXCLUDED.{c}" for c in _JUDGED),
        old=", ".join(f"old.{c}" for c in _JUDGED),
        new=", ".join(f"fresh.{c}" for c in _JUDGED),
    )


def _array(values: Iterable[object]) -> str:
    """An array as one literal: tens of thousands of parameters cost PostgreSQL's planner
    more than the whole judgement."""
    return "{" + ",".join("NULL" if v is None else str(v) for v in values) + "}"


def _external(prefix: str, external: External) -> dict[str, list]:
    return {
        f"{prefix}_indicators": _array(indicator for indicator, _, _ in external),
        f"{prefix}_units": _array(unit for _, unit, _ in external),
        f"{prefix}_values": _array(figure.value for _, _, figure in external),
    }


def insert_unit_results(
    *,
    run_id: int,
    directive_id: int,
    period_id: int,
    period_before_id: int | None,
    statuses: list[str],
    targets: list[Target],
    expected: dict[int, list[int]],
    units: Iterable[int] | None,
    external_now: External,
    external_then: External,
) -> int:
    """Make the run's rows of `expected` (target id -> unit ids; of `units` only, if given)
    what the figures of the reports in `statuses` give; `period_before_id` is the period a
    year earlier whose figures yearly targets compare with (None: none is read). The run holds
    no row of a unit or target no longer expected (see services._compute). Returns how many
    rows were written (those that differed)."""
    only = None if units is None else sorted(units)
    wanted = set(only) if only is not None else None
    chosen = {t: [str(u) for u in expected[t] if wanted is None or u in wanted] for t in expected}
    params = {
        "run": run_id,
        "directive": directive_id,
        "period": period_id,
        "period_before": period_before_id,
        "statuses": statuses,
        "units": None if only is None else _array(only),
        # Built a target at a time: tens of thousands of pairs, one by one, cost 20 ms.
        "pair_targets": "{"
        + ",".join([",".join([str(t)] * len(us)) for t, us in chosen.items() if us])
        + "}",
        "pair_units": "{" + ",".join([",".join(us) for us in chosen.values() if us]) + "}",
        "targets": _array(t.pk for t in targets),
        "indicators": _array(t.indicator_id for t in targets),
        "kinds": _array(t.indicator.kind for t in targets),
        "ops": _array(f'"{t.op}"' for t in targets),
        "goals": _array(Decimal(t.value) for t in targets),
        "yearly": _array("t" if t.change_per_year else "f" for t in targets),
        **_external("now", external_now),
        **_external("then", external_then),
    }
    with connection.cursor() as cursor:
        # The joins hash tens of thousands of rows: in the default 4 MB they sort on disk.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(_sql(), params)
        return cursor.rowcount
