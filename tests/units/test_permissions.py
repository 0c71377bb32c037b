from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from reports.periods.models import Period
from reports.submissions.models import Submission
from tests.conftest import Province
from tests.factories import DirectiveFactory, SubmissionFactory, UserFactory, user_with_role
from units.models import Role
from units.permissions import Action, allowed, require, visible_units

pytestmark = pytest.mark.django_db


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_a_reporter_sees_only_their_own_unit(province: Province, unit_user) -> None:
    assert codes(visible_units(unit_user)) == {"VP-VINHYEN"}


def test_a_leader_sees_their_whole_subtree(province: Province) -> None:
    district_leader = user_with_role(Role.LEADER, province.district)
    assert codes(visible_units(district_leader)) == {"VP-VINHYEN", "VP-VINHYEN-LIENBAO"}


def test_a_provincial_leader_sees_the_province_but_not_another(
    province: Province, parent_user, outsider
) -> None:
    seen = codes(visible_units(parent_user))
    assert "VP-TAMDAO-HOPCHAU" in seen and not any(code.startswith("BT") for code in seen)


def test_the_subtree_is_read_in_one_query(
    province: Province, parent_user, django_assert_num_queries
) -> None:
    parent_user = type(parent_user).objects.get(pk=parent_user.pk)
    with django_assert_num_queries(2):  # the memberships, then the units
        assert len(list(visible_units(parent_user))) == 7


def test_superusers_see_everything_and_strangers_nothing(province: Province, outsider) -> None:
    assert visible_units(UserFactory(is_superuser=True)).count() == 14
    assert visible_units(UserFactory()).count() == 0
    assert visible_units(AnonymousUser()).count() == 0


def make_submission(province: Province, **kwargs: Any) -> Submission:
    directive = DirectiveFactory(report_to=province.dic)
    return SubmissionFactory(unit=province.district, directive=directive, **kwargs)


@pytest.mark.parametrize(
    ("role", "on", "view", "edit", "submit", "review"),
    [
        (Role.REPORTER, "district", True, True, False, False),
        (Role.UNIT_HEAD, "district", True, True, True, False),
        (Role.REVIEWER, "root", True, False, False, True),
        (Role.LEADER, "root", True, False, False, False),
        (Role.LEADER, "district", True, False, False, False),
        (Role.ADMIN, "root", True, False, False, True),
        (Role.REPORTER, "commune", False, False, False, False),
        (Role.UNIT_HEAD, "other_district", False, False, False, False),
        (Role.REVIEWER, "other_district", False, False, False, False),
    ],
)
def test_submission_rights_by_role(
    province: Province, role, on, view, edit, submit, review
) -> None:
    submission = make_submission(province)
    user = user_with_role(role, getattr(province, on))
    assert allowed(user, Action.SUBMISSION_VIEW, submission) is view
    assert allowed(user, Action.SUBMISSION_EDIT, submission) is edit
    assert allowed(user, Action.SUBMISSION_SUBMIT, submission) is submit
    assert allowed(user, Action.SUBMISSION_REVIEW, submission) is review


def test_nobody_edits_an_accepted_report_or_one_in_a_closed_period(province: Province) -> None:
    head = user_with_role(Role.UNIT_HEAD, province.district)
    accepted = make_submission(
        province,
        status="accepted",
        submitted_at="2016-03-10T00:00Z",
        is_late=False,
        reviewed_at="2016-03-12T00:00Z",
    )
    assert not allowed(head, Action.SUBMISSION_EDIT, accepted)
    draft = make_submission(province)
    Period.objects.filter(pk=draft.period_id).update(status="closed")
    draft.refresh_from_db()
    assert not allowed(head, Action.SUBMISSION_EDIT, draft)


def test_directives_are_seen_within_their_province_and_managed_by_its_reviewers(
    province: Province, outsider
) -> None:
    directive = DirectiveFactory(report_to=province.dic)
    reviewer = user_with_role(Role.REVIEWER, province.root)
    reporter = user_with_role(Role.REPORTER, province.commune)
    assert allowed(reporter, Action.DIRECTIVE_VIEW, directive)
    assert not allowed(outsider, Action.DIRECTIVE_VIEW, directive)
    assert allowed(reviewer, Action.DIRECTIVE_MANAGE, directive)
    assert not allowed(reporter, Action.DIRECTIVE_MANAGE, directive)
    assert not allowed(
        user_with_role(Role.REVIEWER, province.district), Action.DIRECTIVE_MANAGE, directive
    )


def test_anonymous_and_inactive_users_may_do_nothing(province: Province) -> None:
    submission = make_submission(province)
    inactive = user_with_role(Role.ADMIN, province.root, is_active=False)
    for user in (AnonymousUser(), inactive):
        for action in Action:
            assert not allowed(user, action, submission)


def test_require_raises_permission_denied(province: Province, unit_user) -> None:
    with pytest.raises(PermissionDenied):
        require(unit_user, Action.PERIOD_MANAGE)
    require(user_with_role(Role.REVIEWER, province.root), Action.PERIOD_MANAGE)


def test_only_province_wide_reviewers_and_admins_manage_the_shared_periods(
    province: Province,
) -> None:
    assert allowed(user_with_role(Role.REVIEWER, province.root), Action.PERIOD_MANAGE)
    assert allowed(user_with_role(Role.ADMIN, province.root), Action.PERIOD_MANAGE)
    assert not allowed(user_with_role(Role.REVIEWER, province.district), Action.PERIOD_MANAGE)
    assert not allowed(user_with_role(Role.LEADER, province.root), Action.PERIOD_MANAGE)


def test_any_reviewer_has_a_review_queue_but_leaders_and_reporters_do_not(
    province: Province,
) -> None:
    assert allowed(user_with_role(Role.REVIEWER, province.district), Action.REVIEW)
    assert not allowed(user_with_role(Role.LEADER, province.root), Action.REVIEW)
    assert not allowed(user_with_role(Role.UNIT_HEAD, province.district), Action.REVIEW)
