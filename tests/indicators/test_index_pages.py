from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import ExternalFigure, IndexNode, IndexResult, Indicator
from indicators.services import external_figure_save, framework_import
from tests.conftest import signed_in
from tests.factories import IndicatorFactory, user_with_role
from tests.indicators.framework_yaml import EDITION_2022, EDITION_2023
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(province):
    return user_with_role(Role.REVIEWER, province.root)


@pytest.fixture
def editions():
    IndicatorFactory(code="ONLINE", name="Dịch vụ công trực tuyến", kind=Indicator.Kind.AMOUNT)
    IndicatorFactory(code="SURVEY", kind=Indicator.Kind.AMOUNT)
    return [framework_import(data=EDITION_2022), framework_import(data=EDITION_2023)]


def test_the_province_page_shows_each_edition_and_where_the_framework_changed(
    province, officer, editions
) -> None:
    response = signed_in(officer).get(reverse("indicators:index_province", args=["VP"]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "2022" in text and "Bộ chỉ số thay đổi từ năm này" in text


def test_the_edition_page_explains_each_score_beside_the_published_one(
    province, officer, editions
) -> None:
    external_figure_save(
        province=province.root, indicator=Indicator.objects.get(code="ONLINE"), year=2022,
        value=Decimal(40), source_document="Báo cáo", source_date=datetime.date(2023, 1, 1),
        by=officer,
    )  # fmt: skip
    url = reverse("indicators:index_edition", args=["VP", editions[0].pk])
    text = signed_in(officer).get(url).content.decode()
    assert "Chỉ số Dịch vụ công trực tuyến = 40 đạt 50% của 30 điểm: 15 điểm." in text
    assert "Chưa được cán bộ chấm điểm" in text


def test_an_officer_enters_a_published_rank_with_its_source(province, officer) -> None:
    rank = IndicatorFactory(code="DTI_RANK", kind=Indicator.Kind.RANK, higher_is_better=False)
    response = signed_in(officer).post(
        reverse("indicators:figure_new", args=["VP"]),
        {"indicator": rank.pk, "year": 2023, "value": "18", "source_document": "QĐ 1/QĐ-BTTTT",
         "source_date": "2024-06-01", "source_url": "https://dti.gov.vn"},
    )  # fmt: skip
    assert response.status_code == 302
    figure = ExternalFigure.objects.get()
    assert (figure.value, figure.source_document, figure.entered_by) == (
        18,
        "QĐ 1/QĐ-BTTTT",
        officer,
    )


def test_a_rank_without_its_source_is_refused_with_nothing_saved(province, officer) -> None:
    rank = IndicatorFactory(kind=Indicator.Kind.RANK, higher_is_better=False)
    response = signed_in(officer).post(
        reverse("indicators:figure_new", args=["VP"]),
        {"indicator": rank.pk, "year": 2023, "value": "0", "source_document": "Báo cáo",
         "source_date": "2024-06-01"},
    )  # fmt: skip
    assert response.status_code == 400 and "Thứ hạng phải là số nguyên" in response.content.decode()
    assert not ExternalFigure.objects.exists()


def test_an_officer_enters_a_published_pillar_score(province, officer, editions) -> None:
    pillar = IndexNode.objects.get(edition=editions[1], code="P2")
    response = signed_in(officer).post(
        reverse("indicators:result_new", args=["VP", editions[1].pk]),
        {"node": pillar.pk, "score": "41.5", "rank": "12", "source_document": "Báo cáo DTI 2023",
         "source_date": "2024-06-01"},
    )  # fmt: skip
    assert response.status_code == 302
    assert IndexResult.objects.get().score == Decimal("41.5")


def test_a_leader_reads_the_page_but_cannot_enter_figures(province, parent_user) -> None:
    client = signed_in(parent_user)
    assert client.get(reverse("indicators:index_province", args=["VP"])).status_code == 200
    assert client.get(reverse("indicators:figure_new", args=["VP"])).status_code == 403


def test_another_provinces_officer_and_a_unit_are_refused(province, outsider, unit_user) -> None:
    page = reverse("indicators:index_province", args=["VP"])
    # Another province reads like a missing one (the one province scope); a unit's own
    # province, without the role, is refused.
    assert signed_in(outsider).get(page).status_code == 404
    assert signed_in(unit_user).get(page).status_code == 403
    district = reverse("indicators:index_province", args=[province.district.code])
    assert signed_in(outsider).get(district).status_code == 404


def test_the_index_pages_only_answer_get(province, officer, editions) -> None:
    client = signed_in(officer)
    assert client.post(reverse("indicators:index_province", args=["VP"])).status_code == 405
    edition = reverse("indicators:index_edition", args=["VP", editions[0].pk])
    assert client.post(edition).status_code == 405


def test_the_catalogue_leads_officers_and_leaders_to_their_provinces_index_page(
    province, officer, parent_user, unit_user
) -> None:
    link = reverse("indicators:index_province", args=["VP"])
    for user in (officer, parent_user):
        assert link in signed_in(user).get(reverse("indicators:list")).content.decode()
    assert link not in signed_in(unit_user).get(reverse("indicators:list")).content.decode()


def test_an_officer_scores_a_criterion_with_its_evidence(province, officer, editions) -> None:
    criterion = IndexNode.objects.get(edition=editions[0], code="C2")
    url = reverse("indicators:criterion_new", args=["VP", editions[0].pk])
    client = signed_in(officer)
    refused = client.post(url, {"node": criterion.pk, "score": "31", "evidence": "Biên bản"})
    assert refused.status_code == 400 and "Điểm phải từ 0 đến 30" in refused.content.decode()
    measured = IndexNode.objects.get(edition=editions[0], code="C1")  # scored from ONLINE
    assert client.post(url, {"node": measured.pk, "score": "1", "evidence": "x"}).status_code == 400
    response = client.post(url, {"node": criterion.pk, "score": "24", "evidence": "Biên bản"})
    assert response.status_code == 302
    edition_page = client.get(reverse("indicators:index_edition", args=["VP", editions[0].pk]))
    assert "Cán bộ chấm 24/30 điểm theo minh chứng." in edition_page.content.decode()
