from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from directives.models import Directive
from reports.aggregation import compliance_pairs, compliance_recompute, compliance_refresh
from reports.models import Period
from reports.services import periods_open_current


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def open_current_periods() -> list[int]:
    """Nightly: make sure the periods now collecting data exist and are open."""
    periods = periods_open_current(today=timezone.localdate())
    return [period.pk for period in periods]


@shared_task(
    autoretry_for=(OperationalError, ConnectionError), retry_backoff=True, max_retries=5,
    acks_late=True,
)  # fmt: skip
def recompute_compliance(directive_id: int, period_id: int) -> dict[str, str]:
    """Bring one directive and period up to date (nothing to do when an earlier task did)."""
    directive = Directive.objects.filter(pk=directive_id).first()
    period = Period.objects.filter(pk=period_id).first()
    if directive is None or period is None:
        return {}
    return compliance_refresh(directive=directive, period=period)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def recompute_all_compliance() -> int:
    """Nightly: recompute every directive and period that has reports (idempotent)."""
    pairs = compliance_pairs()
    for directive, period in pairs:
        compliance_recompute(directive=directive, period=period)
    return len(pairs)
