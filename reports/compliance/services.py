"""Turn reports into the figures dashboards, exports and the API read.

`compliance_compute` judges every target of a directive for a period (reports/rules.py; on
PostgreSQL the units' rows are judged by the database, unit_results.py) and stores the results
for reading, with each unit's figures and score; the old results are rewritten in the same
transaction, so readers never see half a computation; when no expected unit's report is
merely sent, the provisional run is a copy of the official one. `compliance_refresh`
brings stored results up to date after reports change: nothing when nothing changed, only the
changed units' rows (and the targets' roll-ups, their stored tallies shifted by those rows)
when a few did, a full compute otherwise. Running either twice gives the same rows. Two computations of one directive × period
× basis (the nightly recompute and a queued refresh, on two worker processes) take turns.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from directives.models import Directive, Target
from directives.selectors import directive_reporting_units
from reports.compliance.external import external_figures, external_pairs, pairs_for
from reports.compliance.models import ComplianceRun, ComplianceUnit, UnitTargetResult
from reports.compliance.roll_ups import rounded, rule_of, write_scores, write_target_results
from reports.compliance.rules import (
    Figure,
    UnitJudgement,
    judge_units,
)
from reports.compliance.run_rows import copy_rows
from reports.compliance.tally import (
    run_tallies,
)
from reports.compliance.unit_results import UNIT_COLUMNS, insert_unit_results
from reports.periods.models import Period
from reports.periods.selectors import open_period_ids
from reports.submissions.models import SENT, IndicatorValue, Submission
from units import permissions

BASIS_STATUSES = {
    ComplianceRun.Basis.OFFICIAL: [Submission.Status.ACCEPTED],
    ComplianceRun.Basis.PROVISIONAL: [Submission.Status.ACCEPTED, Submission.Status.SUBMITTED],
}
# Above this share of changed units, one full compute is cheaper than patching row by row.
_INCREMENTAL_SHARE = Decimal("0.2")

Figures = dict[int, dict[int, Figure]]  # indicator id -> unit id -> figure


def _figures(
    directive: Directive, period: Period | None, statuses: list[str], units: set[int] | None = None
) -> Figures:
    """The figures of the reports in `statuses` (of `units` only, if given), in one query."""
    found: Figures = defaultdict(dict)
    if period is None:
        return found
    rows = IndicatorValue.objects.filter(
        submission__directive=directive, submission__period=period, submission__status__in=statuses
    )
    if units is not None:
        rows = rows.filter(submission__unit_id__in=units)
    for indicator_id, unit_id, value, numerator, denominator in rows.values_list(
        "indicator_id", "submission__unit_id", "value", "numerator", "denominator"
    ):
        found[indicator_id][unit_id] = Figure(value, numerator, denominator)
    for indicator_id, unit_id, figure in external_figures(directive, period, units):
        found[indicator_id][unit_id] = figure
    return found


def _year_before(period: Period) -> Period | None:
    return Period.objects.filter(
        kind=period.kind, year=period.year - 1, number=period.number
    ).first()


@dataclass
class _Setting:
    """What a computation of one directive × period × basis works from."""

    directive: Directive
    period: Period
    basis: str
    valid: set[int]  # the units expected to report
    targets: list[Target]
    expected: dict[int, list[int]]  # target id -> expected unit ids
    # Read a few times per computation, the same for both bases (which copy it).
    _digest: str = field(default="", repr=False, compare=False)

    @classmethod
    def load(cls, directive: Directive, period: Period, basis: str) -> _Setting:
        # Ids, not units: a thousand model instances cost a refresh more than its SQL.
        units = directive_reporting_units(directive, on=period.ends_on).values_list("pk", "level")
        by_level: dict[int, list[int]] = defaultdict(list)
        for unit_id, level_id in units:
            by_level[level_id].append(unit_id)
        valid = {unit_id for ids in by_level.values() for unit_id in ids}
        targets = list(
            Target.objects.filter(task__directive=directive)
            .select_related("indicator")
            .prefetch_related("scope")
            .order_by("task__position", "position")
        )
        expected = {
            target.pk: sorted(
                {s.unit_id for s in target.scope.all() if s.unit_id in valid}
                | {u for s in target.scope.all() if s.level_id for u in by_level[s.level_id]}
            )
            for target in targets
        }
        return cls(directive, period, basis, valid, targets, expected)

    def digest(self) -> str:
        """What the figures depend on besides the reports: any change here makes them stale."""
        if not self._digest:
            self._digest = self._compute_digest()
        return self._digest

    def _compute_digest(self) -> str:
        targets = [
            [t.pk, t.indicator_id, t.indicator.kind, t.op, str(t.value), t.judge,
             str(t.units_share), t.change_per_year, str(t.due_on), t.weight, self.expected[t.pk]]
            for t in self.targets
        ]  # fmt: skip
        wanted = [str(self.period.ends_on), sorted(self.valid), targets]
        return hashlib.sha256(json.dumps(wanted).encode()).hexdigest()

    def yearly(self) -> bool:
        """Whether a target compares with a year earlier."""
        return any(t.change_per_year for t in self.targets)

    def figures(self, units: set[int] | None = None) -> tuple[Figures, Figures]:
        """This period's figures and, when a target is yearly, a year earlier's."""
        statuses = BASIS_STATUSES[self.basis]
        current = _figures(self.directive, self.period, statuses, units)
        if not self.yearly():
            return current, {}
        before = _figures(self.directive, _year_before(self.period), statuses, units)
        return current, before


UnitRow = tuple  # the columns of UNIT_COLUMNS, in order


def _unit_rows(
    run_id: int, target: Target, judged: dict[int, UnitJudgement], current: Figures,
    before: Figures,
) -> list[UnitRow]:  # fmt: skip
    """The stored rows of the judged units for one target."""
    figures = current.get(target.indicator_id, {})
    previous = before.get(target.indicator_id, {}) if target.change_per_year else {}
    empty, rows = Figure(), []
    for unit_id, j in judged.items():
        now, then = figures.get(unit_id, empty), previous.get(unit_id)
        rows.append((
            run_id, target.pk, unit_id, j.reported, rounded(j.value), j.met,
            now.value, now.numerator, now.denominator, then is not None,
            *((then.value, then.numerator, then.denominator) if then else (None, None, None)),
        ))  # fmt: skip
    return rows


def _reports(setting: _Setting) -> dict[int, tuple[int, int, str, bool]]:
    """unit id -> (submission id, version, status, late) of the units expected."""
    # The few reports of units no longer expected are left out here, not by a thousand ids
    # sent to the database.
    rows = Submission.objects.filter(directive=setting.directive, period=setting.period)
    return {
        unit: (pk, version, status, bool(late))
        for unit, pk, version, status, late in rows.values_list(
            "unit_id", "pk", "version", "status", "is_late"
        )
        if unit in setting.valid
    }


def _stamp(run: ComplianceRun, setting: _Setting, reports: dict) -> None:
    statuses = BASIS_STATUSES[setting.basis]
    sent = [r for r in reports.values() if r[2] in SENT]
    run.computed_at = timezone.now()
    run.setting = setting.digest()
    run.sources = sorted([pk, version] for pk, version, status, _ in reports.values()
                         if status in statuses)  # fmt: skip
    run.units_expected = len(setting.valid)
    run.units_submitted = len(sent)
    run.units_accepted = sum(1 for r in sent if r[2] == Submission.Status.ACCEPTED)
    run.units_late = sum(1 for r in sent if r[3])


def compliance_compute(*, directive: Directive, period: Period, basis: str) -> ComplianceRun:
    return _compute(_Setting.load(directive, period, basis))


def _take_turn(setting: _Setting) -> None:
    """Wait until no other transaction computes this directive × period × basis; held until
    this one ends. Taken before the figures are read, so a computation never stores figures
    read before another one committed. Re-entrant: a refresh holding it may compute in full.
    SQLite lets one writer at a time anyway."""
    if connection.vendor != "postgresql":
        return
    key = f"compliance:{setting.directive.pk}:{setting.period.pk}:{setting.basis}"
    with connection.cursor() as cursor:
        # A hash collision only makes two unrelated computations take turns too.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _kept_run(setting: _Setting, digest: str) -> ComplianceRun:
    """The stored run of this directive × period × basis, or a new one. Kept, with its rows
    rewritten where they differ: a recompute mostly finds the figures it stored before, and a
    row written costs far more than a row compared."""
    directive, period, basis = setting.directive, setting.period, setting.basis
    run = ComplianceRun.objects.filter(directive=directive, period=period, basis=basis).first()
    if run is not None and run.setting != digest:
        # Other targets or units expected (the digest says which rows there are).
        UnitTargetResult.objects.filter(run=run).delete()
    return run or ComplianceRun(directive=directive, period=period, basis=basis)


def _compute(setting: _Setting) -> ComplianceRun:
    with transaction.atomic():
        _take_turn(setting)
        official = _official_alike(setting)
        if official is not None:
            return _copy(official, setting)
        reports = _reports(setting)
        run = _kept_run(setting, setting.digest())
        _stamp(run, setting, reports)
        run.save()
        _write_unit_results(run, setting)
        write_target_results(run, setting.targets, setting.period.ends_on)
        write_scores(run, setting.valid, setting.period.ends_on, reports)
    return run


def _official_alike(setting: _Setting) -> ComplianceRun | None:
    """For the provisional basis: the stored official run, when its figures are the provisional
    ones too. The provisional basis counts the accepted and the sent reports, the official one
    the accepted only: they agree when no expected unit's report was merely sent (by the
    official run's own record of its reports), nor a year earlier when a target compares with
    that year, and the official run was computed from the same targets and units."""
    if setting.basis != ComplianceRun.Basis.PROVISIONAL:
        return None
    official = ComplianceRun.objects.filter(
        directive=setting.directive, period=setting.period, basis=ComplianceRun.Basis.OFFICIAL,
        setting=setting.digest(),
    ).first()  # fmt: skip
    if official is None:
        return None
    sent = Submission.Status.SUBMITTED
    if ComplianceUnit.objects.filter(run=official, report_status=sent).exists():
        return None
    before = _year_before(setting.period) if setting.yearly() else None
    sent_before = Submission.objects.filter(
        directive=setting.directive, period=before, unit_id__in=setting.valid, status=sent
    )
    if before is not None and sent_before.exists():
        return None
    return official


def _copy(official: ComplianceRun, setting: _Setting) -> ComplianceRun:
    """The provisional run made a copy of the official one, its record of reports included:
    a refresh compares that record with the reports and brings the copy up to date."""
    run = _kept_run(setting, official.setting)
    for name in ("sources", "units_expected", "units_submitted", "units_accepted",
                 "units_late", "setting"):  # fmt: skip
        setattr(run, name, getattr(official, name))
    run.computed_at = timezone.now()  # a new stamp: readers' caches key on it
    run.save()
    copy_rows(source_id=official.pk, run_id=run.pk)
    return run


def _write_unit_results(
    run: ComplianceRun, setting: _Setting, units: set[int] | None = None
) -> bool:
    """Make the run's rows of every target's expected units (of `units` only, if given) what
    the rules give: by PostgreSQL in one statement (unit_results.py), elsewhere rewritten
    here by rules.py. False when no row changed (known on PostgreSQL only)."""
    if connection.vendor == "postgresql":
        yearly = setting.yearly()
        before = _year_before(setting.period) if yearly else None
        return insert_unit_results(
            run_id=run.pk, directive_id=setting.directive.pk, period_id=setting.period.pk,
            period_before_id=before.pk if before else None,
            statuses=BASIS_STATUSES[setting.basis], targets=setting.targets,
            expected=setting.expected, units=units,
            external_now=external_figures(setting.directive, setting.period, units),
            external_then=external_figures(setting.directive, before, units) if yearly else [],
        ) > 0  # fmt: skip
    stale = UnitTargetResult.objects.filter(run=run)
    (stale if units is None else stale.filter(unit_id__in=units)).delete()
    current, before_figures = setting.figures(units)
    rows = []
    for target in setting.targets:
        expected = [u for u in setting.expected[target.pk] if units is None or u in units]
        judged = judge_units(
            rule_of(target), expected=expected, figures=current.get(target.indicator_id, {}),
            previous=before_figures.get(target.indicator_id, {}),
        )  # fmt: skip
        rows += _unit_rows(run.pk, target, judged, current, before_figures)
    UnitTargetResult.objects.bulk_create(
        [UnitTargetResult(**dict(zip(UNIT_COLUMNS, row, strict=True))) for row in rows],
        batch_size=2000,
    )
    return True


def _changed_units(run: ComplianceRun, reports: dict) -> set[int]:
    """Units whose report differs from the one the run was computed from."""
    stored = {
        unit: (status, version, late)
        for unit, status, version, late in ComplianceUnit.objects.filter(run=run).values_list(
            "unit_id", "report_status", "report_version", "is_late"
        )
    }
    now = {
        unit: (reports[unit][2], reports[unit][1], reports[unit][3]) if unit in reports
        else ("", None, False)
        for unit in stored
    }  # fmt: skip
    return {unit for unit in stored if stored[unit] != now[unit]}


def _update(run: ComplianceRun, setting: _Setting, changed: set[int], reports: dict) -> None:
    """Rewrite the changed units' rows, then the targets' roll-ups, their tallies shifted by
    the changed rows (not when no row changed: a report accepted changes no provisional
    figure), and the changed units' scores and report states."""
    rows = UnitTargetResult.objects.filter(run=run, unit_id__in=changed)
    before = run_tallies(rows)
    if _write_unit_results(run, setting, changed):
        write_target_results(
            run, setting.targets, setting.period.ends_on, shift=(before, run_tallies(rows))
        )
    write_scores(run, setting.valid, setting.period.ends_on, reports, changed)
    _stamp(run, setting, reports)
    run.save()


