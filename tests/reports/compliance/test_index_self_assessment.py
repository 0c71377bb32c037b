"""Self-assessment on an index edition from the portal's official figures of the year.

The 2022 edition of tests/indicators/framework_yaml.py (P1 60 / P2 40 of 100; C1 30 points,
linear 0 → 80 on ONLINE; C2 30 points scored by officers; C3 40 points, thresholds 50 → 50 %,
80 → 100 % on SURVEY), scoring the districts too. The yearly reports of 2022, accepted:
Vĩnh Yên ONLINE 20/50 (40 %), SURVEY 60; Tam Đảo ONLINE 24/30 (80 %), SURVEY 20.

Province: ONLINE 100 × 44/80 = 55 → 68.75 % of 30 = 20.625; SURVEY 60 + 20 = 80 → 100 % of 40
= 40; C2 not scored: 0. Total 60.625 (P1 20.625, P2 40).
Vĩnh Yên: ONLINE 40 → 50 % of 30 = 15; SURVEY 60 → 50 % of 40 = 20; total 35, first.
Tam Đảo: ONLINE 80 → 30; SURVEY 20 → 0; total 30, second.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator
from indicators.services import external_figure_save, framework_import
from reports.compliance.index_scores import province_assessment, unit_assessments
from reports.compliance.services import compliance_compute
from reports.submissions.models import IndicatorValue, Submission
from tests.conftest import signed_in
from tests.factories import (
    DirectiveFactory,
    IndicatorFactory,
    PeriodFactory,
    RatioIndicatorFactory,
    TargetFactory,
    TargetScopeFactory,
    TaskFactory,
    level,
    sent,
    user_with_role,
)
from tests.indicators.framework_yaml import edition_yaml
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def yearly_reports(province):
    online = RatioIndicatorFactory(code="ONLINE", name="Hồ sơ trực tuyến")
    survey = IndicatorFactory(code="SURVEY", kind=Indicator.Kind.AMOUNT)
    directive = DirectiveFactory(code="05/CT-UBND", report_to=province.dic, reporting=["year"])
    task = TaskFactory(directive=directive)
    for indicator in (online, survey):
        target = TargetFactory(task=task, indicator=indicator, value=80, due_on=None)
        TargetScopeFactory(target=target, level=level("district"))
    period = PeriodFactory(
        kind="year", year=2022, number=1, starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2022, 12, 31), due_on=datetime.date(2023, 1, 15),
    )  # fmt: skip
    for unit, (numerator, denominator), amount in (
        (province.district, (20, 50), 60),
        (province.other_district, (24, 30), 20),
    ):
        report = sent(unit=unit, period=period, directive=directive,
                      status=Submission.Status.ACCEPTED, reviewed_at=timezone.now())  # fmt: skip
        IndicatorValue.objects.create(
            submission=report, indicator=online, numerator=numerator, denominator=denominator,
            value=Decimal(100) * numerator / denominator,
        )  # fmt: skip
        IndicatorValue.objects.create(submission=report, indicator=survey, value=amount)
    compliance_compute(directive=directive, period=period, basis="official")
    return directive, period


@pytest.fixture
def edition(yearly_reports):
    return framework_import(data=edition_yaml(2022, p1=60, p2=40, levels="[district]"))


def scores_of(node) -> dict[str, Decimal]:
    found = {node.code or "total": node.score}
    for child in node.children:
        found.update(scores_of(child))
    return found


def test_the_province_is_scored_from_its_accepted_reports(province, edition) -> None:
    total = province_assessment(edition, province.root)
    assert scores_of(total) == {
        "total": Decimal("60.625"), "P1": Decimal("20.625"), "P1.1": Decimal("20.625"),
        "C1": Decimal("20.625"), "C2": 0, "P2": 40, "P2.1": 40, "C3": 40,
    }  # fmt: skip
    c1 = total.children[0].children[0].children[0]
    assert "Chỉ số Hồ sơ trực tuyến = 55 đạt 68,75% của 30 điểm" in c1.explanation
    assert "từ báo cáo đã tiếp nhận theo 05/CT-UBND (2/2 đơn vị)" in c1.explanation
    assert "Mất 9,375 điểm; cần 80 để đạt 100%." in c1.explanation
    assert total.lost == Decimal("39.375") and not total.complete


def test_a_report_not_yet_accepted_does_not_count(province, edition, yearly_reports) -> None:
    directive, period = yearly_reports
    Submission.objects.filter(unit=province.other_district).update(
        status=Submission.Status.SUBMITTED
    )
    compliance_compute(directive=directive, period=period, basis="official")
    total = province_assessment(edition, province.root)
    # Vĩnh Yên alone: ONLINE 40 → 15 points; SURVEY 60 → 20 points.
    assert scores_of(total)["C1"] == 15 and scores_of(total)["C3"] == 20
    c3 = total.children[1].children[0].children[0]
    assert "(1/2 đơn vị)" in c3.explanation and "cần 80 để đạt 100%" in c3.explanation


def test_a_published_figure_comes_before_the_portals_own(province, edition) -> None:
    officer = user_with_role(Role.REVIEWER, province.root)
    external_figure_save(
        province=province.root, indicator=Indicator.objects.get(code="ONLINE"), year=2022,
        value=Decimal(40), source_document="Báo cáo DTI 2022",
        source_date=datetime.date(2023, 6, 1), by=officer,
    )  # fmt: skip
    c1 = province_assessment(edition, province.root).children[0].children[0].children[0]
    assert c1.score == 15
    assert "Nguồn: số liệu công bố: Báo cáo DTI 2022, 01/06/2023." in c1.explanation


def test_each_district_is_scored_from_its_own_reports_and_ranked(
    province, edition, django_assert_num_queries
) -> None:
    with django_assert_num_queries(4):
        scores = unit_assessments(edition, province.root)
    assert [(s.unit.code, s.rank, s.assessment.score, [p.score for p in s.pillars])
            for s in scores] == [
        ("VP-VINHYEN", 1, 35, [15, 20]),
        ("VP-TAMDAO", 2, 30, [30, 0]),
    ]  # fmt: skip
    c2 = scores[0].assessment.children[0].children[0].children[1]
    assert c2.score == 0 and "Chưa được cán bộ chấm điểm" in c2.explanation


def test_an_edition_scoring_no_units_lists_none(province, yearly_reports) -> None:
    edition = framework_import(data=edition_yaml(2022, p1=60, p2=40))
    assert unit_assessments(edition, province.root) == []


def test_the_units_page_lists_each_districts_score(province, edition) -> None:
    officer = user_with_role(Role.LEADER, province.root)
    url = reverse("indicators:index_units", args=["VP", edition.pk])
    response = signed_in(officer).get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("UBND thành phố Vĩnh Yên") < text.index("UBND huyện Tam Đảo")
    assert "35 / 100" in text
    # Each unit's criteria are explained, the officers' ones too (not scored for a unit).
    assert text.count('<details class="unit-criteria">') == 2
    assert "Chưa được cán bộ chấm điểm" in text
    edition_page = signed_in(officer).get(
        reverse("indicators:index_edition", args=["VP", edition.pk])
    )
    assert url in edition_page.content.decode()


def test_the_units_page_is_the_provinces_officers_only(province, edition, unit_user) -> None:
    url = reverse("indicators:index_units", args=["VP", edition.pk])
    assert signed_in(unit_user).get(url).status_code == 403
    officer = user_with_role(Role.LEADER, province.root)
    assert signed_in(officer).post(url).status_code == 405
    missing = reverse("indicators:index_units", args=["VP", edition.pk + 100])
    assert signed_in(officer).get(missing).status_code == 404
