"""A merged province's people read the history of what was merged into it, and act on none of it.

Vĩnh Phúc's departments merge into Phú Thọ's and the province itself is abolished into Phú Thọ on
1 July 2025 (unit-changes.md). From that day Phú Thọ's reviewers, leaders and admins read Vĩnh
Phúc's directives, reports and figures as their own history; a department's leader reads the
reports of the departments merged into his; nobody gains a right to change them, and a third
province sees nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from directives.models import Directive
from reports.periods.selectors import period_roots
from reports.submissions.models import Submission
from tests.conftest import Province, make_province, signed_in
from tests.factories import DirectiveFactory, PeriodFactory, sent, user_with_role
from units.models import Role, Unit, User
from units.permissions import (
    Action,
    allowed,
    exportable_units,
    grants_for,
    in_provinces,
    index_view_provinces,
    manageable_users,
    managed_units,
    member_root_ids,
    visible_units,
)
from units.selectors import province_profile_for_user
from units.services import unit_abolish, units_merge

pytestmark = pytest.mark.django_db

MERGER = dt.date(2025, 7, 1)
LAW = "202/2025/QH15"


@dataclass
class History:
    old: Province  # Vĩnh Phúc, abolished into Phú Thọ
    new: Province  # Phú Thọ
    other: Province  # Lâm Đồng, unrelated
    directive: Directive  # Vĩnh Phúc's, reporting to its (closed) root
    dic_report: Submission  # Vĩnh Phúc's DIC's, merged into Phú Thọ's
    home_affairs_report: Submission  # Vĩnh Phúc's home affairs, merged into Phú Thọ's


def _history(*, on: dt.date = MERGER) -> History:
    old = make_province("VP", "Vĩnh Phúc")
    new = make_province("PT", "Phú Thọ")
    other = make_province("LD", "Lâm Đồng")
    directive = DirectiveFactory(report_to=old.root, code="VP-CT-07-2016")
    period = PeriodFactory(year=2016, number=1)
    reports = [
        sent(
            directive=directive,
            period=period,
            unit=unit,
            status=Submission.Status.ACCEPTED,
            reviewed_at=timezone.now(),
        )
        for unit in (old.dic, old.home_affairs)
    ]
    units_merge(
        units=[old.dic, new.dic], into=new.dic, effective_on=on, legal_document=LAW, by=None
    )
    units_merge(
        units=[old.home_affairs, new.home_affairs],
        into=new.home_affairs,
        effective_on=on,
        legal_document=LAW,
        by=None,
    )
    unit_abolish(unit=old.root, successor=new.root, effective_on=on, legal_document=LAW, by=None)
    return History(old, new, other, directive, *reports)


def _fresh(user: User) -> User:
    """The same account as a new request sees it (grants are kept per request)."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.LEADER, Role.ADMIN])
def test_the_successor_provinces_officers_read_the_absorbed_provinces_history(role):
    history = _history()
    officer = user_with_role(role, history.new.root)

    assert allowed(officer, Action.DIRECTIVE_VIEW, history.directive)
    assert allowed(officer, Action.SUBMISSION_VIEW, history.dic_report)
    assert allowed(_fresh(officer), Action.UNIT_VIEW, history.old.root)
    assert history.old.root.pk in {u.pk for u in visible_units(_fresh(officer))}
    directives = in_provinces(Directive.objects.all(), _fresh(officer))
    assert history.directive in directives
    reports = in_provinces(Submission.objects.all(), _fresh(officer))
    assert set(reports) == {history.dic_report, history.home_affairs_report}
    assert allowed(_fresh(officer), Action.EXPORT, history.old.root)
    assert history.old.root in exportable_units(_fresh(officer))
    assert history.old.root in index_view_provinces(_fresh(officer))


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.LEADER, Role.ADMIN])
def test_reading_history_grants_no_right_to_change_it(role):
    history = _history()
    officer = user_with_role(role, history.new.root)
    history.dic_report.status = Submission.Status.SUBMITTED
    history.dic_report.save()

    for action, obj in [
        (Action.SUBMISSION_REVIEW, history.dic_report),
        (Action.SUBMISSION_ACCEPT, history.dic_report),
        (Action.SUBMISSION_EDIT, history.dic_report),
        (Action.DIRECTIVE_MANAGE, history.directive),
        (Action.UNITS_MANAGE, history.old.dic),
        (Action.AUDIT_VIEW if role == Role.LEADER else Action.PUBLISH, history.directive),
        (Action.EXTERNAL_FIGURE_ENTER, history.old.root),
    ]:
        assert not allowed(_fresh(officer), action, obj), action
    # Nor do the admin's lists of units and accounts, or the periods, reach the old province.
    assert history.old.root not in managed_units(_fresh(officer))
    assert period_roots(_fresh(officer)) <= {history.new.root.pk}
    old_staff = user_with_role(Role.REPORTER, history.old.dic)
    assert old_staff not in manageable_users(_fresh(officer))