def _refresh(setting: _Setting) -> str:
    # One transaction from the turn taken to the run written: a refresh that waited for another
    # computation reads the run that one committed, and finds it current.
    with transaction.atomic():
        _take_turn(setting)
        run = ComplianceRun.objects.filter(
            directive=setting.directive, period=setting.period, basis=setting.basis
        ).first()
        # Computed from other targets, rules, weights or units: the reports alone cannot tell.
        if run is not None and run.setting == setting.digest():
            reports = _reports(setting)
            changed = _changed_units(run, reports)
            if not changed:
                return "current"
            if len(changed) <= max(1, len(setting.valid) * _INCREMENTAL_SHARE):
                _update(run, setting, changed, reports)
                return "incremental"
        _compute(setting)
        return "full"


def compliance_refresh(*, directive: Directive, period: Period) -> dict[str, str]:
    """Bring both bases up to date: basis -> "current", "incremental" or "full"."""
    shared = _Setting.load(directive, period, ComplianceRun.Basis.OFFICIAL)
    shared.digest()  # once, for both bases
    return {basis: _refresh(replace(shared, basis=basis)) for basis in ComplianceRun.Basis.values}


def compliance_recompute(*, directive: Directive, period: Period) -> list[ComplianceRun]:
    shared = _Setting.load(directive, period, ComplianceRun.Basis.OFFICIAL)
    shared.digest()  # once, for both bases
    return [_compute(replace(shared, basis=basis)) for basis in ComplianceRun.Basis.values]


