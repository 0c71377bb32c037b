"""The demo: two 2026 provinces with their history, users for every role, and a plan in force
on whatever day it is loaded."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from directives.models import Directive, Task
from directives.selectors import directive_list
from indicators.models import ExternalFigure, IndexResult, Indicator
from notifications.models import Notification
from notifications.reminders import outstanding_reports
from reports.compliance.dashboards import indicator_history, trend_indicators
from reports.compliance.models import ComplianceRun
from reports.demo.people import DEMO_USERS
from reports.periods.models import Period
from reports.submissions.models import IndicatorValue, Submission
from reports.submissions.task_board import BoardFilters, task_board
from units.models import Membership, Role, Unit, UnitEvent, User

SEEDS = {"VP-CT-CNTT-2015", "VP-KH-36A-2016", "BT-CT-ICT-2018"}
PLANS = {"PT-KH-CDS-MINHHOA", "LD-KH-CDS-MINHHOA"}
VN = dt.timezone(dt.timedelta(hours=7))


def _next_year(month: int, day: int) -> dt.datetime:
    return dt.datetime(timezone.localdate().year + 1, month, day, 9, tzinfo=VN)


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_load_demo_builds_two_provinces_with_history_and_a_second_run_adds_nothing(
    capsys, client
) -> None:
    call_command("load_demo")
    output = capsys.readouterr().out
    assert "chitieu-demo-2026" in output and "canbo.skhcn" in output
    assert set(Directive.objects.values_list("code", flat=True)) == SEEDS | PLANS
    # Today's provinces: two levels under each root, the districts kept as history.
    for root in ("PT", "LD"):
        units = Unit.objects.filter(code__startswith=f"{root}-", active=True)
        assert {u.level.code for u in units} >= {"department", "commune"}
        assert not units.filter(level__code="district").exists()
    districts = Unit.objects.filter(code__startswith="VP-", level__code="district")
    assert districts.count() == 9
    assert set(districts.values_list("valid_to", flat=True)) == {dt.date(2025, 6, 30)}
    assert Unit.objects.get(code="VP-STTTT").valid_to == dt.date(2025, 2, 28)
    assert UnitEvent.objects.filter(legal_document="202/2025/QH15").exists()
    assert {m.role for m in Membership.objects.all()} == set(Role.values)
    assert User.objects.get(username="baocao.snv").check_password("chitieu-demo-2026")
    # The seeds are finished: closed periods, every report accepted, final results computed.
    seeds = Submission.objects.filter(directive__code__in=SEEDS)
    assert seeds.count() > 500
    assert not seeds.exclude(status=Submission.Status.ACCEPTED).exists()
    assert not Period.objects.filter(
        submissions__directive__code__in=SEEDS, status=Period.Status.OPEN
    ).exists()
    assert ComplianceRun.objects.filter(directive__code__in=SEEDS).exists()
    assert IndicatorValue.objects.filter(numerator__isnull=False).exists()
    # Bình Thuận's ICT Index rank history (seed 002) on the trends page: 22 → 27 → 35.
    ict = Directive.objects.get(code="BT-CT-ICT-2018")
    rank = Indicator.objects.get(code="ICT_INDEX_RANK")
    assert rank in trend_indicators(ict)
    periods, lines = indicator_history(directive=ict, indicator=rank, basis="official", area=None)
    assert [p.year for p in periods][:3] == [2015, 2016, 2017]
    assert lines[0].values[:3] == [22, 27, 35]
    # Entered as published figures, with their source, not as reports.
    assert ExternalFigure.objects.filter(indicator=rank).count() == 3
    # Vĩnh Phúc's DTI over two editions whose weights differ, with published pillar scores.
    results = IndexResult.objects.filter(province__code="VP")
    assert sorted(results.filter(node=None).values_list("edition__year", "rank")) == [
        (2022, 18),
        (2023, 14),
    ]
    assert results.exclude(node=None).count() == 6
    # Today's officers read the history of the provinces merged into theirs, and only theirs.
    for username, history in [("canbo.skhcn", "VP-"), ("lanhdao.lamdong", "BT-")]:
        officer = User.objects.get(username=username)
        codes = set(directive_list(user=officer).values_list("code", flat=True))
        assert codes & SEEDS == {code for code in SEEDS if code.startswith(history)}, username
    # ... historic and restated onto today's province, on the pages.
    client.force_login(User.objects.get(username="canbo.skhcn"))
    old = Directive.objects.get(code="VP-KH-36A-2016")
    for structure in ("historic", "current"):
        page = client.get(reverse("reports:dashboard_targets", args=[old.pk]),
                          {"structure": structure})  # fmt: skip
        assert page.status_code == 200, structure
    assert "quy đổi theo cơ cấu đơn vị ngày" in page.content.decode().lower()
    counts = (
        Submission.objects.count(),
        IndicatorValue.objects.count(),
        Period.objects.count(),
        Unit.objects.count(),
        UnitEvent.objects.count(),
        Notification.objects.count(),
    )
    call_command("load_demo")
    assert (
        Submission.objects.count(),
        IndicatorValue.objects.count(),
        Period.objects.count(),
        Unit.objects.count(),
        UnitEvent.objects.count(),
        Notification.objects.count(),
    ) == counts


@pytest.mark.django_db
@override_settings(DEBUG=True)
@pytest.mark.parametrize(
    "moment",
    [None, (3, 1), (9, 30), (1, 5)],
    ids=["today", "1 March next year", "30 September next year", "5 January next year"],
)
def test_the_demo_loaded_on_any_day_looks_current(moment, client) -> None:
    when = timezone.now() if moment is None else _next_year(*moment)
    with time_machine.travel(when, tick=False):
        call_command("load_demo")
        today = timezone.localdate()
        plans = Submission.objects.filter(
            directive__code__in=PLANS, period__status=Period.Status.OPEN
        )
        assert set(plans.values_list("status", flat=True)) == set(Submission.Status.values)
        # Late by days, never by more than the period owed.
        owed = outstanding_reports()
        late = [o for o in owed if o.due_on < today]
        # On these days a month's report fell due less than a month ago (on a few days of the
        # year, between two due dates further apart than a month, none is late).
        assert late or moment is None
        for item in owed:
            length = (item.period.ends_on - item.period.starts_on).days + 1
            assert (today - item.due_on).days <= length, item
        sent_late = Submission.objects.filter(is_late=True).select_related("period")
        assert sent_late.exists()
        for submission in sent_late:
            assert timezone.localdate(submission.submitted_at) <= today
        # Tasks of the plan: some overdue by days, some due soon.
        dues = Task.objects.filter(directive__code__in=PLANS, due_on__isnull=False)
        assert dues.filter(due_on__lt=today, due_on__gte=today - dt.timedelta(days=31)).exists()
        assert dues.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=7)).exists()
        reviewer = User.objects.get(username="canbo.skhcn")
        rows = task_board(user=reviewer, filters=BoardFilters(), as_of=today)
        assert rows
        assert max(row.judgement.days_late for row in rows) <= 31
        for username, *_ in DEMO_USERS:
            assert Notification.objects.filter(user__username=username).exists(), username
        client.force_login(reviewer)
        page = client.get(reverse("home")).content.decode()
        assert "Sở Khoa học và Công nghệ" in page and "Phú Thọ" in page
        assert "Thông tin và Truyền thông" not in page


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_loading_the_demo_again_weeks_later_settles_the_months_that_became_history() -> None:
    with time_machine.travel(_next_year(9, 30), tick=False):
        call_command("load_demo")
        waiting = set(
            Submission.objects.filter(directive__code__in=PLANS)
            .exclude(status=Submission.Status.ACCEPTED)
            .values_list("period_id", flat=True)
        )
    with time_machine.travel(_next_year(11, 20), tick=False):
        call_command("load_demo")
        today = timezone.localdate()
        closed = Period.objects.filter(pk__in=waiting, status=Period.Status.CLOSED)
        assert closed.exists()
        assert not (
            Submission.objects.filter(directive__code__in=PLANS, period__in=closed)
            .exclude(status=Submission.Status.ACCEPTED)
            .exists()
        )
        for item in outstanding_reports():
            length = (item.period.ends_on - item.period.starts_on).days + 1
            assert (today - item.due_on).days <= length, item
        open_plans = Submission.objects.filter(
            directive__code__in=PLANS, period__status=Period.Status.OPEN
        )
        assert open_plans.filter(status=Submission.Status.SUBMITTED).exists()


@pytest.mark.django_db
def test_load_demo_refuses_to_run_in_production_without_force() -> None:
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
