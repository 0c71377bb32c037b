"""Exports in the change log: asking for an export (page or API) and downloading its file are
recorded with who, when, from which address and which file, under the export's directive."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from reports.exports.models import Export
from reports.exports.services import download_name, export_build, export_request
from tests.conftest import Province
from tests.factories import api_token, user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from units.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


@pytest.fixture
def officer(province: Province) -> User:
    return user_with_role(Role.REVIEWER, province.root, full_name="Phạm Thị Kết")


def _export_entries() -> list[LogEntry]:
    return list(LogEntry.objects.filter(content_type__model="export").order_by("timestamp", "pk"))


def test_asking_for_an_export_and_downloading_it_on_the_pages_are_recorded(
    dash: Dashboard, officer: User, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    client.force_login(officer)
    form = {"directive": dash.directive.pk, "period": dash.period.pk, "unit": "", "format": "pdf"}
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("reports:exports"), form, REMOTE_ADDR="10.3.0.1")
    assert asked.status_code == 302
    export = Export.objects.get(status=Export.Status.DONE)
    name = download_name(export)
    [requested] = _export_entries()
    assert (requested.action, requested.actor, requested.remote_addr) == (
        LogEntry.Action.CREATE, officer, "10.3.0.1",
    )  # fmt: skip
    assert requested.changes_dict == {"export": [None, name]}

    url = reverse("reports:export_download", args=[export.pk])
    assert client.get(url, REMOTE_ADDR="10.3.0.2").status_code == 200
    assert client.get(url, REMOTE_ADDR="10.3.0.3").status_code == 200  # each download counts
    downloads = _export_entries()[1:]
    assert [(e.action, e.actor, e.remote_addr, e.object_id) for e in downloads] == [
        (LogEntry.Action.ACCESS, officer, "10.3.0.2", export.pk),
        (LogEntry.Action.ACCESS, officer, "10.3.0.3", export.pk),
    ]
    assert all(e.changes_dict == {"export": [None, name]} for e in downloads)

    # The directive's change log shows them, with the file's name.
    page = client.get(reverse("directives:history", args=[dash.directive.pk])).content.decode()
    assert "Phạm Thị Kết" in page and "10.3.0.2" in page
    assert page.count(f"<td>{name}</td>") == 3
    assert page.count(">Tải về</td>") >= 2


def test_a_refused_download_is_not_recorded(
    dash: Dashboard, officer: User, province: Province, outsider: User
) -> None:
    export = export_build(
        export=export_request(
            by=officer, directive=dash.directive, period=dash.period, format="xlsx"
        )
    )
    client = Client()
    client.force_login(outsider)
    assert client.get(reverse("reports:export_download", args=[export.pk])).status_code == 404
    assert [e.action for e in _export_entries()] == [LogEntry.Action.CREATE]


def test_asking_and_downloading_through_the_api_with_a_token_are_recorded(
    dash: Dashboard, officer: User, django_capture_on_commit_callbacks
) -> None:
    script = APIClient(REMOTE_ADDR="10.3.1.1")
    script.credentials(HTTP_AUTHORIZATION=f"Token {api_token(officer)}")
    body = {"format": "xlsx", "period": dash.period.pk, "directive": dash.directive.pk}
    with django_capture_on_commit_callbacks(execute=True):
        asked = script.post("/api/v1/exports/", body, format="json")
    assert asked.status_code == 202
    export_id = asked.json()["id"]
    download = script.get(f"/api/v1/exports/{export_id}/download/")
    assert download.status_code == 200
    b"".join(download.streaming_content)
    name = download_name(Export.objects.get(pk=export_id))
    assert [
        (e.action, e.actor, e.remote_addr, e.object_id, e.changes_dict["export"][1])
        for e in _export_entries()
    ] == [
        (LogEntry.Action.CREATE, officer, "10.3.1.1", export_id, name),
        (LogEntry.Action.ACCESS, officer, "10.3.1.1", export_id, name),
    ]
