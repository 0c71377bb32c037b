"""The public page of published figures: no login, exactly the published figures, nothing
unpublished reachable, cached per publication, in Vietnamese or English."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from reports.compliance.services import compliance_recompute
from reports.publications.api import PublicThrottle
from reports.publications.models import Publication
from reports.publications.services import publication_publish, publication_withdraw
from reports.submissions.services import submission_accept
from tests.conftest import Province, make_province
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from units.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


@pytest.fixture
def officer(province: Province) -> User:
    return user_with_role(Role.REVIEWER, province.root)


@pytest.fixture
def published(dash: Dashboard, officer: User) -> Publication:
    return publication_publish(by=officer, directive=dash.directive, period=dash.period)


def page_url(publication: Publication) -> str:
    return reverse("reports:public_publication", args=[publication.province.code, publication.pk])


def test_an_anonymous_visitor_sees_the_published_values_and_verdicts(
    published: Publication,
) -> None:
    response = Client().get(page_url(published))
    assert response.status_code == 200
    html = response.content.decode()
    assert "87,50" in html and "75,00" in html and "10,00" in html  # the province's values
    assert html.count("Không đạt") == 2 and "Chưa đến hạn" in html
    assert "5 báo cáo đã được chấp nhận" in html
    index = Client().get(reverse("reports:public_index", args=[published.province.code]))
    assert page_url(published) in index.content.decode()


def test_the_page_keeps_the_figures_as_published_after_they_change(
    published: Publication, dash: Dashboard, province: Province
) -> None:
    pending = dash.submissions[province.other_commune.code]
    submission_accept(submission=pending, by=user_with_role(Role.REVIEWER, province.root))
    compliance_recompute(directive=dash.directive, period=dash.period)
    cache.clear()
    html = Client().get(page_url(published)).content.decode()
    assert "10,00" in html and "30,00" not in html  # communes as published, not restated


def test_a_withdrawn_publication_is_a_404_even_once_cached(
    published: Publication, officer: User
) -> None:
    assert Client().get(page_url(published)).status_code == 200
    publication_withdraw(by=officer, publication=published, reason="Sai số liệu")
    assert Client().get(page_url(published)).status_code == 404
    for fmt in ("csv", "json", "sdmx.csv"):
        url = reverse("reports:public_download", args=["VP", published.pk, fmt])
        assert Client().get(url).status_code == 404
    index = Client().get(reverse("reports:public_index", args=["VP"])).content.decode()
    assert page_url(published) not in index


def test_nothing_unpublished_is_reachable(dash: Dashboard, published: Publication) -> None:
    client = Client()
    assert client.get(reverse("reports:public_publication", args=["VP", 999999])).status_code == 404
    assert client.get(reverse("reports:public_index", args=["VP-VINHYEN"])).status_code == 404
    assert client.get(reverse("reports:public_index", args=["NOPE"])).status_code == 404
    other = make_province("BT", "Bình Thuận")
    elsewhere = reverse("reports:public_publication", args=[other.root.code, published.pk])
    assert client.get(elsewhere).status_code == 404
    unknown_format = reverse("reports:public_download", args=["VP", published.pk, "xml"])
    assert client.get(unknown_format).status_code == 404
    # The logged-in pages behind the same figures stay behind the login.
    dashboard = reverse("reports:dashboard_targets", args=[dash.directive.pk])
    assert client.get(dashboard).status_code in (302, 404)


def test_the_public_api_gives_the_same_published_figures(published: Publication) -> None:
    body = Client().get("/api/v1/public/publications/", {"province": "VP"}).json()
    assert [row["id"] for row in body] == [published.pk]
    assert body[0]["targets"] == published.document["targets"]
    assert "published_by" not in body[0]


def test_an_english_link_is_shareable(published: Publication) -> None:
    html = Client().get(page_url(published) + "?lang=en").content.decode()
    assert 'lang="en"' in html and "Results by target" in html
    vietnamese = Client().get(page_url(published)).content.decode()
    assert 'lang="vi"' in vietnamese and "Kết quả theo chỉ tiêu" in vietnamese


def test_the_body_is_served_from_the_cache_per_publication(
    published: Publication, django_assert_max_num_queries
) -> None:
    Client().get(page_url(published))
    with django_assert_max_num_queries(3):
        response = Client().get(page_url(published))
    assert response.status_code == 200


def test_new_markup_is_served_at_once_not_the_body_cached_before_the_deployment(
    published: Publication, monkeypatch
) -> None:
    from reports.publications import views

    version = views._markup_version()
    key = f"public-publication:{published.pk}:v{published.version}:vi:{version}"
    cache.set(key, "<p>THÂN TRANG CŨ</p>")
    assert "THÂN TRANG CŨ" in Client().get(page_url(published)).content.decode()
    monkeypatch.setattr(views, "_markup_version", lambda: "a-new-release")
    fresh = Client().get(page_url(published)).content.decode()
    assert "THÂN TRANG CŨ" not in fresh and "Kết quả theo chỉ tiêu" in fresh


def test_a_visitor_asking_too_often_is_refused(published: Publication, monkeypatch) -> None:
    monkeypatch.setitem(PublicThrottle.THROTTLE_RATES, "public", "2/minute")
    cache.clear()
    answers = [Client().get(page_url(published)).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    api = Client().get("/api/v1/public/publications/", {"province": "VP"})
    assert api.status_code == 429
