"""Queue a refresh of stored compliance figures after a change that may make them stale.

Directives and units (early layers) change what the figures are computed from: targets,
scopes, units' validity, deadlines. They cannot import the compliance domain (a later layer),
so the refresh is queued by task name, after the transaction commits (never for a change that
was rolled back). The refresh finds what differs; the nightly recompute stays a safety net.
"""

from __future__ import annotations

from celery import signature
from django.db import transaction

REFRESH_DIRECTIVE_TASK = "reports.tasks.refresh_directive_compliance"
REFRESH_ALL_TASK = "reports.tasks.refresh_all_compliance"


def compliance_refresh_later(*, directive_id: int | None) -> None:
    """Refresh one directive's figures (every period it has), or all with None."""
    task = (
        signature(REFRESH_ALL_TASK)
        if directive_id is None
        else signature(REFRESH_DIRECTIVE_TASK, args=(directive_id,))
    )
    # robust: with the broker down the change is saved all the same; the nightly run catches up.
    transaction.on_commit(task.apply_async, robust=True)
