"""The one-row forms of the scope rules agree with the querysets they stand in for: the
dashboards' area choices use `visible_among` instead of `visible_units`, and a directive opened
by id uses `directive_seen_or_404` instead of `directive_list`, and `directive_list` climbs
from the directives' units instead of using `in_provinces` (all faster: they climb from the
rows in hand instead of listing the subtrees the user sees)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from directives.models import Directive
from directives.selectors import directive_list, directive_seen_or_404
from reports.submissions.models import Submission
from reports.submissions.selectors import submission_seen
from tests.conftest import make_province
from tests.factories import (
    DirectiveFactory,
    PeriodFactory,
    SubmissionFactory,
    UserFactory,
    user_with_role,
)
from units.models import Role, Unit, User
from units.permissions import (
    Action,
    _above,
    allowed,
    depths_of,
    in_provinces,
    in_subtree_of,
    roots_of,
    visible_among,
    visible_units,
)
from units.services import unit_abolish, units_merge

pytestmark = pytest.mark.django_db


def _portal() -> list[User]:
    """Three provinces, the first abolished into the second, and one account of each role on
    the units of each kind; a superuser and an account without a role."""
    old, new, other = (make_province(code, name) for code, name in
                       [("VP", "Vĩnh Phúc"), ("PT", "Phú Thọ"), ("LD", "Lâm Đồng")])  # fmt: skip
    on, law = dt.date(2025, 7, 1), "202/2025/QH15"
    units_merge(
        units=[old.dic, new.dic], into=new.dic, effective_on=on, legal_document=law, by=None
    )
    unit_abolish(unit=old.root, successor=new.root, effective_on=on, legal_document=law, by=None)
    for province in (old, new, other):
        DirectiveFactory(report_to=province.root)
        DirectiveFactory(report_to=province.district)
    users = [UserFactory(is_superuser=True), UserFactory()]
    for province in (new, other):
        for unit in (province.root, province.dic, province.district, province.commune):
            users += [user_with_role(role, unit) for role in Role.values]
    return users


def test_visible_among_is_visible_units_for_the_rows_in_hand():
    users = _portal()
    every = set(Unit.objects.values_list("pk", flat=True))
    roots = roots_of(every)
    for user in users:
        user = User.objects.get(pk=user.pk)
        expected = set(visible_units(user).values_list("pk", flat=True))
        seen = visible_among(user, every)
        assert set(seen) == expected, user
        assert all(roots[pk] == root for pk, root in seen.items())


def test_a_directive_opened_by_id_is_one_of_the_users_directive_list():
    users = _portal()
    ids = list(Directive.objects.values_list("pk", flat=True))
    for user in users:
        user = User.objects.get(pk=user.pk)
        listed = set(directive_list(user=user).values_list("pk", flat=True))
        assert listed or not user.memberships.exists()  # every role reads its province's
        # The list climbs from the directives' units; the province scope walks down its units.
        walked = in_provinces(Directive.objects.all(), user).values_list("pk", flat=True)
        assert listed == set(walked), user
        for directive_pk in [*ids, max(ids) + 1]:
            try:
                directive_seen_or_404(user=user, pk=directive_pk)
            except Http404:
                assert directive_pk not in listed, (user, directive_pk)
            else:
                assert directive_pk in listed, (user, directive_pk)


def test_a_report_opened_by_id_is_one_of_the_reports_in_the_users_provinces():
    users = _portal()
    period = PeriodFactory()
    for directive in Directive.objects.select_related("report_to"):
        SubmissionFactory(unit=directive.report_to, directive=directive, period=period)
    ids = list(Submission.objects.values_list("pk", flat=True))
    for user in users:
        user = User.objects.get(pk=user.pk)
        scoped = set(in_provinces(Submission.objects.all(), user).values_list("pk", flat=True))
        for pk in [*ids, max(ids) + 1]:
            seen = submission_seen(user=user, pk=pk)
            # The province rule on the row agrees with the walk; the role rules narrow it.
            if seen is not None:
                assert pk in scoped and allowed(user, Action.SUBMISSION_VIEW, seen), (user, pk)
            elif pk in scoped:
                submission = Submission.objects.get(pk=pk)
                assert not allowed(user, Action.SUBMISSION_VIEW, submission), (user, pk)


def test_the_walks_up_and_down_the_tree_agree_with_the_tree_fields():
    _portal()
    units = list(Unit.objects.with_tree_fields())
    every = {u.pk for u in units}
    assert depths_of(every) == {u.pk: u.tree_depth for u in units}
    for unit in units:
        below = set(Unit.objects.filter(in_subtree_of(unit.pk)).values_list("pk", flat=True))
        assert below == {u.pk for u in units if unit.pk in u.tree_path}, unit
        for include_self in (False, True):
            above = set(
                Unit.objects.filter(_above(unit.pk, include_self=include_self)).values_list(
                    "pk", flat=True
                )
            )
            expected = Unit.objects.ancestors(unit, include_self=include_self)
            assert above == set(expected.values_list("pk", flat=True)), unit
