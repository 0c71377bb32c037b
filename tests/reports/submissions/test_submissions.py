"""The reporting workflow's services: the rules every entry point (web, Excel, API) shares."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from config.errors import DomainError
from reports.periods.models import Period
from reports.submissions.errors import StaleVersion, SubmissionInvalid
from reports.submissions.models import IndicatorValue, Submission, SubmissionEvent, TaskUpdate
from reports.submissions.services import (
    submission_accept,
    submission_reopen,
    submission_return,
    submission_save,
    submission_start,
    submission_submit,
)
from reports.submissions.validation import TaskInput, ValueInput
from tests.conftest import Province
from tests.factories import PeriodFactory
from tests.reports.submissions.reporting_fixtures import district_directive, start

D = Decimal
pytestmark = pytest.mark.django_db

GOOD_VALUES = [
    ValueInput("DOCS_SIGNED", numerator=D(45), denominator=D(60)),
    ValueInput("IT_OFFICERS", value=D(2)),
]
GOOD_TASKS = [
    TaskInput(
        "1",
        "done_on_time",
        progress="Đã cấp chứng thư số cho 45 cán bộ",
        completed_on=dt.date(2016, 5, 20),
    ),
    TaskInput("2", "in_progress", progress="Duy trì sử dụng hằng ngày"),
]


def filled(province: Province):
    setup = district_directive(province)
    submission = start(setup, province)
    submission_save(submission=submission, version=1, values=GOOD_VALUES, tasks=GOOD_TASKS, by=None)
    submission.refresh_from_db()
    return setup, submission


def test_starting_twice_gives_the_same_draft_and_one_create_event(province: Province) -> None:
    setup = district_directive(province)
    first = start(setup, province)
    assert start(setup, province) == first
    assert (first.status, first.version) == ("draft", 1)
    assert first.events.filter(action="create").count() == 1


def test_a_unit_outside_the_directives_scope_cannot_start_a_report(province: Province) -> None:
    setup = district_directive(province)
    with pytest.raises(DomainError, match="không thuộc đối tượng báo cáo"):
        submission_start(
            unit=province.home_affairs, period=setup.period, directive=setup.directive, by=None
        )


def test_a_closed_period_or_a_cadence_the_directive_does_not_use_is_refused(
    province: Province,
) -> None:
    setup = district_directive(province)
    Period.objects.filter(pk=setup.period.pk).update(status="closed")
    setup.period.refresh_from_db()
    with pytest.raises(DomainError, match="đã đóng"):
        start(setup, province)
    setup.directive.reporting = ["year"]
    setup.directive.save()
    with pytest.raises(DomainError, match="không yêu cầu"):
        start(setup, province)


def test_saving_stores_values_computes_the_ratio_and_bumps_the_version(province: Province) -> None:
    setup, submission = filled(province)
    assert submission.version == 2
    signed = IndicatorValue.objects.get(submission=submission, indicator=setup.signed)
    assert (signed.numerator, signed.denominator, signed.value) == (D(45), D(60), D(75))
    assert submission.versions.get(number=2).snapshot["values"]["DOCS_SIGNED"]["value"] == "75"
    assert submission.events.filter(action="save").count() == 1


def test_a_task_done_after_its_deadline_is_marked_done_late(province: Province) -> None:
    setup = district_directive(province, quarter=3)
    submission = start(setup, province)
    late = TaskInput("1", "done_on_time", progress="Hoàn thành", completed_on=dt.date(2016, 7, 20))
    submission_save(submission=submission, version=1, values=[], tasks=[late], by=None)
    assert TaskUpdate.objects.get(submission=submission, task__number="1").status == "done_late"


def test_a_task_not_done_after_its_deadline_is_overdue(province: Province) -> None:
    setup = district_directive(province, quarter=3)
    submission = start(setup, province)
    submission_save(
        submission=submission,
        version=1,
        values=[],
        tasks=[TaskInput("1", "in_progress", progress="Đang làm")],
        by=None,
    )
    assert TaskUpdate.objects.get(submission=submission, task__number="1").status == "overdue"


def test_saving_the_same_figures_again_changes_nothing(province: Province) -> None:
    _, submission = filled(province)
    submission_save(submission=submission, version=2, values=GOOD_VALUES, tasks=GOOD_TASKS, by=None)
    submission.refresh_from_db()
    assert submission.version == 2 and submission.versions.count() == 1


def test_a_stale_version_is_refused_and_nothing_is_written(province: Province) -> None:
    _, submission = filled(province)
    with pytest.raises(StaleVersion) as caught:
        submission_save(
            submission=submission,
            version=1,
            values=[ValueInput("IT_OFFICERS", value=D(9))],
            tasks=[],
            by=None,
        )
    assert caught.value.current == 2 and "tải lại" in caught.value.message
    assert (
        IndicatorValue.objects.get(submission=submission, indicator__code="IT_OFFICERS").value == 2
    )


@pytest.mark.parametrize(
    ("given", "key", "message"),
    [
        (
            ValueInput("DOCS_SIGNED", numerator=D(61), denominator=D(60)),
            "value:DOCS_SIGNED:numerator",
            "lớn hơn mẫu số",
        ),
        (
            ValueInput("DOCS_SIGNED", numerator=D(5)),
            "value:DOCS_SIGNED:denominator",
            "cả tử số và mẫu số",
        ),
        (ValueInput("IT_OFFICERS", value=D(-1)), "value:IT_OFFICERS:value", "số âm"),
        (ValueInput("IT_OFFICERS", value=D("1.5")), "value:IT_OFFICERS:value", "số nguyên"),
        (
            ValueInput("DOCS_SIGNED", numerator=D("1.00001"), denominator=D(2)),
            "value:DOCS_SIGNED:numerator",
            "thập phân",
        ),
        (ValueInput("EMAIL_USE", value=D(1)), "value:EMAIL_USE:value", "không thuộc báo cáo"),
    ],
)
def test_bad_figures_are_refused_whole_with_a_message_per_field(
    province: Province, given, key, message
) -> None:
    setup = district_directive(province)
    submission = start(setup, province)
    with pytest.raises(SubmissionInvalid) as caught:
        submission_save(
            submission=submission,
            version=1,
            values=[ValueInput("IT_OFFICERS", value=D(3)), given],
            tasks=GOOD_TASKS,
            by=None,
        )
    assert any(message in text for text in caught.value.report.errors[key])
    assert not IndicatorValue.objects.filter(submission=submission).exists()
    assert not TaskUpdate.objects.filter(submission=submission).exists()


def test_a_ratio_falling_by_more_than_half_is_a_warning_not_a_block(province: Province) -> None:
    setup, submission = filled(province)
    submission_submit(submission=submission, version=2, by=None)
    submission_accept(submission=Submission.objects.get(pk=submission.pk), by=None)
    q3 = PeriodFactory(
        kind="quarter",
        year=2016,
        number=3,
        starts_on=dt.date(2016, 6, 15),
        ends_on=dt.date(2016, 9, 14),
        due_on=dt.date(2016, 9, 19),
    )
    next_report = submission_start(
        unit=province.district, period=q3, directive=setup.directive, by=None
    )
    report = submission_save(
        submission=next_report,
        version=1,
        values=[ValueInput("DOCS_SIGNED", numerator=D(10), denominator=D(60))],
        tasks=[],
        by=None,
    )
    assert "Giảm hơn một nửa" in report.warnings["value:DOCS_SIGNED:value"][0]
    assert (
        IndicatorValue.objects.get(submission=next_report, indicator=setup.signed).numerator == 10
    )


def test_a_draft_may_be_incomplete_but_a_submission_may_not(province: Province) -> None:
    setup = district_directive(province)
    submission = start(setup, province)
    submission_save(
        submission=submission,
        version=1,
        values=[ValueInput("IT_OFFICERS", value=D(1))],
        tasks=[TaskInput("1", "in_progress")],
        by=None,
    )
    with pytest.raises(SubmissionInvalid) as caught:
        submission_submit(submission=submission, version=2, by=None)
    errors = caught.value.report.errors
    assert set(errors) == {"value:DOCS_SIGNED:value", "task:1:progress", "task:2:status"}
    assert Submission.objects.get(pk=submission.pk).status == "draft"


@time_machine.travel(dt.datetime(2016, 6, 15, 3, 0, tzinfo=dt.UTC))
def test_submitting_on_time_freezes_the_report(province: Province) -> None:
    _, submission = filled(province)
    sent = submission_submit(submission=submission, version=2, by=None)
    assert (sent.status, sent.is_late, sent.version) == ("submitted", False, 3)
    assert sent.versions.filter(status="submitted").exists()
    with pytest.raises(DomainError, match="không sửa được"):
        submission_save(submission=sent, version=3, values=GOOD_VALUES, tasks=[], by=None)


@time_machine.travel(dt.datetime(2016, 6, 30, 3, 0, tzinfo=dt.UTC))
def test_submitting_after_the_due_date_is_marked_late(province: Province) -> None:
    _, submission = filled(province)
    assert submission_submit(submission=submission, version=2, by=None).is_late is True


def test_return_needs_a_comment_and_lets_the_unit_edit_again(province: Province) -> None:
    _, submission = filled(province)
    submission = submission_submit(submission=submission, version=2, by=None)
    with pytest.raises(DomainError, match="lý do"):
        submission_return(submission=submission, comment="  ", by=None)
    returned = submission_return(submission=submission, comment="Bổ sung minh chứng", by=None)
    assert (returned.status, returned.review_comment) == ("returned", "Bổ sung minh chứng")
    submission_save(
        submission=returned,
        version=returned.version,
        values=[ValueInput("IT_OFFICERS", value=D(3))],
        tasks=[],
        by=None,
    )
    resent = submission_submit(submission=returned, version=returned.version + 1, by=None)
    assert submission_accept(submission=resent, by=None).status == "accepted"
    actions = list(
        SubmissionEvent.objects.filter(submission=submission).values_list("action", flat=True)
    )
    assert actions == ["create", "save", "submit", "return", "save", "submit", "accept"]


def test_only_a_submitted_report_can_be_accepted_or_returned(province: Province) -> None:
    _, submission = filled(province)
    with pytest.raises(DomainError, match="chờ thẩm định"):
        submission_accept(submission=submission, by=None)


def test_a_reviewer_reopens_one_report_in_a_closed_period_with_a_reason(province: Province) -> None:
    setup, submission = filled(province)
    submission = submission_accept(
        submission=submission_submit(submission=submission, version=2, by=None), by=None
    )
    Period.objects.filter(pk=setup.period.pk).update(status="closed")
    with pytest.raises(DomainError, match="lý do"):
        submission_reopen(submission=submission, reason="", by=None)
    reopened = submission_reopen(submission=submission, reason="Số liệu cán bộ chưa đúng", by=None)
    assert (reopened.status, reopened.reopened) == ("returned", True)
    submission_save(
        submission=reopened,
        version=reopened.version,
        values=[ValueInput("IT_OFFICERS", value=D(1))],
        tasks=[],
        by=None,
    )
    assert submission.events.get(action="reopen").comment == "Số liệu cán bộ chưa đúng"
