"""Reviewers' reads: who sees which report in the queue, the review page, kept versions.

The helpers at the top build reports through the services (start → save → submit); the view
tests import them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from reports.periods.models import Period
from reports.submissions import review
from reports.submissions.models import Submission
from reports.submissions.services import (
    reopenable,
    submission_accept,
    submission_reopen,
    submission_return,
    submission_start,
)
from tests.conftest import Province
from tests.factories import (
    UnitFactory,
    level,
    user_with_role,
)
from tests.reports.submissions.review_plan import DELEGATED, Plan, plan, save, send, submit
from units.models import Role, User
from units.permissions import Action, allowed

pytestmark = pytest.mark.django_db


# --- building reports through the services ---------------------------------------------------


# --- who sees what in the queue --------------------------------------------------------------


@pytest.fixture
def setup(province: Province) -> Plan:
    return plan(province)


@pytest.fixture
def reports(province: Province, setup: Plan) -> dict[str, Submission]:
    return {
        name: send(setup, getattr(province, name))
        for name in ("district", "commune", "other_district", "other_commune")
    }


def queue_of(user: User) -> set[str]:
    return {s.unit.code for s in review.review_queue(user=user)}


def test_a_province_reviewer_sees_every_report_of_the_province(province: Province, reports) -> None:
    reviewer = user_with_role(Role.REVIEWER, province.root)
    assert queue_of(reviewer) == {s.unit.code for s in reports.values()}


def test_a_district_reviewer_sees_only_the_district_and_its_communes(
    province: Province, reports
) -> None:
    reviewer = user_with_role(Role.REVIEWER, province.district)
    assert queue_of(reviewer) == {"VP-VINHYEN", "VP-VINHYEN-LIENBAO"}


def test_leaders_reporters_and_outsiders_have_nothing_to_review(
    province: Province, reports, parent_user, outsider
) -> None:
    head = user_with_role(Role.UNIT_HEAD, province.district)
    for user in (parent_user, head, outsider):
        assert queue_of(user) == set()
        assert not allowed(user, Action.REVIEW)


def test_an_admin_of_a_district_reviews_its_subtree(province: Province, reports) -> None:
    admin = user_with_role(Role.ADMIN, province.other_district)
    assert queue_of(admin) == {"VP-TAMDAO", "VP-TAMDAO-HOPCHAU"}
    assert allowed(admin, Action.REVIEW)


@override_settings(CHITIEU_REVIEW_DELEGATION=DELEGATED)
def test_with_delegation_communes_are_reviewed_by_their_district_not_the_province(
    province: Province, reports
) -> None:
    assert queue_of(user_with_role(Role.REVIEWER, province.root)) == {"VP-VINHYEN", "VP-TAMDAO"}
    assert queue_of(user_with_role(Role.REVIEWER, province.district)) == {
        "VP-VINHYEN",
        "VP-VINHYEN-LIENBAO",
    }
    # Admins are not affected by delegation.
    assert len(queue_of(user_with_role(Role.ADMIN, province.root))) == 4


@pytest.mark.parametrize("delegation", [{}, DELEGATED, {"commune": "province"}])
def test_the_queue_holds_exactly_what_the_permissions_module_allows(
    province: Province, reports, delegation, outsider
) -> None:
    """The SQL condition and `allowed()` must never disagree, whatever the deployment says."""
    # A second district-level reviewer membership, and a reviewer sitting on a commune itself.
    several = user_with_role(Role.REVIEWER, province.district)
    several.memberships.create(unit=province.other_district, role=Role.REVIEWER)
    users = [
        user_with_role(role, getattr(province, unit))
        for role in (Role.REVIEWER, Role.ADMIN, Role.LEADER)
        for unit in ("root", "dic", "district", "commune", "other_district")
    ] + [several, outsider]
    with override_settings(CHITIEU_REVIEW_DELEGATION=delegation):
        for user in users:
            expected = {
                s.pk
                for s in Submission.objects.select_related("unit__level", "period")
                if allowed(user, Action.SUBMISSION_REVIEW, s)
            }
            assert {s.pk for s in review.review_queue(user=user)} == expected, user


@override_settings(CHITIEU_REVIEW_DELEGATION=DELEGATED)
def test_the_queue_is_one_query_once_the_users_roles_are_loaded(
    province: Province, setup: Plan, django_assert_num_queries
) -> None:
    for n in range(5):
        commune = UnitFactory(parent=province.district, level=level("commune"), code=f"VP-X{n}")
        send(setup, commune)
    reviewer = user_with_role(Role.REVIEWER, province.district)
    allowed(reviewer, Action.REVIEW)  # loads the memberships once
    with django_assert_num_queries(1):
        rows = list(review.review_queue(user=reviewer))
    assert len(rows) == 5
    assert [r.unit.level.code for r in rows] == ["commune"] * 5


def test_the_queue_puts_the_oldest_sent_report_first(province: Province, setup: Plan) -> None:
    first = send(setup, province.commune)
    second = send(setup, province.district)
    Submission.objects.filter(pk=second.pk).update(
        submitted_at=first.submitted_at - dt.timedelta(1)
    )
    reviewer = user_with_role(Role.REVIEWER, province.root)
    assert list(review.review_queue(user=reviewer)) == [second, first]


def test_an_inactive_reviewer_sees_nothing(province: Province, reports) -> None:
    reviewer = user_with_role(Role.REVIEWER, province.root, is_active=False)
    assert queue_of(reviewer) == set()
    assert not allowed(reviewer, Action.REVIEW)


# --- the review page -------------------------------------------------------------------------


def test_the_review_page_marks_figures_that_moved_since_the_last_accepted_period(
    province: Province, setup: Plan
) -> None:
    earlier = send(setup, province.district, setup.q1, services=10, signed=(45, 60))
    submission_accept(submission=earlier, by=None)
    current = send(setup, province.district, setup.q2, services=12, signed=(48, 60))
    page = review.review_page(current)
    rows = {item.row.code: item for item in page.indicators}
    services, signed = rows[setup.services.code], rows[setup.signed.code]
    assert page.previous == earlier
    assert services.changed and services.difference == "+2"
    assert (services.previous_shown, services.shown) == ("10 dịch vụ", "12 dịch vụ")
    assert signed.changed and (signed.previous_shown, signed.shown) == ("75%", "80%")
    assert signed.difference == "+5 điểm %"


def test_an_unchanged_figure_is_not_marked(province: Province, setup: Plan) -> None:
    submission_accept(submission=send(setup, province.district, setup.q1, services=10), by=None)
    page = review.review_page(send(setup, province.district, setup.q2, services=10))
    [services] = [item for item in page.indicators if item.row.code == setup.services.code]
    assert not services.changed and services.difference == "" and services.shown == "10 dịch vụ"


def test_without_an_accepted_previous_period_nothing_is_marked(
    province: Province, setup: Plan
) -> None:
    send(setup, province.district, setup.q1, services=10)  # sent, never accepted
    page = review.review_page(send(setup, province.district, setup.q2, services=12))
    assert page.previous is None
    assert not any(item.changed for item in page.indicators)


def test_the_review_page_has_the_history_and_every_kept_version(
    province: Province, setup: Plan
) -> None:
    head = user_with_role(Role.UNIT_HEAD, province.district, full_name="Nguyễn Văn An")
    submission = send(setup, province.district, by=head)
    submission_return(submission=submission, comment="Thiếu số liệu ký số", by=None)
    page = review.review_page(submission)
    assert [e.event.action for e in page.history] == ["create", "save", "submit", "return"]
    assert (page.history[-1].from_label, page.history[-1].to_label) == ("Đã gửi", "Bị trả lại")
    assert page.history[-1].event.comment == "Thiếu số liệu ký số"
    assert [(v.version.number, v.previous) for v in page.versions] == [(3, 2), (2, None)]


def test_a_leader_may_view_but_not_review(province: Province, setup: Plan, parent_user) -> None:
    submission = send(setup, province.district)
    assert review.submission_for_review(user=parent_user, pk=submission.pk) == submission
    assert not allowed(parent_user, Action.SUBMISSION_REVIEW, submission)


def test_a_guessed_id_gives_nothing_to_an_outsider(
    province: Province, setup: Plan, outsider
) -> None:
    submission = send(setup, province.district)
    assert review.submission_for_review(user=outsider, pk=submission.pk) is None
    assert review.submission_for_review(user=outsider, pk=submission.pk + 100) is None


def test_reopening_is_offered_for_sent_and_accepted_reports_and_closed_periods(
    province: Province, setup: Plan
) -> None:
    submission = send(setup, province.district)
    assert reopenable(submission)
    submission = submission_return(submission=submission, comment="Sửa lại", by=None)
    assert not reopenable(submission)  # already open for editing
    Period.objects.filter(pk=setup.q2.pk).update(status=Period.Status.CLOSED)
    submission.refresh_from_db()
    assert reopenable(submission)
    submission = submission_reopen(submission=submission, reason="Bổ sung số liệu", by=None)
    assert not reopenable(submission)


# --- comparing versions ----------------------------------------------------------------------


def test_by_default_the_last_two_sendings_are_compared_and_changes_flagged(
    province: Province, setup: Plan
) -> None:
    submission = send(setup, province.district, services=12, signed=(45, 60))  # v2 saved, v3 sent
    submission_return(submission=submission, comment="Kiểm tra lại số dịch vụ", by=None)
    submission.refresh_from_db()
    submission = submit(save(submission, setup, None, services=15, progress="Đã đưa 15"), None)
    assert submission.version == 5
    comparison = review.version_comparison(submission=submission, a=None, b=None)
    assert (comparison.a.number, comparison.b.number) == (3, 5)
    values = {row.key: row for row in comparison.values}
    cells = {cell.label: cell for cell in values[setup.services.code].cells}
    assert cells["Giá trị"].changed
    assert (cells["Giá trị"].before, cells["Giá trị"].after) == ("12 dịch vụ", "15 dịch vụ")
    signed = values[setup.signed.code]
    assert not signed.changed and signed.title == "Tỷ lệ văn bản ký số"
    assert [(c.label, c.after) for c in signed.cells] == [
        ("Giá trị", "75%"),
        ("Tử số", "45"),
        ("Mẫu số", "60"),
    ]
    [task] = comparison.tasks
    assert task.title == "Cung cấp dịch vụ công trực tuyến" and task.changed
    assert {c.label for c in task.cells if c.changed} == {"Kết quả thực hiện"}
    assert comparison.changed
    changes = review.version_comparison(submission=submission, a="3", b="5", only_changed=True)
    assert [row.key for row in changes.values] == [setup.services.code]


def test_any_two_versions_may_be_compared_and_unknown_numbers_are_refused(
    province: Province, setup: Plan
) -> None:
    submission = send(setup, province.district)
    comparison = review.version_comparison(submission=submission, a="2", b="3")
    assert (comparison.a.number, comparison.b.number) == (2, 3) and not comparison.changed
    assert review.version_comparison(submission=submission, a="1", b="3") is None
    assert review.version_comparison(submission=submission, a="x", b=None) is None


def test_a_draft_with_one_saved_version_compares_it_with_itself(
    province: Province, setup: Plan
) -> None:
    submission = submission_start(
        unit=province.district, period=setup.q2, directive=setup.directive, by=None
    )
    empty = review.version_comparison(submission=submission, a=None, b=None)
    assert empty.versions == [] and empty.a is None and empty.values == []
    save(submission, setup, None)
    one = review.version_comparison(submission=submission, a=None, b=None)
    assert one.a == one.b and not one.changed


# --- periods ---------------------------------------------------------------------------------


def test_period_counts_are_those_of_the_reports_the_user_reviews(
    province: Province, setup: Plan, reports
) -> None:
    submission_accept(submission=reports["district"], by=None)
    district_reviewer = user_with_role(Role.REVIEWER, province.district)
    q2 = review.period_overview(user=district_reviewer).get(pk=setup.q2.pk)
    assert (q2.count_submitted, q2.count_accepted, q2.count_draft) == (1, 1, 0)
    q2 = review.period_overview(user=user_with_role(Role.REVIEWER, province.root)).get(
        pk=setup.q2.pk
    )
    assert (q2.count_submitted, q2.count_accepted) == (3, 1)