def test_a_merged_departments_reports_are_read_by_todays_departments_leader_only():
    history = _history()
    leader = user_with_role(Role.LEADER, history.new.dic)

    assert allowed(leader, Action.SUBMISSION_VIEW, history.dic_report)
    assert allowed(_fresh(leader), Action.DIRECTIVE_VIEW, history.directive)
    assert not allowed(_fresh(leader), Action.SUBMISSION_VIEW, history.home_affairs_report)
    assert set(
        in_provinces(Submission.objects.all(), _fresh(leader)).filter(
            unit__in=visible_units(_fresh(leader))
        )
    ) == {history.dic_report}


def test_reporters_a_third_province_and_the_old_provinces_staff_gain_nothing():
    history = _history()
    reporter = user_with_role(Role.REPORTER, history.new.dic)
    stranger = user_with_role(Role.REVIEWER, history.other.root)
    old_officer = user_with_role(Role.REVIEWER, history.old.root)

    assert not allowed(reporter, Action.DIRECTIVE_VIEW, history.directive)
    assert not allowed(reporter, Action.SUBMISSION_VIEW, history.dic_report)
    assert not in_provinces(Submission.objects.all(), _fresh(reporter)).exists()
    assert not allowed(stranger, Action.DIRECTIVE_VIEW, history.directive)
    assert not in_provinces(Submission.objects.all(), _fresh(stranger)).exists()
    # Succession runs one way: the absorbed province's officers do not read the successor.
    assert not allowed(old_officer, Action.UNIT_VIEW, history.new.root)
    assert member_root_ids(_fresh(old_officer)) == {history.old.root.pk}


def test_nothing_is_inherited_before_the_change_takes_effect():
    with time_machine.travel(dt.datetime(2025, 5, 1, 9, tzinfo=dt.UTC), tick=False):
        history = _history(on=dt.date(2025, 7, 1))
        officer = user_with_role(Role.REVIEWER, history.new.root)
        assert not allowed(officer, Action.DIRECTIVE_VIEW, history.directive)
        assert not allowed(_fresh(officer), Action.SUBMISSION_VIEW, history.dic_report)
    with time_machine.travel(dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        assert allowed(_fresh(officer), Action.DIRECTIVE_VIEW, history.directive)


def test_the_header_stays_the_successor_province_and_grants_stay_one_query(
    django_assert_num_queries,
):
    history = _history()
    officer = user_with_role(Role.REVIEWER, history.new.root)
    # The absorbed province's root was created first: the header must not pick it.
    assert history.old.root.pk < history.new.root.pk
    assert province_profile_for_user(officer).root == history.new.root
    officer = _fresh(officer)
    with django_assert_num_queries(1):
        grants = grants_for(officer)
    assert grants.units(Role.REVIEWER) == {history.new.root.pk}
    # The old root and the two departments merged into the new province's (through it too).
    inherited = grants.read_units(Role.REVIEWER) - grants.units(Role.REVIEWER)
    assert history.old.root.pk in inherited
    assert Unit.objects.get(pk=history.old.root.pk).active is False


def test_the_pages_open_the_absorbed_provinces_history_to_the_successors_officer():
    history = _history()
    officer = signed_in(user_with_role(Role.REVIEWER, history.new.root))
    stranger = signed_in(user_with_role(Role.REVIEWER, history.other.root))

    listing = officer.get(reverse("directives:list"))
    assert "VP-CT-07-2016" in listing.content.decode()
    assert "VP-CT-07-2016" not in stranger.get(reverse("directives:list")).content.decode()
    for name, args in [
        ("directives:detail", [history.directive.pk]),
        ("reports:dashboard_targets", [history.directive.pk]),
        ("reports:dashboard_ranking", [history.directive.pk]),
        ("reports:review", [history.dic_report.pk]),
    ]:
        assert officer.get(reverse(name, args=args)).status_code == 200, name
        assert stranger.get(reverse(name, args=args)).status_code in {403, 404}, name
    # Reading it, not reviewing it: the decision's buttons are refused.
    history.dic_report.status = Submission.Status.SUBMITTED
    history.dic_report.save()
    answer = officer.post(reverse("reports:accept", args=[history.dic_report.pk]))
    assert answer.status_code in {403, 404}
    history.dic_report.refresh_from_db()
    assert history.dic_report.status == Submission.Status.SUBMITTED
