from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from config.refresh import REFRESH_ALL_TASK, REFRESH_DIRECTIVE_TASK
from directives.models import Directive
from reports.compliance.services import (
    compliance_pairs,
    compliance_recompute,
    compliance_recompute_for_figure,
    compliance_refresh,
)
from reports.periods.models import Period
from reports.submissions.schedule import RECOMPUTE_TASK

# indicators.services queues it by this name after a published figure is entered.
FIGURE_TASK = "reports.compliance.recompute_indicator_year"


@shared_task(
    name=RECOMPUTE_TASK,
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


@shared_task(
    name="reports.tasks.recompute_all_compliance",
    autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True,
)  # fmt: skip
def recompute_all_compliance() -> int:
    """Nightly: recompute every directive and period that has reports (idempotent)."""
    pairs = compliance_pairs()
    for directive, period in pairs:
        compliance_recompute(directive=directive, period=period)
    return len(pairs)


@shared_task(
    name=REFRESH_DIRECTIVE_TASK,
    autoretry_for=(OperationalError, ConnectionError), retry_backoff=True, max_retries=5,
    acks_late=True,
)  # fmt: skip
def refresh_directive_compliance(directive_id: int) -> int:
    """After a change to a directive's targets or deadlines: refresh each period it has."""
    pairs = compliance_pairs(directive_id=directive_id)
    for directive, period in pairs:
        compliance_refresh(directive=directive, period=period)
    return len(pairs)


@shared_task(
    name=REFRESH_ALL_TASK,
    autoretry_for=(OperationalError, ConnectionError), retry_backoff=True, max_retries=5,
    acks_late=True,
)  # fmt: skip
def refresh_all_compliance() -> int:
    """After a change to units (who is expected to report): refresh every pair; the ones it
    does not touch are found current."""
    pairs = compliance_pairs()
    for directive, period in pairs:
        compliance_refresh(directive=directive, period=period)
    return len(pairs)


@shared_task(
    name=FIGURE_TASK,
    autoretry_for=(OperationalError, ConnectionError), retry_backoff=True, max_retries=5,
    acks_late=True,
)  # fmt: skip
def recompute_for_figure(indicator_id: int, year: int) -> int:
    """Judge again the targets a published figure (rank, survey result) reaches."""
    return compliance_recompute_for_figure(indicator_id=indicator_id, year=year)
