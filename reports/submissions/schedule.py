"""What a report's sending, acceptance or reopening sets off in the compliance domain, a later
layer: its recompute task, queued by name after the transaction commits."""

from __future__ import annotations

import logging

from celery import signature
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

RECOMPUTE_TASK = "reports.tasks.recompute_compliance"
# A task queued less than (delay - MARGIN) seconds ago starts at least MARGIN seconds from
# now, so it reads what has just been committed: no second task is needed for it.
MARGIN = 1

log = logging.getLogger(__name__)


def compliance_schedule(*, directive_id: int, period_id: int) -> None:
    """After the current transaction commits, queue a refresh of this directive and period,
    unless a refresh of them already queued starts late enough to read this change.

    On deadline day 200 reports of one period may be sent in half a minute: each used to
    queue a refresh (some 200 computations); now one is queued every (delay - MARGIN)
    seconds at most, and each brings everything sent before it starts. The mark is the
    sender's own (any cache will do): the worker never has to clear it.
    """
    # Queued by name: the task lives in the compliance domain, a later layer.
    task = signature(RECOMPUTE_TASK, args=(directive_id, period_id))
    delay = settings.CHITIEU_RECOMPUTE_DELAY

    def send() -> None:
        if delay > MARGIN and not _first_in_window(directive_id, period_id, delay - MARGIN):
            return
        task.apply_async(countdown=delay)

    # robust: with the broker down the task cannot be sent, but the report is saved (committed)
    # and must not answer 500; the error is logged and the nightly recompute catches up.
    transaction.on_commit(send, robust=True)


def _first_in_window(directive_id: int, period_id: int, seconds: int) -> bool:
    """Whether no refresh of the pair was queued in the last `seconds`; if so, mark one now."""
    try:
        return cache.add(f"recompute-queued:{directive_id}:{period_id}", 1, timeout=seconds)
    except Exception:  # the cache down must not cost a refresh: queue it
        log.warning("cache unavailable; refresh queued without the burst window", exc_info=True)
        return True
