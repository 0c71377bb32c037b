"""A beat scheduler for tests: the project's real schedule (config/celery.py), every entry due
once at start.

Each entry keeps its own schedule (crontab) but is taken to have last run eight days ago, so
the weekly one is due too; once sent, the entry runs on its real schedule again, hours away
(the ten-minute export check excepted). In memory: no schedule file is written.
"""

from __future__ import annotations

import datetime

from celery.beat import Scheduler

OVERDUE_BY = datetime.timedelta(days=8)


class DueOnceAtStart(Scheduler):
    def setup_schedule(self) -> None:
        super().setup_schedule()
        long_ago = self.app.now() - OVERDUE_BY
        for entry in self.schedule.values():
            entry.last_run_at = long_ago
