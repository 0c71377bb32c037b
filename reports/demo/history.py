"""The seed directives as finished history: two years of closed periods, every report
accepted, the last one reporting every task done; Bình Thuận's ICT Index rank by year."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from directives.models import Directive
from directives.selectors import directive_reporting_units
from indicators.models import IndexEdition, Indicator
from indicators.services import external_figure_save, framework_import, index_result_save
from reports.demo.writing import Planned, Scopes, Story, seeded, write_reports
from reports.periods.calendar import NUMBERS_PER_YEAR
from reports.periods.models import Period
from reports.periods.selectors import due_on_for
from reports.periods.services import period_open
from reports.submissions.models import Submission
from units.models import Unit, User
from units.permissions import root_id_of

# Bình Thuận's Vietnam ICT Index rank as its Chỉ thị quotes it (seed 002): the province's
# Sở TT&TT enters it each year as a report of the rank indicator, for the trends page.
ICT_INDEX_HISTORY = {2015: 22, 2016: 27, 2017: 35}


def finished_history(
    directive: Directive, reviewer: User | None, scopes: Scopes
) -> tuple[int, int]:
    """(periods, reports written). The directive ends with its last period: the demo treats
    the seeds as finished (their texts state no end; data/README.md says so)."""
    periods = _periods(directive)
    made = 0
    for index, period in enumerate(periods):
        made += _reports(
            directive,
            period,
            reviewer,
            scopes,
            progress=(index + 1) / len(periods),
            last=index == len(periods) - 1,
        )
    if directive.effective_to != periods[-1].ends_on:
        directive.effective_to = periods[-1].ends_on
        directive.save(update_fields=["effective_to"])
    return len(periods), made


def _periods(directive: Directive) -> list[Period]:
    """Two years of periods from the directive's start, all closed."""
    first_year = directive.effective_from.year
    periods = []
    for year in (first_year, first_year + 1):
        for kind in directive.reporting:
            for number in range(1, NUMBERS_PER_YEAR[kind] + 1):
                period = period_open(kind=kind, year=year, number=number)
                if period.ends_on >= directive.effective_from:
                    periods.append(period)
    periods.sort(key=lambda p: (p.ends_on, p.kind))
    Period.objects.filter(pk__in=[p.pk for p in periods]).update(status=Period.Status.CLOSED)
    return periods


@transaction.atomic
def _reports(
    directive: Directive,
    period: Period,
    reviewer: User | None,
    scopes: Scopes,
    *,
    progress: float,
    last: bool,
) -> int:
    due = due_on_for(period, directive)
    done = set(
        Submission.objects.filter(period=period, directive=directive).values_list(
            "unit_id", flat=True
        )
    )
    planned = []
    for unit in directive_reporting_units(directive, on=period.ends_on):
        if unit.pk in done:
            continue
        rng = seeded(directive, period, unit)
        late = rng.random() < 0.15
        sent_on = (
            due + datetime.timedelta(days=rng.randint(1, 6))
            if late
            else due - datetime.timedelta(days=rng.randint(0, 5))
        )
        story = Story(Submission.Status.ACCEPTED, sent_on, late=late, tasks_done=last)
        planned.append(Planned(unit, story, rng))
    return write_reports(directive, period, planned, scopes, reviewer, progress)


@transaction.atomic
def ict_index_history() -> None:
    """Bình Thuận's published ICT Index ranks, entered with their source (an external figure),
    as its Sở TT&TT did each year, for the trends page."""
    directive = Directive.objects.filter(code="BT-CT-ICT-2018").first()
    if directive is None:
        return
    indicator = Indicator.objects.get(code="ICT_INDEX_RANK")
    officer = User.objects.get(username="admin")
    province = Unit.objects.get(pk=root_id_of(directive.report_to))
    for year, rank in ICT_INDEX_HISTORY.items():
        period = period_open(kind="year", year=year, number=1)
        Period.objects.filter(pk=period.pk).update(status=Period.Status.CLOSED)
        external_figure_save(
            province=province, indicator=indicator, year=year, value=Decimal(rank),
            source_document=f"Báo cáo Chỉ số sẵn sàng cho phát triển và ứng dụng CNTT-TT Việt Nam "
            f"năm {year}", source_date=datetime.date(year + 1, 6, 30), by=officer,
        )  # fmt: skip


DATA = Path(settings.BASE_DIR) / "data"
# Vĩnh Phúc's DTI as published (illustrative figures on the example editions in data/index):
# year -> (total, rank, {pillar: score}).
DTI_RESULTS = {
    2022: (512.4, 18, {"CQS": 221.5, "HTS": 160.2, "NTS": 130.7}),
    2023: (561.9, 14, {"CQS": 190.3, "HTS": 205.1, "NTS": 166.5}),
}


def dti_results() -> None:
    """The example DTI editions, and Vĩnh Phúc's published results on them (before the 2025
    merger: the province's history)."""
    officer = User.objects.get(username="admin")
    province = Unit.objects.get(code="VP")
    for year, (total, rank, pillars) in DTI_RESULTS.items():
        edition = IndexEdition.objects.filter(framework__code="DTI", year=year).first()
        if edition is None:
            edition = framework_import(data=(DATA / "index" / f"dti-{year}.yaml").read_bytes())
        source = {"source_document": f"Báo cáo Chỉ số chuyển đổi số cấp tỉnh năm {year}",
                  "source_date": datetime.date(year + 1, 5, 15), "by": officer}  # fmt: skip
        index_result_save(edition=edition, province=province, node=None,
                          score=Decimal(str(total)), rank=rank, **source)  # fmt: skip
        for code, score in pillars.items():
            node = edition.nodes.get(code=code)
            index_result_save(edition=edition, province=province, node=node,
                              score=Decimal(str(score)), rank=None, **source)  # fmt: skip
