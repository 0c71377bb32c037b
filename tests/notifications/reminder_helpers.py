"""Run the reminder jobs over a span of days (shared by the reminder and digest tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import time_machine

from tests.reports.submissions.board_fixtures import VN


def run_through(
    days: list[dt.date], job: Callable, on_day: Callable | None = None, times: int = 1
) -> None:
    for day in days:
        with time_machine.travel(dt.datetime.combine(day, dt.time(7, 0), tzinfo=VN), tick=False):
            if on_day:
                on_day(day)
            for _ in range(times):
                job.delay()
