"""A burst of exports never delays a refresh of the figures: on the real broker (Redis) the
refresh waits in a queue of its own, first in line, whatever the exports queue holds. Checked
at the broker (the queues' contents), not by timing workers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import redis
from django.conf import settings

from config.celery import app

BURST = 30


@pytest.fixture
def own_queues() -> Iterator[str]:
    """A default queue no running worker listens to, so the messages stay where they land."""
    default = f"chitieu-burst-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    configured = app.conf.task_default_queue
    app.conf.task_default_queue = default
    try:
        yield default
    finally:
        app.conf.task_default_queue = configured
    client = redis.Redis.from_url(settings.REDIS_URL)
    # The queues and kombu's bindings of their exchanges, all named after the unique default.
    client.delete(*client.scan_iter(match=f"*{default}*"), default)


@pytest.mark.worker
def test_a_refresh_sent_after_a_burst_of_exports_is_first_in_its_queue(own_queues: str) -> None:
    if not settings.REDIS_URL:
        pytest.fail("needs Redis: REDIS_URL=redis://…")
    for number in range(BURST):
        app.send_task("reports.tasks.build_export", args=(10_000 + number,))
    app.send_task("reports.tasks.recompute_compliance", args=(1, 2))
    client = redis.Redis.from_url(settings.REDIS_URL)
    assert client.llen(f"{own_queues}.exports") == BURST
    assert client.llen(f"{own_queues}.compliance") == 1
    assert client.llen(own_queues) == 0
