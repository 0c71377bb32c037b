"""The download centre's pages: ask, watch progress (htmx), download, retry; permissions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from reports.exports.models import Export
from reports.exports.services import export_build, export_request
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from units.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


@pytest.fixture
def officer(province: Province) -> User:
    return user_with_role(Role.REVIEWER, province.root, username="thamdinh")


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def made(dash: Dashboard, by: User, format: str = "pdf", **kwargs: Any) -> Export:
    export = export_request(
        by=by, directive=dash.directive, period=dash.period, format=format, **kwargs
    )
    return export_build(export=export)


def test_an_officer_asks_for_a_pdf_and_is_taken_to_its_progress(
    dash: Dashboard, officer: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(officer).post(reverse("reports:exports"), {
            "directive": dash.directive.pk, "period": dash.period.pk, "unit": "", "format": "pdf",
        })  # fmt: skip
    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:export_detail", args=[export.pk])
    assert (export.format, export.status, export.requested_by) == ("pdf", "done", officer)


def test_a_bad_request_is_answered_in_vietnamese_and_saves_nothing(
    dash: Dashboard, officer: User
) -> None:
    response = logged_in(officer).post(reverse("reports:exports"), {
        "directive": dash.directive.pk, "period": dash.period.pk, "unit": "KHONG-CO", "format": "xlsx",
    })  # fmt: skip
    assert response.status_code == 400
    assert (
        "Đơn vị này không có trong danh sách đơn vị bạn được kết xuất" in response.content.decode()
    )
    assert not Export.objects.exists()


def test_the_form_picks_a_unit_by_name_and_never_mentions_the_api(
    dash: Dashboard, province: Province, officer: User, django_capture_on_commit_callbacks
) -> None:
    page = logged_in(officer).get(reverse("reports:exports")).content.decode()
    start = page.index('<form method="post" action="/reports/exports/"')
    form = page[start : page.index("</form>", start)]
    assert "data-unit-picker" in form and "unit_picker.js" in page
    assert f'<option value="{province.district.code}">{province.district.name}</option>' in form
    assert "Mã đơn vị" not in form and "API" not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(officer).post(reverse("reports:exports"), {
            "directive": dash.directive.pk, "period": dash.period.pk,
            "unit": province.district.code, "format": "xlsx",
        })  # fmt: skip
    assert response.status_code == 302
    assert Export.objects.get().area == province.district


def test_the_progress_part_polls_while_running_and_stops_when_done(
    dash: Dashboard, officer: User
) -> None:
    export = export_request(by=officer, directive=dash.directive, period=dash.period, format="pdf")
    Export.objects.filter(pk=export.pk).update(status="running", progress=40)
    client = logged_in(officer)
    part = client.get(reverse("reports:export_status", args=[export.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in part and 'value="40"' in part
    export_build(export=export)
    part = client.get(reverse("reports:export_status", args=[export.pk])).content.decode()
    assert "hx-trigger" not in part
    assert reverse("reports:export_download", args=[export.pk]) in part


def test_a_failed_export_shows_why_and_offers_a_retry(dash: Dashboard, officer: User) -> None:
    export = export_request(by=officer, directive=dash.directive, period=dash.period, format="pdf")
    Export.objects.filter(pk=export.pk).update(status="failed", error="Máy chủ dừng giữa chừng")
    client = logged_in(officer)
    page = client.get(reverse("reports:export_detail", args=[export.pk])).content.decode()
    assert "Máy chủ dừng giữa chừng" in page and "Tạo lại" in page
    response = client.post(reverse("reports:export_retry", args=[export.pk]))
    again = Export.objects.exclude(pk=export.pk).get()
    assert response["Location"] == reverse("reports:export_detail", args=[again.pk])


def test_the_download_is_the_file_under_a_plain_name(dash: Dashboard, officer: User) -> None:
    export = made(dash, officer, "xlsx")
    response = logged_in(officer).get(reverse("reports:export_download", args=[export.pk]))
    assert response.status_code == 200
    assert 'filename="so-lieu-36a-kh-ubnd-quy-iv-nam-2016.xlsx"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_a_guessed_download_url_gives_others_nothing(
    dash: Dashboard, province: Province, officer: User, outsider: User, unit_user: User
) -> None:
    export = made(dash, officer)
    url = reverse("reports:export_download", args=[export.pk])
    district_leader = user_with_role(Role.LEADER, province.district)
    for user in (outsider, unit_user, district_leader):  # another province, a reporter, a district
        client = logged_in(user)
        assert client.get(url).status_code == 404
        assert client.get(reverse("reports:export_detail", args=[export.pk])).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
    # A provincial leader sees the whole province: they may download what an officer made.
    assert logged_in(user_with_role(Role.LEADER, province.root)).get(url).status_code == 200


def test_a_district_leaders_own_export_is_theirs_and_the_officers(
    dash: Dashboard, province: Province, officer: User
) -> None:
    district_leader = user_with_role(Role.LEADER, province.district)
    export = made(dash, district_leader)
    url = reverse("reports:export_download", args=[export.pk])
    assert logged_in(district_leader).get(url).status_code == 200
    assert logged_in(officer).get(url).status_code == 200


def test_an_unfinished_export_has_nothing_to_download(dash: Dashboard, officer: User) -> None:
    export = export_request(by=officer, directive=dash.directive, period=dash.period, format="pdf")
    url = reverse("reports:export_download", args=[export.pk])
    assert logged_in(officer).get(url).status_code == 404


def test_the_list_shows_who_made_each_file_in_a_fixed_number_of_queries(
    dash: Dashboard, province: Province, officer: User, django_assert_num_queries
) -> None:
    for format in ("pdf", "xlsx"):
        made(dash, officer, format)
        made(
            dash,
            user_with_role(Role.LEADER, province.district, username=f"lanhdao-{format}"),
            format,
        )
    client = logged_in(officer)
    # session, user, memberships, the user's provinces (exports, menu), unread notifications, directives
    # periods and units (form), count, page, the scopes' names on the files' days: as many
    # whatever the number of exports.
    with django_assert_num_queries(14):
        page = client.get(reverse("reports:exports")).content.decode()
    assert page.count("Tải về") == 4
    assert str(User.objects.get(username="lanhdao-pdf")) in page and str(officer) in page


def test_the_pages_are_for_exporters_only(unit_user: User) -> None:
    client = logged_in(unit_user)
    assert client.get(reverse("reports:exports")).status_code == 403
    assert "Kết xuất" not in client.get(reverse("reports:my_reports")).content.decode()


def test_methods_not_allowed(dash: Dashboard, officer: User) -> None:
    export = made(dash, officer)
    client = logged_in(officer)
    assert client.get(reverse("reports:export_retry", args=[export.pk])).status_code == 405
    assert client.post(reverse("reports:export_download", args=[export.pk])).status_code == 405
    assert client.delete(reverse("reports:exports")).status_code == 405
