"""The demo province: real seeds, users for every role, and report history to look at."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from directives.models import Directive, Target
from indicators.models import ExternalFigure, IndexResult, Indicator
from reports.compliance.dashboards import indicator_history, trend_indicators
from reports.periods.models import Period
from reports.submissions.models import IndicatorValue, Submission
from units.models import Membership, Role, Unit, User


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_load_demo_builds_a_province_and_a_second_run_adds_nothing(capsys) -> None:
    call_command("load_demo")
    output = capsys.readouterr().out
    assert "chitieu-demo-2026" in output and "canbo.stttt" in output
    assert set(Directive.objects.values_list("code", flat=True)) == {
        "VP-CT-CNTT-2015",
        "VP-KH-36A-2016",
        "BT-CT-ICT-2018",
    }
    assert Unit.objects.filter(code__startswith="VP-", level__code="district").count() == 9
    assert {m.role for m in Membership.objects.all()} == set(Role.values)
    assert User.objects.get(username="baocao.snv").check_password("chitieu-demo-2026")
    assert Target.objects.count() == 37
    accepted = Submission.objects.filter(status=Submission.Status.ACCEPTED)
    assert accepted.count() > 500
    assert Submission.objects.exclude(status=Submission.Status.ACCEPTED).exists()
    assert Period.objects.filter(status=Period.Status.OPEN).exists()
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
    counts = (Submission.objects.count(), IndicatorValue.objects.count(), Period.objects.count())
    call_command("load_demo")
    assert (
        Submission.objects.count(),
        IndicatorValue.objects.count(),
        Period.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_load_demo_refuses_to_run_in_production_without_force() -> None:
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
