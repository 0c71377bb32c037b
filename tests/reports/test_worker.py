"""End to end on the real services: PostgreSQL, Redis and a Celery worker process."""

from __future__ import annotations

import datetime as dt

import pytest
from celery.result import EagerResult
from django.utils import timezone

from reports.models import Period
from reports.tasks import open_current_periods
from tests.factories import DirectiveFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_opens_the_current_periods_through_redis(celery_worker) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    DirectiveFactory(reporting=["quarter", "year"], effective_from=today - dt.timedelta(days=400))
    result = open_current_periods.delay()
    assert not isinstance(result, EagerResult)  # sent through the broker, not run in-process
    period_ids = result.get(timeout=60)
    kinds = set(Period.objects.filter(pk__in=period_ids).values_list("kind", flat=True))
    assert kinds == {"quarter", "year"}
    assert all(p.starts_on <= today <= p.ends_on for p in Period.objects.all())
