"""Restated publishing: a province may publish a directive's figures restated onto today's
structure of units (after a merger), marked so on the public page and in the open data."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from config.errors import DomainError
from reports.publications.models import Publication
from reports.publications.services import publication_publish
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.restate_fixtures import Merger, abolish, build_merger
from units.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def merger(province: Province) -> Merger:
    merger = build_merger(province)
    abolish(province)  # Sở Nội vụ ends without a successor: its figures stay apart
    return merger


@pytest.fixture
def officer(province: Province) -> User:
    return user_with_role(Role.REVIEWER, province.root)


def api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_restated_figures_are_published_as_the_compliance_api_restates_them_today(
    merger: Merger, officer: User
) -> None:
    client = api(officer)
    query = {"directive": merger.directive.pk, "period": merger.period.pk}
    today = timezone.localdate().isoformat()
    restated = client.get("/api/v1/dashboard/compliance/", {**query, "structure": "current"})
    historic = client.get("/api/v1/dashboard/compliance/", query).json()
    response = client.post("/api/v1/publications/", {**query, "structure": "current"},
                           format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["structure"], body["restated_on"]) == ("current", today)
    assert body["targets"] == restated.json()["targets"] != historic["targets"]
    assert body["completeness"] == restated.json()["completeness"]


def test_the_public_page_and_the_list_mark_restated_figures_and_the_units_left_apart(
    merger: Merger, officer: User, province: Province
) -> None:
    publication = publication_publish(by=officer, directive=merger.directive,
                                      period=merger.period, structure="current")  # fmt: skip
    code = province.root.code
    page = Client().get(reverse("reports:public_publication", args=[code, publication.pk]))
    text = page.content.decode()
    on = timezone.localdate().strftime("%d/%m/%Y")
    assert f"quy đổi theo cơ cấu đơn vị ngày {on}" in text
    assert "tại thời điểm báo cáo" not in text
    assert "Không quy đổi được số liệu của: Sở Nội vụ" in text
    listing = Client().get(reverse("reports:public_index", args=[code])).content.decode()
    assert "quy đổi theo cơ cấu đơn vị hiện nay" in listing


def test_a_historic_publication_says_so_and_carries_no_restated_day(
    merger: Merger, officer: User, province: Province
) -> None:
    publication = publication_publish(by=officer, directive=merger.directive, period=merger.period)
    assert (publication.structure, publication.restated_on) == ("historic", None)
    page = Client().get(
        reverse("reports:public_publication", args=[province.root.code, publication.pk])
    )
    text = page.content.decode()
    assert "tại thời điểm báo cáo" in text and "restated-mark" not in text


def test_the_open_data_files_carry_the_structure_and_the_day_restated_onto(
    merger: Merger, officer: User, province: Province
) -> None:
    publication = publication_publish(by=officer, directive=merger.directive,
                                      period=merger.period, structure="current")  # fmt: skip
    today = timezone.localdate().isoformat()

    def download(fmt: str) -> str:
        url = reverse("reports:public_download", args=[province.root.code, publication.pk, fmt])
        return Client().get(url).content.decode("utf-8-sig")

    rows = list(csv.DictReader(io.StringIO(download("en.csv"))))
    assert {(r["structure"], r["restated_on"]) for r in rows} == {("current", today)}
    vietnamese = list(csv.DictReader(io.StringIO(download("csv"))))
    assert {r["Quy đổi theo cơ cấu ngày"] for r in vietnamese} == {today}
    sdmx = list(csv.DictReader(io.StringIO(download("sdmx.csv"))))
    assert {(r["STRUCTURE"], r["RESTATED_ON"]) for r in sdmx} == {("current", today)}
    document = json.loads(download("json"))
    assert (document["structure"], document["restated_on"]) == ("current", today)
    assert [u["unit"] for u in document["not_restated"]] == [province.home_affairs.code]


def test_an_unknown_structure_is_refused_and_nothing_is_published(
    merger: Merger, officer: User
) -> None:
    query = {"directive": merger.directive.pk, "period": merger.period.pk, "structure": "1990"}
    response = api(officer).post("/api/v1/publications/", query, format="json")
    assert response.status_code == 400 and "structure" in response.json()
    with pytest.raises(DomainError, match="historic hoặc current"):
        publication_publish(by=officer, directive=merger.directive, period=merger.period,
                            structure="1990")  # fmt: skip
    assert not Publication.objects.exists()


def test_the_officer_chooses_todays_structure_on_the_dashboards_publish_button(
    merger: Merger, officer: User
) -> None:
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("reports:dashboard_targets", args=[merger.directive.pk]),
                      {"period": merger.period.pk})  # fmt: skip
    assert '<option value="current">' in page.content.decode()
    answer = client.post(reverse("reports:publish", args=[merger.directive.pk]),
                         {"period": merger.period.pk, "structure": "current"})  # fmt: skip
    publication = Publication.objects.get()
    assert answer.status_code == 302 and answer.url.endswith(f"/{publication.pk}/")
    assert (publication.structure, publication.restated_on) == (
        "current", timezone.localdate().isoformat(),
    )  # fmt: skip
