"""The autosave's one UPDATE of changed rows (reports.submissions.drafts) writes what Django's
bulk_update would: decimals exactly, empty figures as NULL, text as typed, days as days, every
row of a long list, and nothing else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reports.submissions import drafts
from reports.submissions.models import IndicatorValue, TaskUpdate
from tests.factories import IndicatorFactory, SubmissionFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_changed_rows_are_written_exactly_and_the_others_untouched(monkeypatch):
    monkeypatch.setattr(drafts, "UPDATE_CHUNK", 2)  # three rows: two statements
    submission = SubmissionFactory()
    other = SubmissionFactory(unit=submission.unit)
    rows = [
        IndicatorValue.objects.create(
            submission=submission, indicator=IndicatorFactory(), value=Decimal("1")
        )
        for _ in range(3)
    ]
    untouched = IndicatorValue.objects.create(
        submission=other, indicator=rows[0].indicator, value=Decimal("7"), note="giữ nguyên"
    )
    wanted = [
        (Decimal("12.3456"), None, None, "Ghi chú có 'nháy' và \"ngoặc\"; -- không phải SQL"),
        (None, None, None, ""),
        (Decimal("0.0001"), Decimal("0.0001"), Decimal("123456789.1234"), "dòng 1\ndòng 2"),
    ]
    for row, (value, numerator, denominator, note) in zip(rows, wanted, strict=True):
        row.value, row.numerator, row.denominator, row.note = value, numerator, denominator, note
    drafts._update_rows(IndicatorValue, rows, drafts.VALUE_FIELDS)

    stored = {
        row.pk: (row.value, row.numerator, row.denominator, row.note)
        for row in IndicatorValue.objects.filter(submission=submission)
    }
    assert [stored[row.pk] for row in rows] == wanted
    untouched_now = IndicatorValue.objects.get(pk=untouched.pk)
    assert (untouched_now.value, untouched_now.note) == (Decimal("7"), "giữ nguyên")


def test_task_updates_keep_their_days_and_empty_days():
    submission = SubmissionFactory()
    done, going = (
        TaskUpdate.objects.create(submission=submission, task=TaskFactory(), status="in_progress")
        for _ in range(2)
    )
    done.status, done.completed_on, done.progress = "done_on_time", dt.date(2026, 11, 30), "Xong"
    going.difficulties, going.proposals = "Thiếu kinh phí", "Bổ sung dự toán"
    drafts._update_rows(TaskUpdate, [done, going], drafts.TASK_FIELDS)

    done.refresh_from_db()
    going.refresh_from_db()
    assert (done.status, done.completed_on, done.progress) == (
        "done_on_time",
        dt.date(2026, 11, 30),
        "Xong",
    )
    assert (going.status, going.completed_on) == ("in_progress", None)
    assert (going.difficulties, going.proposals) == ("Thiếu kinh phí", "Bổ sung dự toán")


def test_nothing_to_write_runs_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        drafts._update_rows(IndicatorValue, [], drafts.VALUE_FIELDS)
