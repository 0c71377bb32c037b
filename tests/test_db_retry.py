"""A write that meets a transient database error (deadlock victim, serialisation failure,
SQLite busy) is run again from the start, a few times, instead of answering 500."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from config.retry import ATTEMPTS, is_transient
from reports.submissions import services
from reports.submissions.models import IndicatorValue, Submission
from reports.submissions.services import submission_save
from reports.submissions.validation import ValueInput
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import FILLED, district_directive, start
from units.models import Role


class _PostgresError(Exception):
    def __init__(self, pgcode: str) -> None:
        super().__init__(pgcode)
        self.pgcode = pgcode


def _database_error(message: str, pgcode: str | None = None) -> OperationalError:
    error = OperationalError(message)
    if pgcode:
        error.__cause__ = _PostgresError(pgcode)
    return error


def _failing(monkeypatch, error: OperationalError, times: int) -> list[int]:
    """Make the save's writing of its figures fail `times` times, then work."""
    calls: list[int] = []
    write = services.store_values

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) <= times:
            raise error
        return write(**kwargs)

    monkeypatch.setattr(services, "store_values", flaky)
    return calls


def _save(province: Province):
    submission = start(district_directive(province), province)
    values = [ValueInput("IT_OFFICERS", value=D(3))]
    return submission_save(submission=submission, version=1, values=values, tasks=[], by=None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "error",
    [
        _database_error("deadlock detected", "40P01"),
        _database_error("could not serialize access", "40001"),
        _database_error("database is locked"),
    ],
    ids=["deadlock", "serialization failure", "sqlite busy"],
)
def test_a_save_that_meets_a_transient_error_is_run_again_and_saved(
    province: Province, monkeypatch, error: OperationalError
) -> None:
    calls = _failing(monkeypatch, error, times=2)
    _save(province)
    assert len(calls) == 3
    assert IndicatorValue.objects.get(indicator__code="IT_OFFICERS").value == D(3)


@pytest.mark.django_db(transaction=True)
def test_a_save_that_keeps_meeting_deadlocks_gives_up_after_a_few_attempts(
    province: Province, monkeypatch
) -> None:
    calls = _failing(monkeypatch, _database_error("deadlock detected", "40P01"), times=99)
    with pytest.raises(OperationalError):
        _save(province)
    assert len(calls) == ATTEMPTS
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_error_that_does_not_pass_is_not_retried(province: Province, monkeypatch) -> None:
    calls = _failing(monkeypatch, _database_error("no such column: value"), times=99)
    with pytest.raises(OperationalError):
        _save(province)
    assert len(calls) == 1


def test_only_database_errors_that_pass_count_as_transient() -> None:
    assert is_transient(_database_error("deadlock detected", "40P01"))
    assert not is_transient(_database_error("terminating connection", "57P01"))
    assert not is_transient(ValueError("database is locked"))


@pytest.mark.django_db(transaction=True)
@time_machine.travel(dt.datetime(2016, 6, 10, 3, 0, tzinfo=dt.UTC))
def test_saving_and_sending_in_one_click_is_run_again_after_a_deadlock(
    client: Client, province: Province, monkeypatch
) -> None:
    # The save and the sending share the view's transaction: the view itself is run again.
    calls = _failing(monkeypatch, _database_error("deadlock detected", "40P01"), times=1)
    submission = start(district_directive(province), province)
    client.force_login(user_with_role(Role.UNIT_HEAD, province.district))
    response = client.post(
        reverse("reports:submit", args=[submission.pk]), {**FILLED, "version": "1"}
    )
    assert response.status_code == 302 and response.url == reverse("reports:my_reports")
    assert len(calls) == 2
    assert Submission.objects.get(pk=submission.pk).status == "submitted"
