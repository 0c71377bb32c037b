"""Thin Celery tasks for the reminder jobs; the schedule is in config/celery.py."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from notifications import digests, reminders

# Safe to retry: every reminder is recorded in the sent-log before it leaves.
RETRY = {
    "autoretry_for": (OperationalError, ConnectionError),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(acks_late=True, **RETRY)
def remind_reports_due() -> int:
    return reminders.remind_reports_due(today=timezone.localdate())


@shared_task(acks_late=True, **RETRY)
def escalate_late_reports() -> int:
    return reminders.escalate_late_reports(today=timezone.localdate())


@shared_task(acks_late=True, **RETRY)
def remind_reviews_waiting() -> int:
    return reminders.remind_reviews_waiting(today=timezone.localdate())


@shared_task(acks_late=True, **RETRY)
def send_weekly_digests() -> int:
    return digests.send_weekly_digests(today=timezone.localdate())
