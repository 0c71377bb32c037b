"""Each province opens and closes its own periods; the windows and holidays stay national."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from config.errors import DomainError
from notifications.reminders import outstanding_reports
from reports.periods.models import Holiday, Period, ProvincePeriod
from reports.periods.selectors import is_open_for, open_period_ids
from reports.periods.services import period_close, period_open, periods_open_current
from reports.submissions.selectors import reporting_obligations
from reports.submissions.services import submission_start
from tests.conftest import Province, make_province, signed_in
from tests.factories import user_with_role
from tests.reports.submissions.review_plan import Plan, plan
from units.models import Role
from units.permissions import Action, allowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def other() -> Province:
    return make_province("BT", "Bình Thuận")


@pytest.fixture
def plans(province: Province, other: Province) -> tuple[Plan, Plan]:
    return plan(province), plan(other, code="02/CT-UBND")


def test_a_province_closing_a_period_leaves_the_other_province_reporting(
    province: Province, other: Province, plans: tuple[Plan, Plan]
) -> None:
    ours, theirs = plans
    period_close(period=theirs.q2, roots={other.root.pk})
    assert not is_open_for(theirs.q2, other.district)
    assert is_open_for(ours.q2, province.district)
    with pytest.raises(DomainError, match="đã đóng"):
        submission_start(unit=other.district, period=theirs.q2, directive=theirs.directive, by=None)
    started = submission_start(
        unit=province.district, period=ours.q2, directive=ours.directive, by=None
    )
    assert started.pk and Period.objects.get(pk=ours.q2.pk).status == Period.Status.OPEN


def test_closing_twice_in_the_same_province_is_refused_with_a_message(
    other: Province, plans: tuple[Plan, Plan]
) -> None:
    period_close(period=plans[1].q2, roots={other.root.pk})
    with pytest.raises(DomainError, match="Kỳ báo cáo Quý II năm 2016 đã đóng"):
        period_close(period=plans[1].q2, roots={other.root.pk})


def test_a_period_a_province_opens_first_is_closed_for_the_other_until_it_opens_it(
    province: Province, other: Province
) -> None:
    period = period_open(kind="month", year=2030, number=5, roots={other.root.pk})
    assert period.status == Period.Status.CLOSED  # nationally: not open yet
    assert is_open_for(period, other.commune) and not is_open_for(period, province.commune)
    period = period_open(kind="month", year=2030, number=5, roots={province.root.pk})
    assert is_open_for(period, province.commune)
    assert Period.objects.filter(kind="month", year=2030).count() == 1  # one national window


def test_a_national_close_closes_the_period_in_every_province(
    province: Province, other: Province
) -> None:
    period = period_open(kind="month", year=2030, number=5, roots={other.root.pk})
    period_open(kind="month", year=2030, number=5)  # the national calendar opens it for all
    assert not ProvincePeriod.objects.exists()  # every province follows it again
    period_close(period=period, roots={province.root.pk})
    period_open(kind="month", year=2030, number=5, roots={other.root.pk})
    period_close(period=period)
    assert not is_open_for(period, province.district) and not is_open_for(period, other.district)
    assert open_period_ids({province.root.pk, other.root.pk}) == {
        province.root.pk: set(),
        other.root.pk: set(),
    }


def test_the_nightly_opening_leaves_a_province_that_closed_the_period_closed(
    province: Province, other: Province, plans: tuple[Plan, Plan]
) -> None:
    today = dt.date(2016, 5, 1)
    current = Period.objects.get(pk=plans[0].q2.pk)
    period_close(period=current, roots={other.root.pk})
    opened = periods_open_current(today=today)
    assert current.pk in {p.pk for p in opened}
    assert not is_open_for(current, other.district) and is_open_for(current, province.district)


def test_reminders_and_the_reporters_home_follow_their_province(
    province: Province, other: Province, plans: tuple[Plan, Plan]
) -> None:
    period_close(period=plans[1].q2, roots={other.root.pk})
    period_close(period=plans[1].q1, roots={other.root.pk})
    owed_units = {item.unit.pk for item in outstanding_reports()}
    assert province.district.pk in owed_units and other.district.pk not in owed_units
    theirs = user_with_role(Role.UNIT_HEAD, other.district)
    ours = user_with_role(Role.UNIT_HEAD, province.district)
    assert reporting_obligations(user=theirs) == []
    assert {o.period.pk for o in reporting_obligations(user=ours)} == {
        plans[0].q1.pk,
        plans[0].q2.pk,
    }


def test_the_other_provinces_reviewer_closes_the_period_only_for_his_province(
    province: Province, other: Province, plans: tuple[Plan, Plan]
) -> None:
    theirs = signed_in(user_with_role(Role.REVIEWER, other.root))
    ours = signed_in(user_with_role(Role.REVIEWER, province.root))
    period = plans[0].q2
    response = theirs.post(reverse("reports:period_close", args=[period.pk]))
    assert response.status_code == 302
    assert is_open_for(period, province.commune) and not is_open_for(period, other.commune)
    close = reverse("reports:period_close", args=[period.pk])
    assert close in ours.get(reverse("reports:periods")).content.decode()
    assert close not in theirs.get(reverse("reports:periods")).content.decode()
    # His province's editor of a draft is refused; ours still edits.
    draft = submission_start(
        unit=province.district, period=period, directive=plans[0].directive, by=None
    )
    head = user_with_role(Role.UNIT_HEAD, province.district)
    assert allowed(head, Action.SUBMISSION_EDIT, draft)


def test_the_api_answers_each_province_its_own_status_and_opens_only_its_own(
    province: Province, other: Province, plans: tuple[Plan, Plan]
) -> None:
    period_close(period=plans[0].q2, roots={other.root.pk})
    theirs = signed_in(user_with_role(Role.REVIEWER, other.root))
    ours = signed_in(user_with_role(Role.REVIEWER, province.root))
    url = reverse("period-detail", args=[plans[0].q2.pk])
    assert theirs.get(url).json()["status"] == "closed"
    assert ours.get(url).json()["status"] == "open"
    listed = theirs.get(reverse("period-list"), {"status": "closed"}).json()["results"]
    assert [row["id"] for row in listed] == [plans[0].q2.pk]
    body = {"kind": "quarter", "year": 2016, "number": 2}
    answer = theirs.post(reverse("period-list"), body, content_type="application/json")
    assert answer.status_code == 201 and answer.json()["status"] == "open"
    assert ProvincePeriod.objects.get(root=other.root).status == "open"
    again = ours.post(reverse("period-list"), body, content_type="application/json")
    assert again.status_code == 200  # open here all along
    assert not ProvincePeriod.objects.filter(root=province.root).exists()


def test_the_national_calendar_is_changed_in_the_admin_by_superusers_only(
    province: Province, plans: tuple[Plan, Plan], admin_user
) -> None:
    reviewer = signed_in(user_with_role(Role.REVIEWER, province.root, is_staff=True))
    change = reverse("admin:reports_period_change", args=[plans[0].q2.pk])
    page = reviewer.get(change)
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    refused = reviewer.post(change, {"status": "closed"})
    assert refused.status_code == 403
    assert reviewer.get(reverse("admin:reports_holiday_add")).status_code == 403
    assert signed_in(admin_user).get(reverse("admin:reports_holiday_add")).status_code == 200


def test_a_provinces_admin_cannot_add_change_or_delete_a_national_holiday(
    province: Province, admin_user
) -> None:
    """Vietnam's public holidays are national: every province counts due dates on them."""
    tet = Holiday.objects.create(date=dt.date(2026, 2, 17), name="Tết Nguyên đán")
    admin = signed_in(user_with_role(Role.ADMIN, province.root, is_staff=True))
    change = reverse("admin:reports_holiday_change", args=[tet.pk])
    assert admin.get(reverse("admin:reports_holiday_changelist")).status_code == 200  # reads
    page = admin.get(change)
    assert page.status_code == 200 and 'name="name"' not in page.content.decode()
    posted = {"date": "2026-02-18", "kind": tet.kind, "name": "Nghỉ bù"}
    assert admin.post(change, posted).status_code == 403
    assert admin.post(reverse("admin:reports_holiday_add"), posted).status_code == 403
    delete = reverse("admin:reports_holiday_delete", args=[tet.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 403
    assert list(Holiday.objects.values_list("date", "name")) == [(tet.date, tet.name)]
    superuser = signed_in(admin_user)
    assert superuser.post(change, posted).status_code == 302
    assert Holiday.objects.get().name == "Nghỉ bù"
