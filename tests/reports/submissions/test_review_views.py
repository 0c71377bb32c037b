"""Reviewers' pages: the queue, the review page with its decisions, the version comparison."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client, override_settings
from django.urls import reverse

from config.errors import DomainError
from reports.submissions.models import Submission, SubmissionEvent
from reports.submissions.services import (
    submission_accept,
    submission_return,
    submission_save,
    submission_start,
)
from tests.conftest import Province
from tests.factories import (
    IndicatorFactory,
    TargetFactory,
    TargetScopeFactory,
    UnitFactory,
    level,
    user_with_role,
)
from tests.reports.submissions.review_plan import DELEGATED, Plan, plan, save, send, submit
from units.models import Role, User
from units.permissions import Action, allowed

pytestmark = pytest.mark.django_db
Status = Submission.Status


@pytest.fixture
def setup(province: Province) -> Plan:
    return plan(province)


@pytest.fixture
def reviewer(province: Province) -> User:
    return user_with_role(Role.REVIEWER, province.root, full_name="Trần Thị Bình")


@pytest.fixture
def head(province: Province) -> User:
    return user_with_role(Role.UNIT_HEAD, province.district)


@pytest.fixture
def sent(setup: Plan, province: Province, head: User) -> Submission:
    return send(setup, province.district, by=head)


def as_user(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the queue -------------------------------------------------------------------------------


def test_the_queue_lists_reports_waiting_for_review_with_their_facts(
    client: Client, province: Province, setup: Plan, reviewer: User
) -> None:
    late = send(setup, province.district, setup.q1)
    send(setup, province.commune, setup.q2)
    submission_accept(submission=send(setup, province.other_district, setup.q2), by=None)
    page = as_user(client, reviewer).get(reverse("reports:review_queue")).content.decode()
    table = page.split("<tbody>")[1]  # the filters' options name periods and directives too
    assert "UBND thành phố Vĩnh Yên" in table and "UBND phường Liên Bảo" in table
    assert "UBND huyện Tam Đảo" not in table  # accepted: not waiting any more
    assert "<td>15/CT-UBND</td>" in table
    assert "Nộp muộn" in table and "Đúng hạn" in table
    assert reverse("reports:review", args=[late.pk]) in table
    # Older first: the quarter I report was sent first.
    assert table.index("Quý I năm 2016") < table.index("Quý II năm 2016")


def test_the_queue_filters_by_unit_without_diacritics_level_lateness_period_and_status(
    client: Client, province: Province, setup: Plan, reviewer: User
) -> None:
    send(setup, province.district, setup.q1)  # late
    send(setup, province.commune, setup.q2)  # on time
    accepted = send(setup, province.other_district, setup.q2)
    submission_accept(submission=accepted, by=None)
    as_user(client, reviewer)
    url = reverse("reports:review_queue")

    def units(**params: str) -> set[str]:
        page = client.get(url, params).content.decode().split("<tbody>")[1]
        names = ["UBND thành phố Vĩnh Yên", "UBND phường Liên Bảo", "UBND huyện Tam Đảo"]
        return {name for name in names if name in page}

    assert units(q="lien bao") == {"UBND phường Liên Bảo"}
    assert units(level="district") == {"UBND thành phố Vĩnh Yên"}
    assert units(late="late") == {"UBND thành phố Vĩnh Yên"}
    assert units(late="on_time") == {"UBND phường Liên Bảo"}
    assert units(period=str(setup.q2.pk)) == {"UBND phường Liên Bảo"}
    assert units(status="accepted") == {"UBND huyện Tam Đảo"}
    assert len(units(status="")) == 3  # every status
    assert units(directive=str(setup.directive.pk), status="") == units(status="")
    other = plan(province, code="99/KH-UBND")
    assert units(directive=str(other.directive.pk)) == set()


def test_the_queue_costs_the_same_queries_at_3_and_at_30_reports(
    client: Client, province: Province, setup: Plan, reviewer: User, django_assert_max_num_queries
) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            commune = UnitFactory(parent=province.district, level=level("commune"))
            send(setup, commune)

    as_user(client, reviewer)
    add(3)
    with django_assert_max_num_queries(14) as small:  # 14: the units' names on their periods
        assert client.get(reverse("reports:review_queue")).status_code == 200
    add(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("reports:review_queue"), {"q": "don vi"}).content.decode()
    assert len(re.findall(r'href="/reports/review/\d+/"', page)) == 30


@pytest.mark.parametrize("who", ["reporter", "leader", "outsider"])
def test_only_reviewers_and_admins_have_a_queue(
    client: Client, province: Province, who: str, outsider: User, parent_user: User
) -> None:
    user = {
        "reporter": user_with_role(Role.REPORTER, province.district),
        "leader": parent_user,
        "outsider": outsider,
    }[who]
    assert as_user(client, user).get(reverse("reports:review_queue")).status_code == 403


def test_an_admin_has_a_queue(client: Client, province: Province) -> None:
    admin = user_with_role(Role.ADMIN, province.district)
    assert as_user(client, admin).get(reverse("reports:review_queue")).status_code == 200


def test_the_queue_needs_login_and_only_answers_get(client: Client, reviewer: User) -> None:
    url = reverse("reports:review_queue")
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert as_user(client, reviewer).post(url).status_code == 405


# --- the review page -------------------------------------------------------------------------


def test_the_review_page_shows_figures_targets_changes_tasks_history_and_versions(
    client: Client, province: Province, setup: Plan, reviewer: User
) -> None:
    submission_accept(submission=send(setup, province.district, setup.q1, services=10), by=None)
    current = send(setup, province.district, setup.q2, services=12, progress="Đã đưa 12 dịch vụ")
    page = (
        as_user(client, reviewer).get(reverse("reports:review", args=[current.pk])).content.decode()
    )
    assert "Dịch vụ công trực tuyến toàn trình" in page and "≥ 10 dịch vụ" in page
    assert '<mark title="Khác kỳ trước">12 dịch vụ</mark>' in page and "<mark>+2</mark>" in page
    assert "75%" in page and "45 / 60" in page
    assert "Đã đưa 12 dịch vụ" in page and "Đang thực hiện" in page
    assert "Gửi báo cáo" in page and "Lưu nháp" in page  # the history
    assert "?a=2&amp;b=3" in page  # the versions list links to comparisons
    for name in ("accept", "return", "reopen"):
        assert reverse(f"reports:{name}", args=[current.pk]) in page


def test_the_decision_comes_before_the_figures_and_indicators_go_by_name(
    client: Client, province: Province, setup: Plan, reviewer: User
) -> None:
    current = send(setup, province.district, setup.q2, services=12)
    page = as_user(client, reviewer).get(reverse("reports:review", args=[current.pk]))
    html = page.content.decode()
    accept = html.index(reverse("reports:accept", args=[current.pk]))
    assert accept < html.index("Số liệu chỉ số") < html.index("Tình hình thực hiện nhiệm vụ")
    code = setup.services.code  # "DVC_…": a hover hint at most, never a visible word
    assert f">{code}<" not in html and f"{code} " not in html
    assert f'title="{code}">Dịch vụ công trực tuyến toàn trình</strong>' in html


@pytest.mark.parametrize("who", ["leader", "unit_reporter"])
def test_a_leader_or_the_units_own_reporter_sees_the_review_page_without_buttons(
    client: Client, province: Province, sent: Submission, parent_user: User, who: str
) -> None:
    user = parent_user if who == "leader" else user_with_role(Role.REPORTER, province.district)
    response = as_user(client, user).get(reverse("reports:review", args=[sent.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and "UBND thành phố Vĩnh Yên" in page
    assert reverse("reports:accept", args=[sent.pk]) not in page
    assert reverse("reports:reopen", args=[sent.pk]) not in page


@pytest.mark.parametrize("who", ["other_reporter", "outsider"])
def test_a_report_the_user_may_not_see_answers_404_like_a_missing_one(
    client: Client, province: Province, sent: Submission, outsider: User, who: str
) -> None:
    user = outsider if who == "outsider" else user_with_role(Role.REPORTER, province.commune)
    as_user(client, user)
    for name in ("review", "versions"):
        assert client.get(reverse(f"reports:{name}", args=[sent.pk])).status_code == 404
        assert client.get(reverse(f"reports:{name}", args=[sent.pk + 999])).status_code == 404


def test_the_review_page_needs_login_and_only_answers_get(
    client: Client, sent: Submission, reviewer: User
) -> None:
    for name in ("review", "versions"):
        url = reverse(f"reports:{name}", args=[sent.pk])
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert as_user(client, reviewer).post(url).status_code == 405
        client.logout()


def test_the_review_page_costs_the_same_queries_whatever_the_report_holds(
    client: Client, province: Province, reviewer: User, django_assert_max_num_queries
) -> None:
    small, big = plan(province), plan(province, code="16/CT-UBND")
    task = big.directive.tasks.get()
    for _ in range(10):
        TargetScopeFactory(
            target=TargetFactory(task=task, indicator=IndicatorFactory()), level=level("district")
        )
    first = send(small, province.district)
    second = submission_start(
        unit=province.district, period=big.q2, directive=big.directive, by=None
    )
    save(second, big, None)
    as_user(client, reviewer)
    # 29: the unit's name as on the period (1); whether the report's province has its period
    # open (its root, its decision: 2).
    with django_assert_max_num_queries(29) as queries:
        assert client.get(reverse("reports:review", args=[first.pk])).status_code == 200
    with django_assert_max_num_queries(len(queries.captured_queries)):
        page = client.get(reverse("reports:review", args=[second.pk])).content.decode()
    assert page.count("Chỉ số thử") == 10


# --- decisions ---------------------------------------------------------------------------------


def test_accepting_makes_the_report_read_only_and_goes_back_to_the_queue(
    client: Client, sent: Submission, reviewer: User, head: User
) -> None:
    response = as_user(client, reviewer).post(reverse("reports:accept", args=[sent.pk]))
    assert response.status_code == 302 and response.url == reverse("reports:review_queue")
    assert "Đã tiếp nhận báo cáo Quý II năm 2016 của UBND thành phố Vĩnh Yên." in flash(response)
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED and sent.reviewed_by == reviewer
    assert sent.events.last().action == SubmissionEvent.Action.ACCEPT
    assert not allowed(head, Action.SUBMISSION_EDIT, sent)


def test_accepting_twice_shows_the_services_message(
    client: Client, sent: Submission, reviewer: User
) -> None:
    as_user(client, reviewer).post(reverse("reports:accept", args=[sent.pk]))
    response = client.post(reverse("reports:accept", args=[sent.pk]))
    assert response.url == reverse("reports:review", args=[sent.pk])
    assert "Chỉ thẩm định được báo cáo đã gửi và đang chờ thẩm định." in flash(response)
    assert sent.events.filter(action=SubmissionEvent.Action.ACCEPT).count() == 1


def test_returning_needs_a_comment(client: Client, sent: Submission, reviewer: User) -> None:
    response = as_user(client, reviewer).post(
        reverse("reports:return", args=[sent.pk]), {"comment": "   "}
    )
    assert response.url == reverse("reports:review", args=[sent.pk])
    assert "Cần ghi lý do trả lại để đơn vị biết cần sửa gì." in flash(response)
    sent.refresh_from_db()
    assert sent.status == Status.SUBMITTED


def test_a_returned_report_is_editable_again_and_its_new_sending_is_kept_beside_the_old(
    client: Client, setup: Plan, sent: Submission, reviewer: User, head: User
) -> None:
    response = as_user(client, reviewer).post(
        reverse("reports:return", args=[sent.pk]), {"comment": "Số dịch vụ chưa khớp cổng DVC"}
    )
    assert response.url == reverse("reports:review_queue")
    sent.refresh_from_db()
    assert sent.status == Status.RETURNED and sent.review_comment == "Số dịch vụ chưa khớp cổng DVC"
    event = sent.events.last()
    assert (event.action, event.comment, event.by) == ("return", sent.review_comment, reviewer)
    assert allowed(head, Action.SUBMISSION_EDIT, sent)
    resent = submit(save(sent, setup, head, services=14), head)
    assert resent.versions.count() == 4  # saved, sent, saved again, sent again
    page = client.get(reverse("reports:versions", args=[sent.pk])).content.decode()
    assert "Phiên bản 3" in page and "Phiên bản 5" in page
    assert "<del>12 dịch vụ</del>" in page and "<mark>14 dịch vụ</mark>" in page
    only = client.get(reverse("reports:versions", args=[sent.pk]), {"a": 3, "b": 5, "changed": 1})
    assert "Tỷ lệ văn bản ký số" not in only.content.decode()


def test_reopening_an_accepted_report_needs_a_reason_and_is_kept_in_the_history(
    client: Client, sent: Submission, reviewer: User, head: User
) -> None:
    submission_accept(submission=sent, by=reviewer)
    as_user(client, reviewer)
    response = client.post(reverse("reports:reopen", args=[sent.pk]), {"reason": ""})
    assert "Cần ghi lý do mở lại báo cáo." in flash(response)
    response = client.post(
        reverse("reports:reopen", args=[sent.pk]), {"reason": "Đơn vị xin đính chính số liệu"}
    )
    assert response.url == reverse("reports:review", args=[sent.pk])
    sent.refresh_from_db()
    assert sent.status == Status.RETURNED and sent.reopened
    assert allowed(head, Action.SUBMISSION_EDIT, sent)
    page = client.get(response.url).content.decode()
    assert "Đơn vị xin đính chính số liệu" in page and "Mở lại" in page


def test_a_report_being_edited_cannot_be_reopened(
    client: Client, sent: Submission, reviewer: User
) -> None:
    submission_return(submission=sent, comment="Sửa lại", by=None)
    response = as_user(client, reviewer).post(
        reverse("reports:reopen", args=[sent.pk]), {"reason": "Thử"}
    )
    assert "Báo cáo này đang mở để sửa." in flash(response)


@pytest.mark.parametrize("name", ["accept", "return", "reopen"])
def test_decisions_are_posts_by_a_reviewer_of_the_report(
    client: Client,
    province: Province,
    sent: Submission,
    name: str,
    parent_user: User,
    outsider: User,
    reviewer: User,
) -> None:
    url = reverse(f"reports:{name}", args=[sent.pk])
    data = {"comment": "x", "reason": "x"}
    response = client.post(url, data)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert as_user(client, parent_user).post(url, data).status_code == 403
    head = user_with_role(Role.UNIT_HEAD, province.district)
    assert as_user(client, head).post(url, data).status_code == 403
    assert as_user(client, outsider).post(url, data).status_code == 404
    other_reviewer = user_with_role(Role.REVIEWER, province.other_district)
    assert as_user(client, other_reviewer).post(url, data).status_code == 404
    assert as_user(client, reviewer).get(url).status_code == 405
    assert (
        as_user(client, reviewer)
        .post(reverse(f"reports:{name}", args=[sent.pk + 999]), data)
        .status_code
        == 404
    )
    sent.refresh_from_db()
    assert sent.status == Status.SUBMITTED


def test_decisions_are_protected_against_cross_site_requests(
    province: Province, sent: Submission, reviewer: User
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.post(reverse("reports:accept", args=[sent.pk])).status_code == 403
    sent.refresh_from_db()
    assert sent.status == Status.SUBMITTED


@override_settings(CHITIEU_REVIEW_DELEGATION=DELEGATED)
def test_with_delegation_the_district_reviews_its_communes_and_the_province_may_not(
    client: Client, province: Province, setup: Plan, reviewer: User
) -> None:
    commune_report = send(setup, province.commune)
    url = reverse("reports:review", args=[commune_report.pk])
    page = as_user(client, reviewer).get(url).content.decode()
    assert reverse("reports:accept", args=[commune_report.pk]) not in page  # view only
    assert client.post(reverse("reports:accept", args=[commune_report.pk])).status_code == 403
    assert (
        "UBND phường Liên Bảo" not in client.get(reverse("reports:review_queue")).content.decode()
    )

    district_reviewer = user_with_role(Role.REVIEWER, province.district)
    as_user(client, district_reviewer)
    assert "UBND phường Liên Bảo" in client.get(reverse("reports:review_queue")).content.decode()
    assert reverse("reports:accept", args=[commune_report.pk]) in client.get(url).content.decode()
    response = client.post(reverse("reports:accept", args=[commune_report.pk]))
    assert response.url == reverse("reports:review_queue")
    commune_report.refresh_from_db()
    assert (
        commune_report.status == Status.ACCEPTED and commune_report.reviewed_by == district_reviewer
    )


# --- versions ----------------------------------------------------------------------------------


def test_the_versions_page_compares_any_two_versions_and_refuses_unknown_numbers(
    client: Client, sent: Submission, reviewer: User
) -> None:
    as_user(client, reviewer)
    url = reverse("reports:versions", args=[sent.pk])
    page = client.get(url, {"a": "2", "b": "3"}).content.decode()
    assert "Hai phiên bản có cùng số liệu" in page and "Tỷ lệ văn bản ký số" in page
    assert client.get(url, {"a": "1", "b": "3"}).status_code == 404
    assert client.get(url, {"a": "abc"}).status_code == 404


def test_the_versions_page_of_a_report_never_saved_says_so(
    client: Client, province: Province, setup: Plan, reviewer: User
) -> None:
    draft = submission_start(
        unit=province.district, period=setup.q2, directive=setup.directive, by=None
    )
    page = as_user(client, reviewer).get(reverse("reports:versions", args=[draft.pk]))
    assert "chưa có phiên bản nào" in page.content.decode()


def test_nothing_is_lost_when_the_unit_saves_over_a_version_it_did_not_see(
    setup: Plan, sent: Submission, head: User
) -> None:
    submission_return(submission=sent, comment="Sửa", by=None)
    sent.refresh_from_db()
    stale = sent.version - 1
    with pytest.raises(DomainError):
        submission_save(submission=sent, version=stale, values=[], tasks=[], by=head)
    assert [v.snapshot["values"][setup.services.code]["value"] for v in sent.versions.all()] == [
        "12",
        "12",
    ]
    assert Decimal(sent.values.get(indicator=setup.services).value) == 12
