from __future__ import annotations

import pytest
from django.core.management import call_command

from directives.models import Directive
from reports.compliance.models import TargetResult
from reports.compliance.services import compliance_recompute
from reports.periods.models import Period
from reports.submissions.models import IndicatorValue, Submission
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_make_bench_data_builds_a_province_of_the_asked_size_and_it_computes(capsys) -> None:
    call_command("make_bench_data", units=40, indicators=3, periods=2)
    assert Unit.objects.filter(code__startswith="BENCH").count() == 40
    assert Submission.objects.filter(status="accepted").count() == 2 * 38  # all but root and DIC
    assert IndicatorValue.objects.count() == 2 * 38 * 3
    period = Period.objects.get(kind="month", year=2025, number=2)
    runs = compliance_recompute(directive=Directive.objects.get(code="BENCH-KH"), period=period)
    assert TargetResult.objects.filter(run=runs[0]).count() == 3
    call_command("make_bench_data", units=40, indicators=3, periods=2)
    assert "đã có" in capsys.readouterr().out


def test_more_units_make_a_portal_of_several_provinces_each_with_its_plan() -> None:
    call_command("make_bench_data", units=90, indicators=2, periods=1, provinces=3)
    roots = Unit.objects.filter(parent__isnull=True, code__startswith="BENCH")
    assert sorted(roots.values_list("code", flat=True)) == ["BENCH", "BENCH2", "BENCH3"]
    assert Unit.objects.filter(code__startswith="BENCH").count() == 90
    plans = Directive.objects.filter(code__startswith="BENCH")
    assert plans.count() == 3
    # Each province's reports go to its own plan: all its units but the root and the DIC.
    for plan in plans:
        root = plan.report_to.parent
        sent = Submission.objects.filter(directive=plan)
        assert sent.count() == 28
        assert not sent.exclude(unit__parent__in=[root, *root.children.all()]).exists()
    assert IndicatorValue.objects.count() == 3 * 28 * 2
