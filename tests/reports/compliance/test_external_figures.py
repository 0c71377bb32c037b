"""A published rank entered by an officer is judged like a reported figure, on its reversed axis."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from directives.models import Target
from indicators.models import Indicator
from indicators.services import external_figure_save
from reports.compliance.dashboards import indicator_history, trend_indicators
from reports.compliance.models import ComplianceRun, TargetResult
from reports.compliance.services import compliance_pairs
from reports.periods.models import Period
from tests.factories import (
    DirectiveFactory,
    IndicatorFactory,
    PeriodFactory,
    TargetFactory,
    TargetScopeFactory,
    TaskFactory,
    user_with_role,
)
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def rank_targets(province):
    """ "Among the 20 best" and "improve by 5 places", scoped to the province itself."""
    rank = IndicatorFactory(code="DTI_RANK", kind=Indicator.Kind.RANK, higher_is_better=False)
    task = TaskFactory(directive=DirectiveFactory(report_to=province.root, reporting=["year"]))
    targets = {
        "top20": TargetFactory(task=task, indicator=rank, op=Target.Op.LTE, value=20,
                               due_on=None),
        "gain5": TargetFactory(task=task, indicator=rank, op=Target.Op.GTE, value=5,
                               due_on=None, change_per_year=True, position=1),
    }  # fmt: skip
    for target in targets.values():
        TargetScopeFactory(target=target, level=None, unit=province.root)
    for year in (2022, 2023):
        PeriodFactory(
            kind="year", year=year, number=1, starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31), due_on=datetime.date(year + 1, 1, 15),
        )  # fmt: skip
    return rank, targets


def enter(province, rank, year: int, value: int, capture) -> None:
    officer = user_with_role(Role.REVIEWER, province.root)
    with capture(execute=True):  # the recompute is queued once the figure is committed
        external_figure_save(
            province=province.root, indicator=rank, year=year, value=Decimal(value),
            source_document="Báo cáo DTI năm", source_url="https://dti.gov.vn/2023",
            source_date=datetime.date(year + 1, 6, 1), by=officer,
        )  # fmt: skip


def outcome(target: Target, year: int) -> tuple[Decimal | None, str]:
    result = TargetResult.objects.get(
        target=target, run__period__year=year, run__basis=ComplianceRun.Basis.OFFICIAL
    )
    return result.value, result.status


@pytest.mark.parametrize(
    ("before", "now", "top20", "gain5"),
    [
        (25, 18, (18, "met"), (7, "met")),
        (25, 21, (21, "missed"), (4, "missed")),
        (18, 20, (20, "met"), (-2, "missed")),
    ],
)
def test_a_published_rank_feeds_rank_targets_on_a_reversed_axis(
    province, rank_targets, django_capture_on_commit_callbacks, before, now, top20, gain5
) -> None:
    rank, targets = rank_targets
    enter(province, rank, 2022, before, django_capture_on_commit_callbacks)
    enter(province, rank, 2023, now, django_capture_on_commit_callbacks)
    assert outcome(targets["top20"], 2023) == (Decimal(top20[0]), top20[1])
    assert outcome(targets["gain5"], 2023) == (Decimal(gain5[0]), gain5[1])


def test_a_corrected_rank_is_judged_again(
    province, rank_targets, django_capture_on_commit_callbacks
) -> None:
    rank, targets = rank_targets
    enter(province, rank, 2023, 25, django_capture_on_commit_callbacks)
    assert outcome(targets["top20"], 2023)[1] == "missed"
    enter(province, rank, 2023, 12, django_capture_on_commit_callbacks)
    assert outcome(targets["top20"], 2023) == (Decimal(12), "met")


def test_a_yearly_rank_does_not_reach_quarterly_periods(
    province, rank_targets, django_capture_on_commit_callbacks
) -> None:
    rank, _targets = rank_targets
    PeriodFactory(kind="quarter", year=2023, number=4, starts_on=datetime.date(2023, 10, 1),
                  ends_on=datetime.date(2023, 12, 31), due_on=datetime.date(2024, 1, 5))  # fmt: skip
    enter(province, rank, 2023, 12, django_capture_on_commit_callbacks)
    assert not ComplianceRun.objects.filter(period__kind="quarter").exists()


def test_the_nightly_recompute_reaches_periods_only_published_figures_fill(
    province, rank_targets, django_capture_on_commit_callbacks
) -> None:
    rank, targets = rank_targets
    # Closed periods nobody reported in (an open one is computed anyway, "0 of N sent").
    Period.objects.update(status=Period.Status.CLOSED)
    assert compliance_pairs() == []
    enter(province, rank, 2023, 12, django_capture_on_commit_callbacks)
    directive = targets["top20"].task.directive
    assert {(d, p.year) for d, p in compliance_pairs()} == {(directive, 2023)}


def test_published_figures_feed_the_trends_page_on_every_basis(
    province, rank_targets, django_capture_on_commit_callbacks
) -> None:
    _rank, targets = rank_targets
    directive = targets["top20"].task.directive
    ict = IndicatorFactory(code="ICT_RANK", kind=Indicator.Kind.RANK, higher_is_better=False)
    for year, value in ((2022, 25), (2023, 18)):
        enter(province, ict, year, value, django_capture_on_commit_callbacks)
    assert ict in trend_indicators(directive)
    for basis in ComplianceRun.Basis.values:
        periods, lines = indicator_history(
            directive=directive, indicator=ict, basis=basis, area=None
        )
        assert [p.year for p in periods] == [2022, 2023]
        assert [(line.unit, line.values) for line in lines] == [(province.root, [25, 18])]
    elsewhere = indicator_history(directive=directive, indicator=ict, basis="official",
                                  area=province.district)  # fmt: skip
    assert elsewhere == ([], [])
