"""Hand-computed scores of a province on the two editions of tests/indicators/framework_yaml.py.

2022 (P1 60 / P2 40 of 100): ONLINE 40 of 80 → C1 50 % of 30 = 15; C2 scored 20 of 30 by an
officer; P1 = 35. SURVEY 60 reaches the 50 % step → C3 50 % of 40 = 20 = P2. Total 55.
2023 (P1 40 / P2 60): ONLINE 80 → C1 100 % of 20 = 20; C2 scored 10 of 20; P1 = 30. SURVEY 70
still only reaches 50 % → C3 50 % of 60 = 30 = P2. Total 60.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from config.errors import DomainError
from indicators.models import IndexNode, Indicator
from indicators.scoring import criterion_share
from indicators.selectors import pillar_gaps
from indicators.services import (
    criterion_assess,
    external_figure_save,
    framework_import,
    index_result_save,
)
from reports.compliance.index_scores import edition_trend, province_assessment
from tests.factories import IndicatorFactory, user_with_role
from tests.indicators.framework_yaml import EDITION_2022, EDITION_2023
from units.models import Role

pytestmark = pytest.mark.django_db
PUBLISHED_ON = datetime.date(2023, 8, 1)


@pytest.fixture
def officer(province):
    return user_with_role(Role.REVIEWER, province.root)


@pytest.fixture
def editions(province, officer):
    online = IndicatorFactory(code="ONLINE", name="Hồ sơ trực tuyến", kind=Indicator.Kind.AMOUNT)
    survey = IndicatorFactory(code="SURVEY", kind=Indicator.Kind.AMOUNT)
    found = {2022: framework_import(data=EDITION_2022), 2023: framework_import(data=EDITION_2023)}
    for year, online_value, survey_value, c2 in ((2022, 40, 60, 20), (2023, 80, 70, 10)):
        for indicator, value in ((online, online_value), (survey, survey_value)):
            external_figure_save(
                province=province.root, indicator=indicator, year=year, value=Decimal(value),
                source_document="Báo cáo DTI", source_date=PUBLISHED_ON, by=officer,
            )  # fmt: skip
        criterion_assess(
            node=IndexNode.objects.get(edition=found[year], code="C2"), province=province.root,
            score=Decimal(c2), evidence="Biên bản kiểm tra", by=officer,
        )  # fmt: skip
    return found


def scores_of(node) -> dict[str, Decimal]:
    found = {node.code or "total": node.score}
    for child in node.children:
        found.update(scores_of(child))
    return found


def test_the_same_province_scores_differently_under_editions_with_other_weights(
    province, editions
) -> None:
    first = scores_of(province_assessment(editions[2022], province.root))
    second = scores_of(province_assessment(editions[2023], province.root))
    assert first == {"total": 55, "P1": 35, "P1.1": 35, "C1": 15, "C2": 20, "P2": 20,
                     "P2.1": 20, "C3": 20}  # fmt: skip
    assert second == {"total": 60, "P1": 30, "P1.1": 30, "C1": 20, "C2": 10, "P2": 30,
                      "P2.1": 30, "C3": 30}  # fmt: skip


def test_each_score_is_explained_with_the_points_lost(province, editions) -> None:
    total = province_assessment(editions[2022], province.root)
    c1, c2 = total.children[0].children[0].children
    assert "Chỉ số Hồ sơ trực tuyến = 40" in c1.explanation and "đạt 50%" in c1.explanation
    assert c1.lost == Decimal(15) and c2.lost == Decimal(10) and total.lost == Decimal(45)
    assert "minh chứng" in c2.explanation and total.complete


def test_a_criterion_without_its_figure_earns_nothing_and_says_so(province) -> None:
    IndicatorFactory(code="ONLINE", kind=Indicator.Kind.AMOUNT)
    IndicatorFactory(code="SURVEY", kind=Indicator.Kind.AMOUNT)
    total = province_assessment(framework_import(data=EDITION_2022), province.root)
    assert total.score == 0 and not total.complete
    assert "Chưa có số liệu" in total.children[1].children[0].children[0].explanation


def test_a_rank_scores_on_a_reversed_axis() -> None:
    linear = {"linear": {"from": "63", "to": "1"}}
    assert criterion_share(linear, Decimal(32), higher_is_better=False) == 50
    steps = {"thresholds": [["20", "50"], ["10", "100"]]}
    assert criterion_share(steps, Decimal(15), higher_is_better=False) == 50
    assert criterion_share(steps, Decimal(8), higher_is_better=False) == 100
    assert criterion_share(steps, Decimal(25), higher_is_better=False) == 0


def test_published_results_sit_beside_the_self_assessment_with_the_gap_per_pillar(
    province, editions, officer
) -> None:
    edition = editions[2023]
    pillar = IndexNode.objects.get(edition=edition, code="P1")
    index_result_save(
        edition=edition, province=province.root, node=pillar, score=Decimal("26.5"), rank=None,
        source_document="Quyết định công bố DTI 2023", source_date=PUBLISHED_ON, by=officer,
    )  # fmt: skip
    gaps = pillar_gaps(edition, province.root, province_assessment(edition, province.root))
    assert [(g.code, g.official_score, g.gap) for g in gaps] == [
        ("P1", Decimal("26.5"), Decimal("3.5")),
        ("P2", None, None),
    ]


def test_the_trend_marks_where_the_framework_changed_and_keeps_ranks(
    province, editions, officer
) -> None:
    for year, rank in ((2022, 30), (2023, 22)):
        index_result_save(
            edition=editions[year], province=province.root, node=None, score=None, rank=rank,
            source_document="Báo cáo DTI", source_date=PUBLISHED_ON, by=officer,
        )  # fmt: skip
    points = edition_trend(editions[2022].framework, province.root)
    assert [(p.year, p.self_score, p.rank, p.framework_changed) for p in points] == [
        (2022, 55, 30, False),
        (2023, 60, 22, True),
    ]


def test_only_the_provinces_officers_enter_its_published_figures(
    province, editions, unit_user, parent_user
) -> None:
    for user in (unit_user, parent_user):
        with pytest.raises(DomainError):
            index_result_save(
                edition=editions[2022], province=province.root, node=None, score=None, rank=3,
                source_document="Báo cáo", source_date=PUBLISHED_ON, by=user,
            )  # fmt: skip


def test_a_published_figure_needs_its_source_and_a_whole_rank(province, officer) -> None:
    rank = IndicatorFactory(kind=Indicator.Kind.RANK, higher_is_better=False)
    with pytest.raises(DomainError, match="văn bản công bố"):
        external_figure_save(
            province=province.root, indicator=rank, year=2023, value=Decimal(5),
            source_document=" ", source_date=PUBLISHED_ON, by=officer,
        )  # fmt: skip
    with pytest.raises(DomainError, match="số nguyên"):
        external_figure_save(
            province=province.root, indicator=rank, year=2023, value=Decimal("5.5"),
            source_document="Báo cáo", source_date=PUBLISHED_ON, by=officer,
        )  # fmt: skip
