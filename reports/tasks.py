from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from directives.models import Directive
from reports.aggregation import compliance_pairs, compliance_recompute, compliance_refresh
from reports.exports.services import export_build, export_cleanup, export_fail_stale
from reports.models import Export, Period
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


# An export that fails is recorded as failed with why, and the officer retries it: no automatic
# retry. acks_late: a worker dying mid-export has the broker hand the export to another worker,
# which makes it again from the start (export_build is idempotent).
@shared_task(acks_late=True, soft_time_limit=20 * 60, time_limit=25 * 60)
def build_export(export_id: int) -> str:
    export = (
        Export.objects.filter(pk=export_id).select_related("directive", "period", "area").first()
    )
    if export is None:
        return "missing"
    return export_build(export=export).status


@shared_task
def fail_stale_exports() -> int:
    return export_fail_stale(now=timezone.now())


@shared_task
def clean_exports() -> int:
    return export_cleanup(now=timezone.now())