def compliance_recompute_for_figure(*, indicator_id: int, year: int) -> int:
    """After a published figure changed: recompute what it reaches (see external.pairs_for)."""
    pairs = pairs_for(indicator_id, year)
    for directive, period in pairs:
        compliance_recompute(directive=directive, period=period)
    return len(pairs)


def compliance_pairs(*, directive_id: int | None = None) -> list[tuple[Directive, Period]]:
    """Every directive × period with reports (of one directive, if given), and every open
    period a directive in force reports on even before any unit has reported in it: its figures
    then say "0 of N sent", with the units expected per target (the nightly full recompute and
    `manage.py recompute`)."""
    reported = Submission.objects.values_list("directive_id", "period_id").distinct()
    directives_in_play = Directive.objects.all()
    if directive_id is not None:
        reported = reported.filter(directive_id=directive_id)
        directives_in_play = directives_in_play.filter(pk=directive_id)
    pairs = set(reported)
    # Published figures judge targets of yearly periods nobody reported on, too.
    pairs |= {(d.pk, p.pk) for d, p in external_pairs() if directive_id in (None, d.pk)}
    directives = {d.pk: d for d in directives_in_play}
    periods = {p.pk: p for p in Period.objects.all()}
    # Open in the directive's province (each province opens and closes its own periods).
    root_of = (
        permissions.roots_of({d.report_to_id for d in directives.values()}) if directives else {}
    )
    open_ids = open_period_ids(set(root_of.values()))
    pairs |= {
        (directive.pk, period.pk)
        for directive in directives.values()
        for period in periods.values()
        if period.pk in open_ids[root_of[directive.report_to_id]]
        and period.kind in directive.reporting
        and directive.in_force_during(period.starts_on, period.ends_on)
    }
    return [(directives[d], periods[p]) for d, p in sorted(pairs)]
