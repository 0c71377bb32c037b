"""An autosave writes only the rows that changed, in bulk, with their change-log entries in one
insert; the report's rows are read once, whatever their count (issue 16, item 2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.submissions.models import IndicatorValue, SubmissionVersion
from reports.submissions.services import submission_save
from reports.submissions.validation import TaskInput, ValueInput
from tests.conftest import Province
from tests.factories import IndicatorFactory, TargetFactory, TargetScopeFactory
from tests.reports.submissions.reporting_fixtures import district_directive, start

pytestmark = pytest.mark.django_db
D = Decimal


def _report(province: Province, extra: int):
    """The district's draft with the two fixture indicators and `extra` counts more."""
    setup = district_directive(province)
    for n in range(extra):
        TargetScopeFactory(
            target=TargetFactory(
                task=setup.email, indicator=IndicatorFactory(code=f"EXTRA_{n}", kind="count")
            ),
            unit=province.district,
            level=None,
        )
    return start(setup, province)


def _figures(extra: int, shift: int) -> list[ValueInput]:
    return [
        ValueInput("DOCS_SIGNED", numerator=D(40 + shift), denominator=D(60)),
        ValueInput("IT_OFFICERS", value=D(2 + shift)),
        *(ValueInput(f"EXTRA_{n}", value=D(n + shift)) for n in range(extra)),
    ]


TASKS = [TaskInput("1", "in_progress", progress="Đang cấp"), TaskInput("2", "not_started")]


def _save(submission, extra: int, shift: int, by=None) -> list[str]:
    return _save_figures(submission, _figures(extra, shift), by)


def _count(sqls: list[str], start: str) -> int:
    return sum(1 for sql in sqls if sql.upper().startswith(start))


def _shifted(extra: int, changed: int) -> list[ValueInput]:
    """The figures of `_figures(extra, 0)` with the first `changed` of them moved."""
    return [*_figures(extra, 1)[:changed], *_figures(extra, 0)[changed:]]


def _save_figures(submission, figures: list[ValueInput], by=None) -> list[str]:
    """The SQL of saving `figures` (and TASKS) over the report's current version."""
    submission.refresh_from_db()
    with CaptureQueriesContext(connection) as captured:
        submission_save(
            submission=submission,
            version=submission.version,
            values=figures,
            tasks=TASKS,
            by=by,
        )
    return [q["sql"] for q in captured.captured_queries]


def test_saving_60_changed_figures_costs_the_queries_of_saving_3(province: Province) -> None:
    submission = _report(province, 58)
    first = _save(submission, 58, 0)
    # One insert of the new rows each (figures, task updates), one for their log entries.
    assert _count(first, 'INSERT INTO "REPORTS_INDICATORVALUE"') == 1
    assert _count(first, 'INSERT INTO "REPORTS_TASKUPDATE"') == 1
    assert _count(first, 'INSERT INTO "AUDITLOG_LOGENTRY"') == 1
    few = _save_figures(submission, _shifted(58, 3))
    _save(submission, 58, 0)
    every = _save_figures(submission, _shifted(58, 60))
    assert len(every) == len(few)
    assert _count(every, 'UPDATE "REPORTS_INDICATORVALUE"') == 1
    assert _count(every, 'INSERT INTO "AUDITLOG_LOGENTRY"') == 1
    assert _count(every, 'UPDATE "REPORTS_TASKUPDATE"') == 0  # the tasks did not change
    assert (
        LogEntry.objects.filter(
            action=LogEntry.Action.UPDATE, additional_data__submission=submission.pk
        ).count()
        == 3 + 3 + 60  # moved, moved back, all moved
    )


def test_only_changed_rows_are_written_and_each_is_logged_with_its_actor(
    province: Province, unit_user
) -> None:
    user = unit_user
    submission = _report(province, 3)
    with set_actor(user, remote_addr="10.1.2.3"):
        _save(submission, 3, 0, by=user)
        figures = _figures(3, 0)
        figures[3] = ValueInput("EXTRA_1", value=D(99))
        submission.refresh_from_db()
        before = LogEntry.objects.count()
        with CaptureQueriesContext(connection) as captured:
            submission_save(
                submission=submission,
                version=submission.version,
                values=figures,
                tasks=TASKS,
                by=user,
            )
    sqls = [q["sql"] for q in captured.captured_queries]
    assert _count(sqls, 'UPDATE "REPORTS_INDICATORVALUE"') == 1
    # The figure and the report's version: two entries, one insert.
    assert LogEntry.objects.count() == before + 2
    assert _count(sqls, 'INSERT INTO "AUDITLOG_LOGENTRY"') == 1
    extra = IndicatorValue.objects.get(submission=submission, indicator__code="EXTRA_1")
    entry = LogEntry.objects.filter(object_id=extra.pk, content_type__model="indicatorvalue")
    entry = entry.latest("id")
    assert (entry.action, entry.changes["value"][1], entry.actor, entry.remote_addr) == (
        LogEntry.Action.UPDATE,
        "99",
        user,
        "10.1.2.3",
    )
    assert entry.additional_data == {"submission": submission.pk}
    value = IndicatorValue.objects.get(submission=submission, indicator__code="EXTRA_1")
    assert value.value == 99


def test_a_save_that_changes_nothing_writes_nothing(province: Province) -> None:
    submission = _report(province, 3)
    _save(submission, 3, 0)
    sqls = _save(submission, 3, 0)
    assert not [sql for sql in sqls if sql.upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_the_version_snapshot_holds_the_saved_rows_and_emptied_ones_are_deleted_and_logged(
    province: Province,
) -> None:
    submission = _report(province, 2)
    _save(submission, 2, 0)
    submission.refresh_from_db()
    figures = _figures(2, 0)
    figures[2] = ValueInput("EXTRA_0")  # emptied
    submission_save(
        submission=submission, version=submission.version, values=figures, tasks=TASKS, by=None
    )
    snapshot = SubmissionVersion.objects.filter(submission=submission).latest("number").snapshot
    assert set(snapshot["values"]) == {"DOCS_SIGNED", "IT_OFFICERS", "EXTRA_1"}
    assert snapshot["values"]["DOCS_SIGNED"] == {
        "value": "66.6667",
        "numerator": "40",
        "denominator": "60",
        "note": "",
    }
    assert snapshot["tasks"]["1"]["progress"] == "Đang cấp"
    assert not IndicatorValue.objects.filter(submission=submission, indicator__code="EXTRA_0")
    assert LogEntry.objects.filter(
        action=LogEntry.Action.DELETE, additional_data__submission=submission.pk
    ).exists()
