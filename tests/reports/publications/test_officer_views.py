"""The officers' buttons: publish from the directive's dashboard, withdraw from the public page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.publications.models import Publication
from reports.publications.services import publication_publish
from tests.conftest import Province, signed_in
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


def test_an_officer_publishes_from_the_dashboard(dash: Dashboard, province: Province) -> None:
    client = signed_in(user_with_role(Role.REVIEWER, province.root))
    dashboard = reverse("reports:dashboard_targets", args=[dash.directive.pk])
    assert "Công bố số liệu chính thức kỳ này" in client.get(dashboard).content.decode()
    url = reverse("reports:publish", args=[dash.directive.pk])
    response = client.post(url, {"period": dash.period.pk})
    publication = Publication.objects.get()
    assert response["Location"] == reverse(
        "reports:public_publication", args=[province.root.code, publication.pk]
    )
    again = client.post(url, {"period": dash.period.pk}, follow=True)
    assert "đã được công bố" in again.content.decode()
    assert Publication.objects.count() == 1


def test_a_leader_sees_no_publish_button_and_is_refused(
    dash: Dashboard, province: Province
) -> None:
    client = signed_in(user_with_role(Role.LEADER, province.root))
    dashboard = reverse("reports:dashboard_targets", args=[dash.directive.pk])
    assert "Công bố số liệu chính thức" not in client.get(dashboard).content.decode()
    url = reverse("reports:publish", args=[dash.directive.pk])
    assert client.post(url, {"period": dash.period.pk}).status_code == 403
    assert not Publication.objects.exists()


def test_an_officer_withdraws_with_a_reason_from_the_public_page(
    dash: Dashboard, province: Province
) -> None:
    officer = user_with_role(Role.REVIEWER, province.root)
    publication = publication_publish(by=officer, directive=dash.directive, period=dash.period)
    client = signed_in(officer)
    page = reverse("reports:public_publication", args=[province.root.code, publication.pk])
    assert "Rút công bố" in client.get(page).content.decode()
    url = reverse("reports:withdraw", args=[publication.pk])
    refused = client.post(url, {"reason": ""}, follow=True)
    assert "Hãy ghi lý do" in refused.content.decode()
    client.post(url, {"reason": "Số liệu sai"})
    publication.refresh_from_db()
    assert publication.withdraw_reason == "Số liệu sai" and not publication.is_live
