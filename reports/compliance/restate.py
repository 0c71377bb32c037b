"""Restated figures (unit-changes.md, "Restated figures"): a period's stored run read again on
the structure of units in force on a later date, so that figures of units merged, split or
abolished since then count under the units that carry on.

Everything is computed from the run's stored unit rows (the figures each unit reported, kept
for judging any subtree) and the recorded unit events, never from the reports: a restated page
costs a fixed number of queries, like a historic one. Successor map, in date order: a merge
maps its units to `into`, a split to its primary, an abolition to its successor; a rename or a
transfer keeps the unit. A unit whose chain ends without a successor is not restated: it is
listed apart with the reason, never dropped silently.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directives.models import Target
from reports.compliance.models import ComplianceRun, ComplianceUnit, UnitTargetResult
from reports.compliance.roll_ups import rule_of
from reports.compliance.rules import (
    Figure,
    Score,
    UnitJudgement,
    judge,
    judge_units,
    unit_score,
)
from reports.submissions.models import SENT, Submission
from units.models import Unit, UnitEvent
from units.selectors import unit_names

HISTORIC, CURRENT = "historic", "current"
STRUCTURES = (HISTORIC, CURRENT)
STRUCTURE_LABELS = {
    HISTORIC: _("Theo cơ cấu đơn vị của kỳ báo cáo"),
    CURRENT: _("Quy đổi theo cơ cấu đơn vị hiện nay"),
}
STRUCTURE_UNKNOWN = _(
    "Cơ cấu đơn vị không hợp lệ: chọn historic (theo cơ cấu của kỳ) hoặc current (quy đổi "
    "theo cơ cấu hiện nay)."
)
_REASONS = {
    UnitEvent.Kind.SPLIT: _("Đã chia tách, không chỉ định đơn vị tiếp nhận số liệu"),
    UnitEvent.Kind.ABOLISH: _("Đã giải thể, không có đơn vị kế thừa"),
}


def structure_of(value: str | None) -> str:
    """The structure a page asked for; historic (the default) when none or another."""
    return value if value in STRUCTURES else HISTORIC


@dataclass(frozen=True)
class NotRestated:
    unit: Unit
    reason: str
    name: str  # the unit's name on the period's last day: a unit of the period, gone since


@dataclass(frozen=True)
class Successors:
    """Where each unit's figures go on a date; a unit absent from `step` keeps its own."""

    step: dict[int, int | None]
    why: dict[int, str]  # the event kind that left a unit without a successor

    @classmethod
    def on(cls, day: datetime.date) -> Successors:
        step: dict[int, int | None] = {}
        why: dict[int, str] = {}
        events = (
            UnitEvent.objects.filter(effective_on__lte=day, kind__in=UnitEvent.CLOSING)
            .prefetch_related("before")
            .order_by("effective_on", "pk")
        )
        for event in events:
            for unit in event.before.all():
                if unit.pk != event.successor_id:
                    step[unit.pk] = event.successor_id
                    why[unit.pk] = event.kind
        return cls(step, why)

    def of(self, unit_id: int) -> int | None:
        """The unit that carries the unit's figures on, following the chain; None: nobody."""
        seen: set[int] = set()
        current: int | None = unit_id
        while current is not None and current in self.step and current not in seen:
            seen.add(current)
            current = self.step[current]
        return current

    def reason(self, unit_id: int) -> str:
        seen: set[int] = set()
        current: int | None = unit_id
        while current is not None and current in self.step and current not in seen:
            seen.add(current)
            if self.step[current] is None:
                return str(_REASONS.get(self.why[current], _REASONS[UnitEvent.Kind.ABOLISH]))
            current = self.step[current]
        return ""


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def pooled_figure(kind: str, figures: list[Figure]) -> Figure | None:
    """A successor's figure from its reporting predecessors': a ratio sums its parts, a count or
    amount its values, a yes/no is yes only when every one is; a rank cannot be pooled."""
    if len(figures) == 1:
        return figures[0]
    if kind == "rank":
        return None
    if kind == "boolean":
        return Figure(value=Decimal(int(all(f.value for f in figures))))
    return Figure(
        value=_sum([f.value for f in figures]),
        numerator=_sum([f.numerator for f in figures]),
        denominator=_sum([f.denominator for f in figures]),
    )


