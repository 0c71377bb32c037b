"""The beat schedule run for real: a `celery beat` process with the project's schedule sends
every job once through Redis to a real worker, which runs them on the test database.

Beat and its worker use a queue of their own, and the worker lives for this test only: the
test database is emptied afterwards and its content types made anew, which a worker that had
written audit records would still hold in its cache.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable

import pytest
from django.conf import settings
from django.utils import timezone
from redis import Redis

from config.celery import app
from notifications.models import Kind, Notification
from reports.periods.calendar import periods_containing
from reports.periods.models import Period
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive
from tests.worker import run_beat, run_worker
from units.models import Role

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
SCHEDULER = "tests.beat_scheduler:DueOnceAtStart"
QUEUE = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-beat"


def wait_until(check: Callable[[], bool], what: str, log, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"{what} within {timeout}s; beat said:\n{log.read_text()}")


def worker_idle() -> bool:
    """Nothing left in the queue nor running: the test's database may be emptied."""
    queued = Redis.from_url(settings.REDIS_URL).llen(QUEUE)
    active = app.control.inspect(timeout=1).active() or {}
    return queued == 0 and not any(active.values())


def test_beat_sends_each_scheduled_job_once_and_the_worker_runs_them(province: Province) -> None:
    district_directive(province)  # reports quarterly, in force since 2016
    leader = user_with_role(Role.LEADER, province.root)
    today = timezone.localdate()
    current = periods_containing("quarter", today, settings.CHITIEU_PERIOD_WINDOWS)
    assert current  # every month belongs to a quarter's window
    assert not Period.objects.filter(
        kind="quarter", year__in=[y for y, _ in current], number__in=[n for _, n in current]
    ).exists()

    def opened() -> bool:
        found = set(
            Period.objects.filter(kind="quarter", status=Period.Status.OPEN).values_list(
                "year", "number"
            )
        )
        return set(current) <= found

    own_queue = {"CELERY_QUEUE": QUEUE}
    with (
        contextlib.contextmanager(run_worker)(env=own_queue, name="beat-worker"),
        contextlib.contextmanager(run_beat)(scheduler=SCHEDULER, env=own_queue) as log,
    ):
        wait_until(opened, "open_current_periods opened the current quarters", log)
        wait_until(
            lambda: Notification.objects.filter(user=leader, kind=Kind.WEEKLY_DIGEST).exists(),
            "the leader got the weekly digest",
            log,
        )
        wait_until(worker_idle, "the worker ran every job sent", log)
        sent = re.findall(r"Sending due task (\S+) \(", log.read_text())

    # Every entry of config/celery.py once, and nothing else; an entry due every few minutes
    # (push-feed each minute, the stale-export check every ten) comes round again when the run
    # crosses its minute, as it does on a loaded machine.
    frequent = {
        name for name, entry in app.conf.beat_schedule.items()
        if entry["schedule"].hour == set(range(24)) and len(entry["schedule"].minute) > 1
    }  # fmt: skip
    assert frequent == {"push-feed", "fail-stale-exports"}
    assert set(sent) == set(app.conf.beat_schedule)
    assert sorted(n for n in sent if n not in frequent) == sorted(
        set(app.conf.beat_schedule) - frequent
    )
    assert Notification.objects.filter(kind=Kind.WEEKLY_DIGEST).count() == 1
