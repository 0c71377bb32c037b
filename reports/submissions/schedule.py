"""What a report's sending, acceptance or reopening sets off in the compliance domain, a later
layer: its recompute task, queued by name after the transaction commits."""

from __future__ import annotations

from celery import signature
from django.conf import settings
from django.db import transaction

RECOMPUTE_TASK = "reports.tasks.recompute_compliance"


def compliance_schedule(*, directive_id: int, period_id: int) -> None:
    """After the current transaction commits, queue a refresh of this directive and period.

    A burst of acceptances queues several tasks; the first brings the figures up to date and
    the others find nothing changed, so the burst costs one computation.
    """
    # Queued by name: the task lives in the compliance domain, a later layer.
    task = signature(RECOMPUTE_TASK, args=(directive_id, period_id))
    # robust: with the broker down the task cannot be sent, but the report is saved (committed)
    # and must not answer 500; the error is logged and the nightly recompute catches up.
    transaction.on_commit(
        lambda: task.apply_async(countdown=settings.CHITIEU_RECOMPUTE_DELAY), robust=True
    )
