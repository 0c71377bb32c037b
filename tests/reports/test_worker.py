"""End to end on the real services: PostgreSQL, Redis and a Celery worker process."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from celery.result import EagerResult
from django.utils import timezone

from reports.periods.models import Period
from reports.periods.tasks import open_current_periods
from tests.factories import DirectiveFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_opens_the_current_periods_through_redis(celery_worker) -> None:
    today = timezone.localdate()
    DirectiveFactory(reporting=["quarter", "year"], effective_from=today - dt.timedelta(days=400))
    result = open_current_periods.delay()
    assert not isinstance(result, EagerResult)  # sent through the broker, not run in-process
    period_ids = result.get(timeout=60)
    kinds = set(Period.objects.filter(pk__in=period_ids).values_list("kind", flat=True))
    assert kinds == {"quarter", "year"}
    assert all(p.starts_on <= today <= p.ends_on for p in Period.objects.all())


def test_accepting_a_report_has_the_worker_recompute_the_figures(celery_worker, province) -> None:
    from decimal import Decimal

    from reports.compliance.models import ComplianceRun, TargetResult
    from reports.submissions.services import (
        submission_accept,
        submission_save,
        submission_start,
        submission_submit,
    )
    from reports.submissions.validation import TaskInput, ValueInput
    from tests.reports.submissions.reporting_fixtures import district_directive

    setup = district_directive(province)
    submission = submission_start(
        unit=province.district, period=setup.period, directive=setup.directive, by=None
    )
    submission_save(
        submission=submission, version=1, by=None,
        values=[ValueInput("DOCS_SIGNED", numerator=Decimal(60), denominator=Decimal(60)),
                ValueInput("IT_OFFICERS", value=Decimal(1))],
        tasks=[TaskInput("1", "in_progress", progress="Đang làm"), TaskInput("2", "in_progress", progress="Duy trì")],
    )  # fmt: skip
    submission_accept(
        submission=submission_submit(submission=submission, version=2, by=None), by=None
    )
    deadline = time.monotonic() + 60
    while (
        not ComplianceRun.objects.filter(basis="official").exists() and time.monotonic() < deadline
    ):
        time.sleep(0.2)
    result = TargetResult.objects.get(run__basis="official", target__indicator__code="DOCS_SIGNED")
    assert (result.value, result.met, result.status) == (Decimal(100), True, "met")
    # A second acceptance: the worker patches only Tam Đảo's rows (incremental refresh).
    other = submission_start(
        unit=province.other_district, period=setup.period, directive=setup.directive, by=None
    )
    submission_save(
        submission=other, version=1, by=None,
        values=[ValueInput("DOCS_SIGNED", numerator=Decimal(20), denominator=Decimal(40)),
                ValueInput("IT_OFFICERS", value=Decimal(0))],
        tasks=[TaskInput("1", "in_progress", progress="Đang làm")],
    )  # fmt: skip
    submission_accept(submission=submission_submit(submission=other, version=2, by=None), by=None)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        result = TargetResult.objects.get(
            run__basis="official", target__indicator__code="DOCS_SIGNED"
        )
        if result.units_reported == 2:
            break
        time.sleep(0.2)
    assert (result.value, result.met, result.units_reported) == (Decimal(80), False, 2)  # 80/100
