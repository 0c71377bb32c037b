"""Publishing a directive's official figures for a period, and withdrawing them: a frozen copy
of what the compliance API shows, by the province's DIC officers only, in the change log."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from config.errors import DomainError
from reports.compliance.services import compliance_recompute
from reports.publications.documents import official_figures
from reports.publications.models import FeedEntry, Publication
from reports.publications.services import publication_publish, publication_withdraw
from reports.submissions.services import submission_accept
from tests.conftest import Province, make_province
from tests.factories import PeriodFactory, user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from units.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


@pytest.fixture
def officer(province: Province) -> User:
    return user_with_role(Role.REVIEWER, province.root)


def client_of(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_published_targets_equal_the_compliance_apis_official_figures(
    dash: Dashboard, officer: User
) -> None:
    client = client_of(officer)
    query = {"directive": dash.directive.pk, "period": dash.period.pk}
    official = client.get("/api/v1/dashboard/compliance/", query).json()
    response = client.post("/api/v1/publications/", query, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["targets"] == official["targets"]
    assert body["completeness"] == official["completeness"]
    assert (body["basis"], body["structure"], body["version"]) == ("official", "historic", 1)
    statuses = sorted(t["status"] for t in body["targets"])
    assert statuses == ["met", "missed", "missed", "on_track"]


def test_the_snapshot_stays_as_published_when_the_figures_are_recomputed(
    dash: Dashboard, officer: User, province: Province
) -> None:
    publication = publication_publish(by=officer, directive=dash.directive, period=dash.period)
    before = publication.document
    pending = dash.submissions[province.other_commune.code]
    submission_accept(submission=pending, by=user_with_role(Role.REVIEWER, province.root))
    compliance_recompute(directive=dash.directive, period=dash.period)
    publication.refresh_from_db()
    assert publication.document == before
    assert (
        official_figures(directive=dash.directive, period=dash.period, province=province.root)[
            "targets"
        ]
        != before["targets"]
    )  # the live figures did move


def test_the_document_holds_nothing_personal(dash: Dashboard, officer: User) -> None:
    publication = publication_publish(by=officer, directive=dash.directive, period=dash.period)
    text = str(publication.document)
    for personal in (officer.username, officer.full_name or "\x00", "note", "evidence",
                     "difficult", "submitted_by"):  # fmt: skip
        assert personal not in text


def test_a_district_reviewer_cannot_publish(dash: Dashboard, province: Province) -> None:
    district_reviewer = user_with_role(Role.REVIEWER, province.district)
    with pytest.raises(PermissionDenied):
        publication_publish(by=district_reviewer, directive=dash.directive, period=dash.period)
    response = client_of(district_reviewer).post(
        "/api/v1/publications/",
        {"directive": dash.directive.pk, "period": dash.period.pk},
        format="json",
    )
    assert response.status_code == 403
    assert not Publication.objects.exists()


def test_another_provinces_officer_cannot_publish_and_learns_nothing(dash: Dashboard) -> None:
    other = make_province("BT", "Bình Thuận")
    response = client_of(user_with_role(Role.REVIEWER, other.root)).post(
        "/api/v1/publications/",
        {"directive": dash.directive.pk, "period": dash.period.pk},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["directive"]  # answered like a directive that does not exist
    assert not Publication.objects.exists()


def test_a_period_without_official_figures_cannot_be_published(
    dash: Dashboard, officer: User
) -> None:
    empty = PeriodFactory(year=2030, number=1)
    with pytest.raises(DomainError, match="chưa có số liệu chính thức"):
        publication_publish(by=officer, directive=dash.directive, period=empty)
    assert not FeedEntry.objects.exists()


def test_a_live_publication_is_not_published_twice(dash: Dashboard, officer: User) -> None:
    publication_publish(by=officer, directive=dash.directive, period=dash.period)
    with pytest.raises(DomainError, match="đã được công bố"):
        publication_publish(by=officer, directive=dash.directive, period=dash.period)
    assert Publication.objects.count() == 1


def test_a_withdrawal_needs_a_reason_and_is_logged(dash: Dashboard, officer: User) -> None:
    publication = publication_publish(by=officer, directive=dash.directive, period=dash.period)
    client = client_of(officer)
    refused = client.delete(
        f"/api/v1/publications/{publication.pk}/", {"reason": " "}, format="json"
    )
    assert refused.status_code == 400
    response = client.delete(
        f"/api/v1/publications/{publication.pk}/", {"reason": "Số liệu Tam Đảo sai"}, format="json"
    )
    assert response.status_code == 200, response.content
    publication.refresh_from_db()
    assert (publication.is_live, publication.withdraw_reason) == (False, "Số liệu Tam Đảo sai")
    logged = LogEntry.objects.get_for_object(publication).order_by("pk")
    assert [e.action for e in logged] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert logged[1].changes_dict["withdraw_reason"][1] == "Số liệu Tam Đảo sai"


def test_after_a_withdrawal_the_period_is_published_again_as_a_new_version(
    dash: Dashboard, officer: User
) -> None:
    first = publication_publish(by=officer, directive=dash.directive, period=dash.period)
    publication_withdraw(by=officer, publication=first, reason="Sửa số liệu")
    second = publication_publish(by=officer, directive=dash.directive, period=dash.period)
    assert second.version == 2
    kinds = list(FeedEntry.objects.values_list("kind", "publication__version"))
    assert kinds == [("published", 1), ("withdrawn", 1), ("published", 2)]
    keys = list(FeedEntry.objects.values_list("key", flat=True))
    assert len(set(keys)) == 3


def test_a_withdrawn_publication_cannot_be_withdrawn_again(dash: Dashboard, officer: User) -> None:
    publication = publication_publish(by=officer, directive=dash.directive, period=dash.period)
    publication_withdraw(by=officer, publication=publication, reason="Sai")
    with pytest.raises(DomainError, match="đã được rút"):
        publication_withdraw(by=officer, publication=publication, reason="Sai lần nữa")
    assert FeedEntry.objects.filter(kind="withdrawn").count() == 1
