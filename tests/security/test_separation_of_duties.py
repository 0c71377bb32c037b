"""Separation of duties: who sent a report does not accept it, not even a superuser, unless the
deployment allows it for one-person units (CHITIEU_ALLOW_SELF_ACCEPT)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from config.errors import DomainError
from reports.models import Submission
from reports.submissions.services import submission_accept, submission_return
from tests.conftest import Province, signed_in
from tests.factories import UserFactory, user_with_role
from tests.reports.submissions.reporting_fixtures import sent_report
from units.models import Membership, Role
from units.permissions import Action, allowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def both_hats(province: Province):
    """The head of a unit who is also a reviewer over it."""
    user = user_with_role(Role.UNIT_HEAD, province.district)
    Membership.objects.create(user=user, unit=province.root, role=Role.REVIEWER)
    return user


def test_the_service_refuses_the_submitter_as_the_accepter_even_a_superuser(
    province: Province, superuser
) -> None:
    submission = sent_report(province, by=superuser)
    with pytest.raises(DomainError, match="người khác"):
        submission_accept(submission=submission, by=superuser)
    assert Submission.objects.get(pk=submission.pk).status == "submitted"


def test_another_reviewer_accepts_it(province: Province, superuser) -> None:
    submission = sent_report(province, by=superuser)
    reviewer = user_with_role(Role.REVIEWER, province.root)
    assert submission_accept(submission=submission, by=reviewer).status == "accepted"


def test_the_submitter_may_still_return_their_own_report(province: Province, both_hats) -> None:
    submission = sent_report(province, by=both_hats)
    returned = submission_return(submission=submission, comment="Tôi cần sửa", by=both_hats)
    assert returned.status == "returned"


def test_the_accept_button_is_hidden_from_the_submitter(province: Province, both_hats) -> None:
    submission = sent_report(province, by=both_hats)
    assert allowed(both_hats, Action.SUBMISSION_REVIEW, submission)
    assert not allowed(both_hats, Action.SUBMISSION_ACCEPT, submission)
    page = signed_in(both_hats).get(reverse("reports:review", args=[submission.pk]))
    html = page.content.decode()
    assert reverse("reports:accept", args=[submission.pk]) not in html
    assert reverse("reports:return", args=[submission.pk]) in html


def test_the_web_form_and_the_api_refuse_the_submitter_with_a_message(
    province: Province, both_hats
) -> None:
    submission = sent_report(province, by=both_hats)
    page = signed_in(both_hats).post(reverse("reports:accept", args=[submission.pk]), follow=True)
    assert "người khác" in page.content.decode()
    api = APIClient()
    api.force_authenticate(both_hats)
    answer = api.post(f"/api/v1/submissions/{submission.pk}/accept/", format="json")
    assert answer.status_code == 400 and "người khác" in answer.json()["detail"]
    assert Submission.objects.get(pk=submission.pk).status == "submitted"


def test_a_deployment_may_allow_self_acceptance_for_one_person_units(
    province: Province, both_hats, settings
) -> None:
    settings.CHITIEU_ALLOW_SELF_ACCEPT = True
    submission = sent_report(province, by=both_hats)
    assert allowed(both_hats, Action.SUBMISSION_ACCEPT, submission)
    assert submission_accept(submission=submission, by=both_hats).status == "accepted"
