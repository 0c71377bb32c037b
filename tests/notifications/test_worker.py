"""A reminder job run by a real worker process through Redis, twice: sent once."""

from __future__ import annotations

import datetime as dt

import pytest
from celery.result import EagerResult
from django.utils import timezone

from notifications.models import Kind, Notification, SentReminder
from notifications.tasks import remind_reports_due
from tests.factories import PeriodFactory, user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive
from units.models import Role

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_sends_the_due_soon_reminder_once_through_redis(celery_worker, province) -> None:
    today = timezone.localdate()
    setup = district_directive(province)
    setup.directive.effective_from = today - dt.timedelta(days=400)
    setup.directive.save()
    setup.period.delete()
    PeriodFactory(
        kind="quarter", year=today.year, number=1, starts_on=today - dt.timedelta(days=90),
        ends_on=today + dt.timedelta(days=5), due_on=today + dt.timedelta(days=7),
    )  # fmt: skip
    reporter = user_with_role(Role.REPORTER, province.district)

    first = remind_reports_due.delay()
    assert not isinstance(first, EagerResult)  # through the broker, not in-process
    assert first.get(timeout=60) == 1
    assert remind_reports_due.delay().get(timeout=60) == 0

    notification = Notification.objects.get()
    assert (notification.user, notification.kind) == (reporter, Kind.REPORT_DUE_SOON)
    assert SentReminder.objects.get().key.startswith("report_due_soon:before-7:")
