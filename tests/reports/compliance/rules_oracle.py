"""The stored figures of a directive × period × basis as reports/rules.py gives them the
straightforward way: every unit's figures read into Python, each target judged with
`rules.judge`, each unit scored with `rules.unit_score` (the engine before it judged in SQL).
The set-based engine must store exactly these."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal

from directives.models import Directive
from reports.compliance.models import ComplianceRun, ComplianceUnit, TargetResult, UnitTargetResult
from reports.compliance.roll_ups import rule_of
from reports.compliance.rules import Figure, judge, unit_score
from reports.compliance.services import _reports, _Setting
from reports.periods.models import Period

TargetRow = tuple  # target id, value, met, status, expected, reported, met units
UnitRow = tuple  # target id, unit id, reported, value, met, the figures now and a year earlier
ScoreRow = tuple  # unit id, status, version, late, targets, met, missed, score


def _column(value: Decimal | None, places: int) -> Decimal | None:
    """As the database column keeps it (Django rounds half to even to the column's places)."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def _six(value: Decimal | None) -> Decimal | None:
    return _column(value, 6)


def expected_figures(
    directive: Directive, period: Period, basis: str
) -> tuple[list[TargetRow], list[UnitRow], list[ScoreRow]]:
    setting = _Setting.load(directive, period, basis)
    current, before = setting.figures()
    targets, units, weighed = [], [], defaultdict(list)
    empty = Figure()
    for target in setting.targets:
        figures = current.get(target.indicator_id, {})
        previous = before.get(target.indicator_id, {}) if target.change_per_year else {}
        outcome = judge(
            rule_of(target), expected=setting.expected[target.pk], figures=figures,
            previous=previous, period_end=period.ends_on,
        )  # fmt: skip
        targets.append((
            target.pk, _six(outcome.value), outcome.met, outcome.status, outcome.units_expected,
            outcome.units_reported, outcome.units_met,
        ))  # fmt: skip
        for unit_id, judged in outcome.units.items():
            now, then = figures.get(unit_id, empty), previous.get(unit_id)
            units.append((
                target.pk, unit_id, judged.reported, _six(judged.value), judged.met,
                _six(now.value), _six(now.numerator), _six(now.denominator), then is not None,
                *((_six(then.value), _six(then.numerator), _six(then.denominator)) if then
                  else (None, None, None)),
            ))  # fmt: skip
            weighed[unit_id].append((target.weight, judged.met, target.due_on))
    reports = _reports(setting)
    scores = []
    for unit_id in sorted(setting.valid):
        report = reports.get(unit_id)
        score = unit_score(weighed[unit_id], period_end=period.ends_on)
        scores.append((
            unit_id, report[2] if report else "", report[1] if report else None,
            bool(report and report[3]), score.targets, score.met, score.missed,
            _column(_six(score.score), 4),
        ))  # fmt: skip
    return sorted(targets), sorted(units), scores


def stored_figures(run: ComplianceRun) -> tuple[list[TargetRow], list[UnitRow], list[ScoreRow]]:
    targets = TargetResult.objects.filter(run=run).values_list(
        "target_id", "value", "met", "status", "units_expected", "units_reported", "units_met"
    )
    units = UnitTargetResult.objects.filter(run=run).values_list(
        "target_id", "unit_id", "reported", "value", "met", "reported_value", "numerator",
        "denominator", "last_year_reported", "last_year_value", "last_year_numerator",
        "last_year_denominator",
    )  # fmt: skip
    scores = ComplianceUnit.objects.filter(run=run).values_list(
        "unit_id", "report_status", "report_version", "is_late", "targets", "targets_met",
        "targets_missed", "score",
    )  # fmt: skip
    return sorted(targets), sorted(units), sorted(scores)
