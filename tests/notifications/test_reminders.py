"""Reminder jobs driven through a reporting period with the clock moved day by day: exactly
who is told what and when, never twice."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings

from notifications import tasks
from notifications.models import Kind, Notification, SentReminder
from notifications.services import preferences_set
from tests.conftest import Province
from tests.factories import TaskAssigneeFactory, TaskFactory, level, sent, user_with_role
from tests.notifications.reminder_helpers import run_through
from tests.reports.submissions.board_fixtures import VN, at
from tests.reports.submissions.reporting_fixtures import Setup, district_directive
from units.models import Role, User

pytestmark = pytest.mark.django_db
# Q2/2016: window 15/03–14/06, report due 17/06/2016 (a Friday).
JUNE = [dt.date(2016, 6, day) for day in range(1, 31)]


@pytest.fixture
def setup(province: Province) -> Setup:
    return district_directive(province, quarter=2)


@pytest.fixture
def people(province: Province) -> dict[str, User]:
    return {
        "vinhyen reporter": user_with_role(Role.REPORTER, province.district, email="bc.vy@vp.gov.vn"),
        "vinhyen head": user_with_role(Role.UNIT_HEAD, province.district, email="ld.vy@vp.gov.vn"),
        "tamdao reporter": user_with_role(Role.REPORTER, province.other_district, email="bc.td@vp.gov.vn"),
        "province head": user_with_role(Role.UNIT_HEAD, province.root, email="ld.tinh@vp.gov.vn"),
        "commune reporter": user_with_role(Role.REPORTER, province.commune, email="bc.lb@vp.gov.vn"),
        "dic officer": user_with_role(Role.REVIEWER, province.root, email="stttt@vp.gov.vn"),
    }  # fmt: skip


def received(people: dict[str, User]) -> set[tuple[str, str, dt.date]]:
    names = {user.pk: name for name, user in people.items()}
    return {
        (names[n.user_id], n.kind, n.created_at.astimezone(VN).date())
        for n in Notification.objects.all()
    }


def test_reporters_and_heads_are_reminded_seven_and_two_days_before_on_the_day_and_once_late(
    setup: Setup, province: Province, people: dict[str, User], django_capture_on_commit_callbacks
) -> None:
    def vinhyen_sends_on_the_16th(day: dt.date) -> None:
        if day == dt.date(2016, 6, 16):
            sent(
                unit=province.district,
                period=setup.period,
                directive=setup.directive,
                submitted_at=at(day),
            )

    with django_capture_on_commit_callbacks(execute=True):
        run_through(JUNE, tasks.remind_reports_due, vinhyen_sends_on_the_16th, times=2)

    june = lambda day: dt.date(2016, 6, day)  # noqa: E731
    assert received(people) == {
        ("vinhyen reporter", Kind.REPORT_DUE_SOON, june(10)),
        ("vinhyen head", Kind.REPORT_DUE_SOON, june(10)),
        ("vinhyen reporter", Kind.REPORT_DUE_SOON, june(15)),
        ("vinhyen head", Kind.REPORT_DUE_SOON, june(15)),
        ("tamdao reporter", Kind.REPORT_DUE_SOON, june(10)),
        ("tamdao reporter", Kind.REPORT_DUE_SOON, june(15)),
        ("tamdao reporter", Kind.REPORT_DUE_TODAY, june(17)),
        ("tamdao reporter", Kind.REPORT_LATE, june(18)),
    }
    assert Notification.objects.count() == 8  # run twice a day, sent once
    assert len(mail.outbox) == 8
    late = next(m for m in mail.outbox if m.to == ["bc.td@vp.gov.vn"] and "quá hạn" in m.subject)
    assert (
        late.subject
        == "[chitieu] Báo cáo 886/KH-UBND, Quý II năm 2016 của UBND huyện Tam Đảo đã quá hạn"
    )
    assert "Hạn nộp là ngày 17/06/2016; báo cáo đã chậm 1 ngày." in late.body
    assert "Xem chi tiết: http://127.0.0.1:8000/reports/" in late.body
    html, mimetype = late.alternatives[0]
    assert mimetype == "text/html" and 'href="http://127.0.0.1:8000/reports/"' in html


def test_a_day_the_job_did_not_run_is_caught_up_without_sending_an_older_stage(
    setup: Setup, people: dict[str, User]
) -> None:
    # The job first runs on 12/06 (5 days before the due date): the 7-day stage is sent then;
    # on 16/06 (1 day before) the 2-day stage.
    run_through([dt.date(2016, 6, 12), dt.date(2016, 6, 16)], tasks.remind_reports_due)
    tamdao = {(k, d) for name, k, d in received(people) if name == "tamdao reporter"}
    assert tamdao == {
        (Kind.REPORT_DUE_SOON, dt.date(2016, 6, 12)),
        (Kind.REPORT_DUE_SOON, dt.date(2016, 6, 16)),
    }


def test_a_worker_dying_mid_job_then_rerunning_sends_each_reminder_once(
    setup: Setup, people: dict[str, User]
) -> None:
    from notifications import reminders

    real_notify = reminders.notify
    calls = {"n": 0}

    def dies_after_the_first(**kwargs: Any):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")
        return real_notify(**kwargs)

    day = [dt.date(2016, 6, 17)]
    with mock.patch.object(reminders, "notify", dies_after_the_first), pytest.raises(SystemExit):
        run_through(day, tasks.remind_reports_due)
    assert Notification.objects.count() == 1
    run_through(day, tasks.remind_reports_due)  # redelivered (acks_late) after the restart
    assert sorted(n for n, _, _ in received(people)) == [
        "tamdao reporter", "vinhyen head", "vinhyen reporter",
    ]  # fmt: skip
    assert SentReminder.objects.count() == 3


def test_a_user_who_turned_a_kind_off_gets_only_the_others(
    setup: Setup, people: dict[str, User]
) -> None:
    preferences_set(user=people["tamdao reporter"], enabled={Kind.REPORT_LATE})
    run_through(JUNE[9:18], tasks.remind_reports_due)
    assert {k for name, k, _ in received(people) if name == "tamdao reporter"} == {Kind.REPORT_LATE}


@override_settings(CHITIEU_REMIND_DAYS_BEFORE=[3])
def test_the_days_before_come_from_settings(setup: Setup, people: dict[str, User]) -> None:
    run_through(JUNE[:16], tasks.remind_reports_due)
    assert {d for name, _, d in received(people) if name == "tamdao reporter"} == {
        dt.date(2016, 6, 14)
    }


@override_settings(CHITIEU_ESCALATION_GRACE_DAYS=5)
def test_the_supervising_head_is_told_once_when_a_unit_is_late_past_the_grace(
    setup: Setup, province: Province, people: dict[str, User]
) -> None:
    sent(
        unit=province.district,
        period=setup.period,
        directive=setup.directive,
        submitted_at=at(dt.date(2016, 6, 16)),
    )
    run_through(JUNE, tasks.escalate_late_reports, times=2)
    # Due 17/06; Tam Đảo is more than 5 days late on 23/06; the province supervises it.
    assert received(people) == {("province head", Kind.ESCALATION, dt.date(2016, 6, 23))}
    notification = Notification.objects.get()
    assert notification.title == "UBND huyện Tam Đảo chưa gửi báo cáo 886/KH-UBND, Quý II năm 2016"


@override_settings(CHITIEU_ESCALATION_GRACE_DAYS=5)
def test_a_commune_late_past_the_grace_is_escalated_to_its_districts_head_once(
    setup: Setup, province: Province, people: dict[str, User]
) -> None:
    # Communes report too: a task for every commune. Both districts and Hợp Châu send in time;
    # Liên Bảo (a ward of Vĩnh Yên) never does.
    communes = TaskFactory(directive=setup.directive, number="3", title="Một cửa điện tử cấp xã")
    TaskAssigneeFactory(task=communes, unit=None, level=level("commune"))
    people["tamdao head"] = user_with_role(Role.UNIT_HEAD, province.other_district)
    for unit in (province.district, province.other_district, province.other_commune):
        sent(unit=unit, period=setup.period, directive=setup.directive,
             submitted_at=at(dt.date(2016, 6, 16)))  # fmt: skip

    run_through(JUNE, tasks.escalate_late_reports, times=2)

    # Due 17/06; more than 5 days late on 23/06: Vĩnh Yên's head is told, not the province's,
    # once however often the job runs.
    assert received(people) == {("vinhyen head", Kind.ESCALATION, dt.date(2016, 6, 23))}
    notification = Notification.objects.get()
    assert notification.title == (
        "UBND phường Liên Bảo chưa gửi báo cáo 886/KH-UBND, Quý II năm 2016"
    )
    assert "đơn vị trực thuộc đã chậm 6 ngày" in notification.body


def test_reviewers_are_told_when_a_report_waits_more_than_three_working_days(
    setup: Setup, province: Province, people: dict[str, User]
) -> None:
    # Sent Thursday 16/06; three working days later is Tuesday 21/06: reminded on the 22nd.
    submission = sent(
        unit=province.district, period=setup.period, directive=setup.directive,
        submitted_at=at(dt.date(2016, 6, 16)),
    )  # fmt: skip
    run_through(JUNE[15:], tasks.remind_reviews_waiting, times=2)
    assert received(people) == {("dic officer", Kind.REVIEW_WAITING, dt.date(2016, 6, 22))}
    assert Notification.objects.get().url == f"/reports/review/{submission.pk}/"


def test_reminders_long_overdue_when_the_job_first_runs_are_left_to_the_digest(
    setup: Setup, province: Province, people: dict[str, User]
) -> None:
    sent(unit=province.district, period=setup.period, directive=setup.directive, submitted_at=at(dt.date(2016, 6, 1)))  # fmt: skip
    # Due 17/06; the jobs are switched on 30 days later: nothing is a week old any more.
    late_start = [dt.date(2016, 7, 17)]
    run_through(late_start, tasks.remind_reports_due)
    run_through(late_start, tasks.escalate_late_reports)
    run_through(late_start, tasks.remind_reviews_waiting)
    assert not Notification.objects.exists()
    # On the last day of catching up, the late report is still told.
    run_through([dt.date(2016, 6, 24)], tasks.remind_reports_due)
    assert {n for n, _, _ in received(people)} == {"tamdao reporter"}
