"""A burst of sendings queues one refresh per window, each starting late enough to read
every report committed before it."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from reports.submissions import schedule

pytestmark = pytest.mark.django_db
PAIRS = [(1, 7), (1, 8), (2, 7)]


@pytest.fixture
def queued(monkeypatch, settings) -> list[tuple[tuple, int]]:
    settings.CHITIEU_RECOMPUTE_DELAY = 5
    cache.delete_many([f"recompute-queued:{d}:{p}" for d, p in PAIRS])
    sent: list[tuple[tuple, int]] = []

    class Signature:
        def __init__(self, name: str, args: tuple) -> None:
            assert name == schedule.RECOMPUTE_TASK
            self.args = args

        def apply_async(self, countdown: int) -> None:
            sent.append((self.args, countdown))

    monkeypatch.setattr(schedule, "signature", Signature)
    return sent


def test_a_burst_queues_one_refresh_per_pair_and_window(
    queued, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(50):
            schedule.compliance_schedule(directive_id=1, period_id=7)
        schedule.compliance_schedule(directive_id=1, period_id=8)
        schedule.compliance_schedule(directive_id=2, period_id=7)
    assert queued == [((1, 7), 5), ((1, 8), 5), ((2, 7), 5)]


def test_after_the_window_a_sending_queues_again(
    queued, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    windows: list[int] = []
    add = cache.add

    def remembered(key: str, value: int, timeout: int) -> bool:
        windows.append(timeout)
        return add(key, value, timeout)

    monkeypatch.setattr(cache, "add", remembered)
    with django_capture_on_commit_callbacks(execute=True):
        schedule.compliance_schedule(directive_id=1, period_id=7)
    # The queued task starts 5 s after it was queued; the window shuts 1 s before that.
    assert windows == [4]
    cache.delete("recompute-queued:1:7")  # the window has passed
    with django_capture_on_commit_callbacks(execute=True):
        schedule.compliance_schedule(directive_id=1, period_id=7)
    assert queued == [((1, 7), 5), ((1, 7), 5)]


def test_without_a_countdown_or_a_cache_every_sending_queues(
    queued, settings, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    settings.CHITIEU_RECOMPUTE_DELAY = 0  # the task starts at once: it may miss a later commit
    with django_capture_on_commit_callbacks(execute=True):
        schedule.compliance_schedule(directive_id=1, period_id=7)
        schedule.compliance_schedule(directive_id=1, period_id=7)
    settings.CHITIEU_RECOMPUTE_DELAY = 5

    def down(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "add", down)
    with django_capture_on_commit_callbacks(execute=True):
        schedule.compliance_schedule(directive_id=1, period_id=7)
        schedule.compliance_schedule(directive_id=1, period_id=7)
    assert queued == [((1, 7), 0)] * 2 + [((1, 7), 5)] * 2


def test_nothing_is_queued_for_a_rolled_back_change(
    queued, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        schedule.compliance_schedule(directive_id=1, period_id=7)
    assert len(callbacks) == 1 and queued == []  # sent only once the transaction commits