@dataclass(frozen=True)
class Restated:
    """One run on another structure: per target (expected successors, their pooled figures
    this period and a year earlier) and the units left apart."""

    expected: dict[int, set[int]]
    figures: dict[int, dict[int, list[Figure]]]
    previous: dict[int, dict[int, list[Figure]]]
    lost: set[int]
    sources: dict[int, dict[int, list[int]]]  # target -> successor -> the units that reported


_ROW = (
    "target_id", "unit_id", "reported", "reported_value", "numerator", "denominator",
    "last_year_reported", "last_year_value", "last_year_numerator", "last_year_denominator",
)  # fmt: skip


def _restate_rows(run: ComplianceRun, successors: Successors, area: set[int] | None) -> Restated:
    expected: dict[int, set[int]] = defaultdict(set)
    figures: dict[int, dict[int, list[Figure]]] = defaultdict(lambda: defaultdict(list))
    previous: dict[int, dict[int, list[Figure]]] = defaultdict(lambda: defaultdict(list))
    lost: set[int] = set()
    sources: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for row in UnitTargetResult.objects.filter(run=run).values_list(*_ROW).order_by():
        target, unit, reported, value, numerator, denominator, then, *before = row
        successor = successors.of(unit)
        if successor is None:
            lost.add(unit)
            continue
        if area is not None and successor not in area:
            continue
        expected[target].add(successor)
        if reported:
            figures[target][successor].append(Figure(value, numerator, denominator))
            sources[target][successor].append(unit)
            if then:
                previous[target][successor].append(Figure(*before))
    return Restated(expected, figures, previous, lost, sources)


@dataclass(frozen=True)
class RestatedFigure:
    target: Target
    value: Decimal | None
    met: bool | None
    status: str
    units_expected: int
    units_reported: int
    units_met: int


def restated_targets(
    targets: list[Target], run: ComplianceRun, successors: Successors, area: set[int] | None
) -> tuple[dict[int, RestatedFigure], set[int]]:
    """target id -> its figure judged over the successors (the rules of reports/rules.py), and
    the ids of the units whose figures could not be restated."""
    restated = _restate_rows(run, successors, area)
    found = {}
    for target in targets:
        kind = target.indicator.kind
        pooled = {s: pooled_figure(kind, f) for s, f in restated.figures[target.pk].items()}
        before = {s: pooled_figure(kind, f) for s, f in restated.previous[target.pk].items()}
        outcome = judge(
            rule_of(target), expected=sorted(restated.expected[target.pk]),
            figures={s: f for s, f in pooled.items() if f is not None},
            previous={s: f for s, f in before.items() if f is not None},
            period_end=run.period.ends_on,
        )  # fmt: skip
        value = None if outcome.value is None else outcome.value.quantize(Decimal("0.000001"))
        found[target.pk] = RestatedFigure(
            target, value, outcome.met, outcome.status, outcome.units_expected,
            outcome.units_reported, outcome.units_met,
        )  # fmt: skip
    return found, restated.lost


@dataclass(frozen=True)
class RestatedCompleteness:
    expected: int
    submitted: int
    accepted: int
    late: int


def restated_completeness(
    run: ComplianceRun, successors: Successors, area: set[int] | None
) -> tuple[RestatedCompleteness, list[int]]:
    """Reports per successor: sent when a predecessor sent one, accepted when one was accepted,
    late when a sent one was late; and the run's units without a successor (one query)."""
    sent: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    lost = []
    rows = ComplianceUnit.objects.filter(run=run).values_list("unit_id", "report_status", "is_late")
    for unit, status, late in rows.order_by():
        successor = successors.of(unit)
        if successor is None:
            lost.append(unit)
            continue
        if area is not None and successor not in area:
            continue
        sent[successor] += [(status, late)] if status in SENT else []
    return RestatedCompleteness(
        expected=len(sent),
        submitted=sum(1 for r in sent.values() if r),
        accepted=sum(1 for r in sent.values() if any(s == Submission.Status.ACCEPTED for s, _ in r)),
        late=sum(1 for r in sent.values() if any(late for _, late in r)),
    ), lost  # fmt: skip


