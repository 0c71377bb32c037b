from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from reports.services import periods_open_current


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def open_current_periods() -> list[int]:
    """Nightly: make sure the periods now collecting data exist and are open."""
    periods = periods_open_current(today=timezone.localdate())
    return [period.pk for period in periods]
