"""The database itself keeps the invariants that matter, whatever code writes to it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from directives.models import Target, TaskAssignee
from indicators.models import Indicator
from reports.periods.models import Period
from reports.submissions.models import IndicatorValue, Submission
from tests.factories import (
    DirectiveFactory,
    IndicatorFactory,
    PeriodFactory,
    SubmissionFactory,
    TargetFactory,
    TaskFactory,
    UnitFactory,
    level,
    sent,
)
from units.models import Membership, Unit, UnitEvent

pytestmark = pytest.mark.django_db


def refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_one_submission_per_unit_period_and_directive() -> None:
    submission = SubmissionFactory()
    refused(
        lambda: Submission.objects.create(
            unit=submission.unit, period=submission.period, directive=submission.directive
        )
    )


def test_a_sent_submission_has_a_time_and_a_lateness_flag() -> None:
    refused(lambda: SubmissionFactory(status=Submission.Status.SUBMITTED))
    assert sent().is_late is False


def test_a_reviewed_submission_has_a_review_time() -> None:
    refused(lambda: sent(status=Submission.Status.ACCEPTED))


def test_an_unknown_status_is_refused() -> None:
    refused(lambda: SubmissionFactory(status="approved"))


@pytest.mark.parametrize(
    ("numerator", "denominator", "value"),
    [
        (Decimal(5), None, Decimal(50)),  # a ratio part alone
        (Decimal(11), Decimal(10), Decimal(110)),  # numerator above denominator
        (Decimal(-1), Decimal(10), Decimal(0)),  # negative
        (Decimal(5), Decimal(10), None),  # value missing although defined
        (Decimal(0), Decimal(0), Decimal(0)),  # value given although undefined
    ],
)
def test_ratio_parts_must_be_consistent(numerator, denominator, value) -> None:
    submission = SubmissionFactory()
    refused(
        lambda: IndicatorValue.objects.create(
            submission=submission,
            indicator=IndicatorFactory(),
            numerator=numerator,
            denominator=denominator,
            value=value,
        )
    )


def test_consistent_values_are_stored_and_one_per_indicator() -> None:
    submission, indicator = SubmissionFactory(), IndicatorFactory()
    IndicatorValue.objects.create(
        submission=submission,
        indicator=indicator,
        numerator=Decimal(0),
        denominator=Decimal(0),
        value=None,
    )
    refused(
        lambda: IndicatorValue.objects.create(
            submission=submission, indicator=indicator, value=Decimal(1)
        )
    )


def test_values_are_never_negative() -> None:
    refused(
        lambda: IndicatorValue.objects.create(
            submission=SubmissionFactory(), indicator=IndicatorFactory(), value=Decimal(-3)
        )
    )


@pytest.mark.parametrize(
    ("kind", "number"), [("quarter", 5), ("month", 13), ("year", 2), ("half_year", 0)]
)
def test_a_period_number_must_fit_its_kind(kind: str, number: int) -> None:
    refused(lambda: PeriodFactory(kind=kind, number=number))


def test_a_period_is_due_after_its_cut_off_and_unique() -> None:
    refused(
        lambda: PeriodFactory(
            year=2030,
            due_on=dt.date(2030, 1, 1),
            ends_on=dt.date(2030, 3, 14),
            starts_on=dt.date(2029, 12, 15),
        )
    )
    PeriodFactory()
    refused(
        lambda: Period.objects.create(
            kind="quarter",
            year=2016,
            number=1,
            starts_on=dt.date(2016, 1, 1),
            ends_on=dt.date(2016, 3, 31),
            due_on=dt.date(2016, 4, 2),
        )
    )


def test_task_numbers_are_unique_within_a_directive_only() -> None:
    task = TaskFactory(number="I.1")
    TaskFactory(number="I.1")  # another directive
    refused(lambda: TaskFactory(directive=task.directive, number="I.1"))


def test_an_assignee_is_a_unit_or_a_level_never_both_or_neither() -> None:
    task = TaskFactory()
    refused(lambda: TaskAssignee.objects.create(task=task, role="lead"))
    refused(
        lambda: TaskAssignee.objects.create(
            task=task, role="lead", unit=UnitFactory(), level=level("district")
        )
    )


def test_units_share_belongs_to_each_unit_targets_within_0_and_100() -> None:
    refused(lambda: TargetFactory(judge=Target.Judge.POOLED, units_share=Decimal(50)))
    refused(lambda: TargetFactory(judge=Target.Judge.EACH_UNIT, units_share=Decimal(120)))
    assert (
        TargetFactory(judge=Target.Judge.EACH_UNIT, units_share=Decimal(20)).effective_units_share
        == 20
    )
    assert TargetFactory(judge=Target.Judge.EACH_UNIT).effective_units_share == 100


def test_a_ratio_indicator_has_both_labels_and_others_none() -> None:
    refused(lambda: Indicator.objects.create(code="R", name="r", kind="ratio", numerator_label="a"))
    refused(lambda: Indicator.objects.create(code="C", name="c", kind="count", numerator_label="a"))


def test_directive_dates_stay_in_order() -> None:
    refused(
        lambda: DirectiveFactory(
            effective_from=dt.date(2016, 1, 1), effective_to=dt.date(2015, 1, 1)
        )
    )


def test_unit_codes_are_unique_and_validity_dates_in_order() -> None:
    UnitFactory(code="X")
    refused(lambda: UnitFactory(code="X"))
    refused(lambda: UnitFactory(valid_from=dt.date(2025, 7, 1), valid_to=dt.date(2025, 6, 30)))


def test_a_unit_in_use_cannot_be_hard_deleted() -> None:
    unit = UnitFactory()
    UnitFactory(parent=unit)
    with pytest.raises(Exception, match="protected"):
        unit.delete()
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_a_user_holds_a_role_in_a_unit_once() -> None:
    from tests.factories import MembershipFactory

    membership = MembershipFactory()
    refused(
        lambda: Membership.objects.create(
            user=membership.user, unit=membership.unit, role=membership.role
        )
    )
    refused(
        lambda: Membership.objects.create(user=membership.user, unit=membership.unit, role="boss")
    )


def test_a_rename_event_records_both_names() -> None:
    refused(
        lambda: UnitEvent.objects.create(
            kind="rename", effective_on=dt.date(2025, 7, 1), legal_document="NQ", old_name="A"
        )
    )
