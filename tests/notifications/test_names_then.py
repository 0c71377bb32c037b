"""Notifications and e-mails about a report name its unit as on the period's last day: Q2/2016
ends on 14/06/2016; Tam Đảo and Vĩnh Yên are renamed on 15/06, before their reports are due
(17/06). Every reminder, escalation, review reminder, digest and calendar entry about Q2/2016
keeps the old names, in a fixed number of queries whatever the number of renamed units."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from notifications import tasks
from notifications.calendar import duties
from notifications.models import Kind, Notification
from notifications.reminders import outstanding_reports
from tests.conftest import Province
from tests.factories import UnitFactory, level, sent, user_with_role
from tests.notifications.reminder_helpers import run_through
from tests.reports.submissions.board_fixtures import at
from tests.reports.submissions.reporting_fixtures import Setup, district_directive
from units.models import Role
from units.services import unit_rename

pytestmark = pytest.mark.django_db
RENAMED_ON = dt.date(2016, 6, 15)  # the day after Q2/2016's last day
OLD_TAMDAO, OLD_VINHYEN = "UBND huyện Tam Đảo", "UBND thành phố Vĩnh Yên"


def rename(unit, name: str) -> None:
    unit_rename(unit=unit, new_name=name, effective_on=RENAMED_ON,
                legal_document="Nghị quyết số 1/NQ-UBTVQH (ví dụ)", by=None)  # fmt: skip


@pytest.fixture
def setup(province: Province) -> Setup:
    found = district_directive(province, quarter=2)
    rename(province.other_district, "UBND xã Tam Đảo")
    rename(province.district, "UBND phường Vĩnh Yên")
    return found


def titles(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("title", flat=True))


def test_the_reminders_and_their_emails_name_the_unit_as_on_the_period(
    setup: Setup, province: Province, django_capture_on_commit_callbacks
) -> None:
    user_with_role(Role.REPORTER, province.other_district, email="bc.td@vp.gov.vn")
    with django_capture_on_commit_callbacks(execute=True):
        run_through([dt.date(2016, 6, 15), dt.date(2016, 6, 17), dt.date(2016, 6, 18)],
                    tasks.remind_reports_due)  # fmt: skip
    assert titles(Kind.REPORT_DUE_SOON) == {
        f"Báo cáo 886/KH-UBND, Quý II năm 2016 của {OLD_TAMDAO} sắp đến hạn"
    }
    assert titles(Kind.REPORT_DUE_TODAY) == {
        f"Hôm nay là hạn nộp báo cáo 886/KH-UBND, Quý II năm 2016 của {OLD_TAMDAO}"
    }
    assert titles(Kind.REPORT_LATE) == {
        f"Báo cáo 886/KH-UBND, Quý II năm 2016 của {OLD_TAMDAO} đã quá hạn"
    }
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 3 and all(OLD_TAMDAO in s for s in subjects), subjects
    assert not any("xã Tam Đảo" in s for s in subjects)


@override_settings(CHITIEU_ESCALATION_GRACE_DAYS=5)
def test_the_escalation_names_the_late_unit_as_on_the_period(
    setup: Setup, province: Province
) -> None:
    user_with_role(Role.UNIT_HEAD, province.root)
    sent(unit=province.district, period=setup.period, directive=setup.directive,
         submitted_at=at(dt.date(2016, 6, 16)))  # fmt: skip
    run_through([dt.date(2016, 6, 23)], tasks.escalate_late_reports)
    assert titles(Kind.ESCALATION) == {
        f"{OLD_TAMDAO} chưa gửi báo cáo 886/KH-UBND, Quý II năm 2016"
    }


def test_the_review_reminder_names_the_unit_as_on_the_period(
    setup: Setup, province: Province
) -> None:
    user_with_role(Role.REVIEWER, province.root)
    for unit in (province.district, province.other_district):
        sent(unit=unit, period=setup.period, directive=setup.directive,
             submitted_at=at(dt.date(2016, 6, 16)))  # fmt: skip
    run_through([dt.date(2016, 6, 22)], tasks.remind_reviews_waiting)
    assert titles(Kind.REVIEW_WAITING) == {
        f"Báo cáo 886/KH-UBND, Quý II năm 2016 của {name} đang chờ thẩm định"
        for name in (OLD_VINHYEN, OLD_TAMDAO)
    }


def test_the_officers_digest_names_the_late_units_as_on_the_period(
    setup: Setup, province: Province
) -> None:
    user_with_role(Role.REVIEWER, province.root)
    sent(unit=province.district, period=setup.period, directive=setup.directive,
         submitted_at=at(dt.date(2016, 6, 16)))  # fmt: skip
    run_through([dt.date(2016, 6, 20)], tasks.send_weekly_digests)
    assert f"  - {OLD_TAMDAO}: 1" in Notification.objects.get().body.splitlines()


def test_the_calendar_names_the_report_owed_as_on_the_period(
    setup: Setup, province: Province
) -> None:
    reporter = user_with_role(Role.REPORTER, province.other_district)
    found = duties(user=reporter, today=dt.date(2016, 6, 16))
    assert {d.unit for d in found if d.kind == "report"} == {OLD_TAMDAO}


def test_the_reports_owed_are_named_in_a_fixed_number_of_queries(
    setup: Setup, province: Province
) -> None:
    with CaptureQueriesContext(connection) as few:
        owed = outstanding_reports()
    assert {o.unit_name for o in owed} == {OLD_VINHYEN, OLD_TAMDAO}
    for n in range(5):
        district = UnitFactory(code=f"VP-H{n}", name=f"UBND huyện {n}", parent=province.root,
                               level=level("district"))  # fmt: skip
        rename(district, f"UBND xã {n}")
    with CaptureQueriesContext(connection) as many:
        owed = outstanding_reports()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "UBND huyện 3" in {o.unit_name for o in owed}
    assert "UBND xã 3" not in {o.unit_name for o in owed}
