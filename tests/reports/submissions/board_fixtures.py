"""A seed-like plan for the task board: digital signatures due 30/06/2016 for every district,
and a recurring e-mail task the district supports, reported quarterly."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from reports.submissions.models import Submission, TaskUpdate
from tests.conftest import Province
from tests.factories import sent
from tests.reports.submissions.reporting_fixtures import Setup, district_directive
from units.models import Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=VN)


def q3_plan(province: Province) -> Setup:
    """Q3/2016 (window 15/06–14/09, report due 17/09/2016)."""
    return district_directive(province, quarter=3)


def report_tasks(
    setup: Setup, unit: Unit, sent_on: dt.date, **statuses: str | tuple[str, dt.date]
) -> Submission:
    """A sent report of `unit` for the setup's period saying `signatures=…`, `email=…`."""
    submission = sent(
        unit=unit, period=setup.period, directive=setup.directive, submitted_at=at(sent_on)
    )
    tasks = {"signatures": setup.digital_signatures, "email": setup.email}
    for name, status in statuses.items():
        status, completed_on = status if isinstance(status, tuple) else (status, None)
        TaskUpdate.objects.create(
            submission=submission, task=tasks[name], status=status, completed_on=completed_on
        )
    return submission