def not_restated(
    units: set[int] | list[int], successors: Successors, area: set[int] | None,
    day: datetime.date,
) -> list[NotRestated]:  # fmt: skip
    """The units left apart (those of the area's subtree), each with why and under its name on
    `day` (the period's last day), by that name (one query, two when some unit is apart)."""
    wanted = set(units) if area is None else set(units) & area
    found = list(Unit.objects.filter(Q(pk__in=wanted)).order_by("code"))
    names = unit_names(found)
    apart = [NotRestated(unit, successors.reason(unit.pk), names.on(unit, day)) for unit in found]
    return sorted(apart, key=lambda n: n.name)


@dataclass(frozen=True)
class RestatedScore:
    """A successor's row on the ranking, as `ComplianceUnit` reads there."""

    unit: Unit
    rank: int
    targets: int
    targets_met: int
    targets_missed: int
    score: Decimal | None
    missed: list[tuple[Target, Decimal | None]]  # the targets it missed, its restated value


@dataclass(frozen=True)
class Judged:
    """One run's unit rows restated: each successor judged on its pooled figures, per target."""

    restated: Restated
    pooled: dict[int, dict[int, Figure]]  # target -> successor -> its pooled figure
    units: dict[int, dict[int, UnitJudgement]]  # target -> successor -> its judgement


def judged_successors(
    targets: list[Target], run: ComplianceRun, successors: Successors, area: set[int] | None
) -> Judged:
    """Every successor against the targets of its predecessors (one query)."""
    restated = _restate_rows(run, successors, area)
    pooled_by_target, units = {}, {}
    for target in targets:
        kind = target.indicator.kind
        pooled = {s: pooled_figure(kind, f) for s, f in restated.figures[target.pk].items()}
        before = {s: pooled_figure(kind, f) for s, f in restated.previous[target.pk].items()}
        pooled_by_target[target.pk] = {s: f for s, f in pooled.items() if f is not None}
        units[target.pk] = judge_units(
            rule_of(target), expected=sorted(restated.expected[target.pk]),
            figures=pooled_by_target[target.pk],
            previous={s: f for s, f in before.items() if f is not None},
        )  # fmt: skip
    return Judged(restated, pooled_by_target, units)


def successor_scores(
    targets: list[Target], judged: Judged, period_end: datetime.date
) -> tuple[dict[int, Score], dict[int, list[tuple[Target, Decimal | None]]]]:
    """Each successor's composite score, and the targets it missed with its restated value."""
    weighed: dict[int, list[tuple[int, bool | None, datetime.date | None]]] = defaultdict(list)
    missed: dict[int, list[tuple[Target, Decimal | None]]] = defaultdict(list)
    for target in targets:
        for successor, j in judged.units[target.pk].items():
            weighed[successor].append((target.weight, j.met, target.due_on))
            if not j.met and (target.due_on is None or target.due_on <= period_end):
                missed[successor].append((target, j.value))
    scores = {s: unit_score(w, period_end=period_end) for s, w in weighed.items()}
    return scores, missed


def restated_scores(
    targets: list[Target], run: ComplianceRun, successors: Successors, area: set[int] | None,
    level: int | None = None,
) -> list[RestatedScore]:  # fmt: skip
    """Successors ranked by composite score restated (ties share a rank), best first: each
    successor judged on its pooled figures against the targets of its predecessors."""
    scores, missed = successor_scores(
        targets, judged_successors(targets, run, successors, area), run.period.ends_on
    )
    names = Unit.objects.filter(pk__in=scores.keys()).select_related("level")
    if level:
        names = names.filter(level_id=level)
    rows = [(unit, scores[unit.pk]) for unit in names]
    rows.sort(key=lambda r: (r[1].score is None, -(r[1].score or 0), -r[1].met, r[0].name))
    ranked, rank = [], 0
    for position, (unit, score) in enumerate(rows, start=1):
        if position == 1 or score.score != rows[position - 2][1].score:
            rank = position
        ranked.append(RestatedScore(unit, rank, score.targets, score.met, score.missed,
                                    score.score, missed[unit.pk]))  # fmt: skip
    return ranked
