"""A district's report of the district directive (tests/reports/submissions/reporting_fixtures),
saved and sent: what the compliance engine's tests judge."""

from __future__ import annotations

from decimal import Decimal as D

from reports.submissions.models import Submission
from reports.submissions.services import submission_save, submission_start, submission_submit
from reports.submissions.validation import TaskInput, ValueInput
from tests.reports.submissions.reporting_fixtures import Setup

TASKS = [
    TaskInput("1", "in_progress", progress="Đang triển khai"),
    TaskInput("2", "in_progress", progress="Duy trì"),
]


def report(setup: Setup, unit, signed: tuple[int, int], officers: int) -> Submission:
    submission = submission_start(
        unit=unit, period=setup.period, directive=setup.directive, by=None
    )
    values = [
        ValueInput("DOCS_SIGNED", numerator=D(signed[0]), denominator=D(signed[1])),
        ValueInput("IT_OFFICERS", value=D(officers)),
    ]
    tasks = TASKS if unit.code == "VP-VINHYEN" else TASKS[:1]
    submission_save(submission=submission, version=1, values=values, tasks=tasks, by=None)
    return submission_submit(submission=submission, version=2, by=None)
