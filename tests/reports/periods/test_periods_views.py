"""Reviewers open and close periods; closing stops edits, reopening one report lets it in."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from config.errors import DomainError
from reports.periods.models import Period
from reports.submissions.models import Submission, SubmissionEvent
from reports.submissions.services import submission_accept, submission_start
from tests.conftest import Province
from tests.factories import PeriodFactory, user_with_role
from tests.reports.submissions.review_plan import Plan, plan, save, send, submit
from units.models import Role, User
from units.permissions import Action, allowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(province: Province) -> Plan:
    return plan(province)


@pytest.fixture
def reviewer(province: Province) -> User:
    return user_with_role(Role.REVIEWER, province.root)


@pytest.fixture
def head(province: Province) -> User:
    return user_with_role(Role.UNIT_HEAD, province.district)


def as_user(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_periods_page_lists_windows_due_dates_and_report_counts(
    client: Client, province: Province, setup: Plan, reviewer: User
) -> None:
    submission_accept(submission=send(setup, province.district), by=None)
    send(setup, province.commune)
    page = as_user(client, reviewer).get(reverse("reports:periods")).content.decode()
    assert "Quý II năm 2016" in page and "15/03/2016 – 14/06/2016" in page
    assert "31/12/2099" in page and "Đang mở" in page
    queue = reverse("reports:review_queue")
    assert f'href="{queue}?period={setup.q2.pk}&amp;status=submitted">1</a>' in page
    assert f'href="{queue}?period={setup.q2.pk}&amp;status=accepted">1</a>' in page
    assert reverse("reports:period_close", args=[setup.q2.pk]) in page


def test_the_periods_page_costs_a_fixed_number_of_queries(
    client: Client, province: Province, setup: Plan, reviewer: User, django_assert_max_num_queries
) -> None:
    as_user(client, reviewer)
    # 12: the provinces whose periods the reviewer keeps are one of them.
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reports:periods"))
    for number in range(1, 13):
        PeriodFactory(kind="month", number=number, starts_on=setup.q1.starts_on)
    send(setup, province.district)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("reports:periods")).content.decode()
    assert "Tháng 12 năm 2016" in page


def test_opening_a_period_computes_and_announces_its_window_and_due_date(
    client: Client, province: Province, reviewer: User
) -> None:
    response = as_user(client, reviewer).post(
        reverse("reports:period_open"), {"kind": "quarter", "year": "2026", "number": "1"}
    )
    assert response.status_code == 302 and response.url == reverse("reports:periods")
    assert flash(response) == [
        "Kỳ Quý I năm 2026 đang mở: số liệu từ 15/12/2025 đến 14/03/2026, hạn nộp 17/03/2026."
    ]
    period = Period.objects.get(kind="quarter", year=2026, number=1)
    # Opened for the reviewer's province; the others open it themselves (or nationally).
    assert period.status_in(province.root.pk) == Period.Status.OPEN
    assert period.status == Period.Status.CLOSED


def test_an_impossible_period_is_refused_in_vietnamese(client: Client, reviewer: User) -> None:
    response = as_user(client, reviewer).post(
        reverse("reports:period_open"), {"kind": "quarter", "year": "2026", "number": "5"}
    )
    assert response.status_code == 400
    assert "Kỳ số 5 không hợp lệ với loại kỳ này (từ 1 đến 4)." in response.content.decode()
    assert not Period.objects.exists()


def test_an_incomplete_form_is_shown_again_with_its_errors(client: Client, reviewer: User) -> None:
    response = as_user(client, reviewer).post(
        reverse("reports:period_open"), {"kind": "decade", "year": "", "number": "1"}
    )
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode()
    assert not Period.objects.exists()


def test_closing_a_period_stops_edits_and_reopening_one_report_lets_only_it_in(
    client: Client, province: Province, setup: Plan, reviewer: User, head: User
) -> None:
    district = send(setup, province.district, by=head)
    commune = submission_start(
        unit=province.commune, period=setup.q2, directive=setup.directive, by=None
    )
    as_user(client, reviewer)
    response = client.post(reverse("reports:period_close", args=[setup.q2.pk]))
    assert response.url == reverse("reports:periods")
    assert "Đã đóng kỳ Quý II năm 2016" in flash(response)[0]
    commune.refresh_from_db()
    assert not allowed(
        user_with_role(Role.REPORTER, province.commune), Action.SUBMISSION_EDIT, commune
    )
    with pytest.raises(DomainError, match="đã đóng"):
        save(commune, setup, None)

    response = client.post(
        reverse("reports:reopen", args=[district.pk]), {"reason": "Đính chính số dịch vụ"}
    )
    assert response.url == reverse("reports:review", args=[district.pk])
    district.refresh_from_db()
    assert district.reopened and district.status == Submission.Status.RETURNED
    assert allowed(head, Action.SUBMISSION_EDIT, district)
    assert submit(save(district, setup, head, services=13), head).status == "submitted"
    event = district.events.get(action=SubmissionEvent.Action.REOPEN)
    assert (event.comment, event.by) == ("Đính chính số dịch vụ", reviewer)
    commune.refresh_from_db()
    assert not allowed(
        user_with_role(Role.REPORTER, province.commune), Action.SUBMISSION_EDIT, commune
    )


def test_a_draft_in_a_closed_period_can_be_reopened_for_its_unit(
    client: Client, province: Province, setup: Plan, reviewer: User, head: User
) -> None:
    draft = submission_start(
        unit=province.district, period=setup.q2, directive=setup.directive, by=head
    )
    as_user(client, reviewer).post(reverse("reports:period_close", args=[setup.q2.pk]))
    page = client.get(reverse("reports:review", args=[draft.pk])).content.decode()
    assert reverse("reports:reopen", args=[draft.pk]) in page
    client.post(reverse("reports:reopen", args=[draft.pk]), {"reason": "Đơn vị gặp sự cố mạng"})
    draft.refresh_from_db()
    assert draft.status == Submission.Status.DRAFT and draft.reopened
    assert allowed(head, Action.SUBMISSION_EDIT, draft)


def test_closing_a_closed_period_says_so(client: Client, setup: Plan, reviewer: User) -> None:
    as_user(client, reviewer).post(reverse("reports:period_close", args=[setup.q1.pk]))
    response = client.post(reverse("reports:period_close", args=[setup.q1.pk]))
    assert flash(response)[-1] == "Kỳ báo cáo Quý I năm 2016 đã đóng."


def test_a_closed_period_can_be_opened_again_from_the_page(
    client: Client, setup: Plan, reviewer: User
) -> None:
    as_user(client, reviewer).post(reverse("reports:period_close", args=[setup.q1.pk]))
    page = client.get(reverse("reports:periods")).content.decode()
    assert "Mở lại kỳ" in page and "Đã đóng" in page
    client.post(reverse("reports:period_open"), {"kind": "quarter", "year": 2016, "number": 1})
    setup.q1.refresh_from_db()
    assert setup.q1.status == Period.Status.OPEN


@pytest.mark.parametrize("who", ["reporter", "unit_head", "leader", "outsider"])
def test_only_reviewers_and_admins_manage_periods(
    client: Client, province: Province, setup: Plan, who: str, outsider: User, parent_user: User
) -> None:
    user = {
        "reporter": user_with_role(Role.REPORTER, province.district),
        "unit_head": user_with_role(Role.UNIT_HEAD, province.district),
        "leader": parent_user,
        "outsider": outsider,
    }[who]
    as_user(client, user)
    assert client.get(reverse("reports:periods")).status_code == 403
    data = {"kind": "year", "year": "2026", "number": "1"}
    assert client.post(reverse("reports:period_open"), data).status_code == 403
    assert client.post(reverse("reports:period_close", args=[setup.q2.pk])).status_code == 403
    assert Period.objects.count() == 2
    assert Period.objects.get(pk=setup.q2.pk).status == Period.Status.OPEN


def test_an_admin_manages_periods(client: Client, province: Province) -> None:
    admin = user_with_role(Role.ADMIN, province.root)
    assert as_user(client, admin).get(reverse("reports:periods")).status_code == 200


def test_period_pages_need_login_answer_only_their_method_and_404_unknown_periods(
    client: Client, setup: Plan, reviewer: User
) -> None:
    for url in (reverse("reports:periods"),):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    for url in (
        reverse("reports:period_open"),
        reverse("reports:period_close", args=[setup.q2.pk]),
    ):
        response = client.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    as_user(client, reviewer)
    assert client.post(reverse("reports:periods")).status_code == 405
    assert client.get(reverse("reports:period_open")).status_code == 405
    assert client.get(reverse("reports:period_close", args=[setup.q2.pk])).status_code == 405
    assert client.post(reverse("reports:period_close", args=[setup.q2.pk + 999])).status_code == 404
