"""Deadline day on PostgreSQL: many units of one period save, send and get accepted at once
(each acceptance and sending queues a refresh of the period's figures, run here in-process),
and nobody meets an error."""

from __future__ import annotations

import threading
from decimal import Decimal as D

import pytest
from django.db import connection, connections

from reports.compliance.models import ComplianceRun, TargetResult
from reports.compliance.services import compliance_recompute, compliance_refresh
from reports.submissions.models import Submission
from reports.submissions.services import (
    submission_accept,
    submission_save,
    submission_start,
    submission_submit,
)
from reports.submissions.validation import TaskInput, ValueInput
from tests.conftest import Province
from tests.factories import UnitFactory, level
from tests.reports.submissions.reporting_fixtures import Setup, district_directive

UNITS = 12
SAVES = 3


def _one_unit_on_deadline_day(setup: Setup, unit, start: threading.Barrier) -> None:
    """What a unit and its reviewer do: start, save a few times, send, get accepted."""
    start.wait(60)
    submission = submission_start(
        unit=unit, period=setup.period, directive=setup.directive, by=None
    )
    tasks = [TaskInput("1", "in_progress", progress="Đang triển khai")]
    for version in range(1, SAVES + 1):
        values = [
            ValueInput("DOCS_SIGNED", numerator=D(40 + version), denominator=D(60)),
            ValueInput("IT_OFFICERS", value=D(version)),
        ]
        submission_save(submission=submission, version=version, values=values, tasks=tasks, by=None)
    submission_submit(submission=submission, version=SAVES + 1, by=None)
    submission_accept(submission=submission, by=None)


def _figures() -> set[tuple]:
    return set(
        TargetResult.objects.values_list(
            "run__basis", "target_id", "value", "met", "units_reported", "units_met"
        )
    )


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_many_units_of_one_period_save_send_and_get_accepted_at_once_without_error(
    province: Province,
) -> None:
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL: DATABASE_URL=postgres://…")
    setup = district_directive(province)
    units = [
        UnitFactory(parent=province.root, level=level("district"), kind="UBND huyện")
        for _ in range(UNITS)
    ]
    start = threading.Barrier(len(units))
    errors: list[BaseException] = []

    def run(unit) -> None:
        try:
            _one_unit_on_deadline_day(setup, unit, start)
        except BaseException as error:  # every error is the finding
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(unit,)) for unit in units]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    accepted = Submission.objects.filter(unit__in=units, status=Submission.Status.ACCEPTED)
    assert accepted.count() == UNITS
    assert set(accepted.values_list("version", flat=True)) == {SAVES + 2}
    # The refreshes queued on the way left the figures of every acceptance.
    assert compliance_refresh(directive=setup.directive, period=setup.period) == {
        "official": "current",
        "provisional": "current",
    }
    refreshed = _figures()
    compliance_recompute(directive=setup.directive, period=setup.period)
    assert _figures() == refreshed
    assert ComplianceRun.objects.get(basis="official").units_accepted == UNITS
