"""A run's roll-ups from its stored unit rows: each target's result (the database counts and
sums, reports/rules.py judges) and each unit's score, written only where they differ."""

from __future__ import annotations

import datetime
from decimal import Decimal

from directives.models import Target
from reports.compliance.models import ComplianceRun, ComplianceUnit, TargetResult, UnitTargetResult
from reports.compliance.rules import HUNDRED, Rule, Tally, Weighed, score_of, target_outcome
from reports.compliance.run_rows import Row, store_rows
from reports.compliance.tally import (
    EMPTY_TALLY,
    run_tallies,
    shifted,
    tally_json,
    tally_of,
    unit_weighings,
)

_DB_VALUE = Decimal("0.000001")


def rule_of(target: Target) -> Rule:
    return Rule(
        kind=target.indicator.kind, op=target.op, value=target.value, judge=target.judge,
        units_share=target.units_share if target.units_share is not None else HUNDRED,
        change_per_year=target.change_per_year, due_on=target.due_on,
    )  # fmt: skip


def rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_DB_VALUE)


def _compliance_unit(run_id: int, unit_id: int, report: tuple | None, weighed: Weighed) -> Row:
    score = score_of(weighed)
    return {
        "run_id": run_id, "unit_id": unit_id, "report_status": report[2] if report else "",
        "report_version": report[1] if report else None, "is_late": bool(report and report[3]),
        "targets": score.targets, "targets_met": score.met, "targets_missed": score.missed,
        "score": rounded(score.score),
    }  # fmt: skip


Tallies = dict[int, Tally]  # target id -> tally


def write_target_results(
    run: ComplianceRun, targets: list[Target], end: datetime.date,
    shift: tuple[Tallies, Tallies] | None = None,
) -> None:  # fmt: skip
    """The targets' results from the stored unit rows: the database counts and sums, rules.py
    judges. With `shift` (the changed rows' tallies before and after), the stored tallies are
    shifted by them where that can be known, instead of summed again over the whole run."""
    tallies = _shifted_tallies(run, targets, *shift) if shift else None
    if tallies is None:
        tallies = run_tallies(UnitTargetResult.objects.filter(run=run))
    results = []
    for target in targets:
        tally = tallies.get(target.pk, EMPTY_TALLY)
        value, met, status = target_outcome(rule_of(target), tally, period_end=end)
        results.append({
            "run_id": run.pk, "target_id": target.pk, "value": rounded(value), "met": met,
            "status": status, "units_expected": tally.expected,
            "units_reported": tally.reported, "units_met": tally.met, "tally": tally_json(tally),
        })  # fmt: skip
    store_rows(TargetResult, run_id=run.pk, rows=results)


def _shifted_tallies(
    run: ComplianceRun, targets: list[Target], removed: Tallies, added: Tallies
) -> Tallies | None:
    stored = dict(TargetResult.objects.filter(run=run).values_list("target_id", "tally"))
    found = {}
    for target in targets:
        if stored.get(target.pk) is None:
            return None
        tally = shifted(
            tally_of(stored[target.pk]), removed.get(target.pk, EMPTY_TALLY),
            added.get(target.pk, EMPTY_TALLY),
        )  # fmt: skip
        if tally is None:
            return None
        found[target.pk] = tally
    return found


def write_scores(
    run: ComplianceRun, valid: set[int], end: datetime.date, reports: dict,
    units: set[int] | None = None,
) -> None:  # fmt: skip
    """The units' scores (of `units` only, if given) from their stored rows."""
    rows = UnitTargetResult.objects.filter(run=run)
    if units is not None:
        rows = rows.filter(unit_id__in=units)
    weighed = unit_weighings(rows, period_end=end)
    store_rows(ComplianceUnit, run_id=run.pk, only=units, rows=[
        _compliance_unit(run.pk, u, reports.get(u), weighed.get(u, Weighed()))
        for u in sorted(valid if units is None else units)
    ])  # fmt: skip
