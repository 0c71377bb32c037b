from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from reports.periods.services import periods_open_current


# Task names keep the paths they had before the reports app was split into domains, so the
# beat schedule and any message already queued still find them.
@shared_task(
    name="reports.tasks.open_current_periods",
    autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5,
)  # fmt: skip
def open_current_periods() -> list[int]:
    """Nightly: make sure the periods now collecting data exist and are open."""
    periods = periods_open_current(today=timezone.localdate())
    return [period.pk for period in periods]
