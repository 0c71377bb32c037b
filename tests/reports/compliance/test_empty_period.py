"""A period nobody has reported in still has figures: "0 of N sent", the units expected per
target and `no_data`, computed by the nightly recompute and `manage.py recompute`, exportable;
the dashboards still open on the latest period with reports and offer the empty one."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from reports.compliance.models import ComplianceRun, TargetResult
from reports.compliance.services import compliance_pairs
from reports.compliance.tasks import recompute_all_compliance
from reports.exports.models import Export
from reports.exports.services import export_request
from reports.periods.models import Period
from tests.conftest import Province
from tests.factories import PeriodFactory, user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


@pytest.fixture
def empty(dash: Dashboard) -> Period:
    """Q1/2017, open, the directive in force, nobody has reported yet."""
    return PeriodFactory(
        kind="quarter", year=2017, number=1, starts_on=dt.date(2017, 1, 1),
        ends_on=dt.date(2017, 3, 31), due_on=dt.date(2017, 4, 5), status="open",
    )  # fmt: skip


def figures(run: ComplianceRun) -> set[tuple]:
    return set(
        TargetResult.objects.filter(run=run).values_list(
            "value", "met", "status", "units_expected", "units_reported", "units_met"
        )
    )


def test_the_nightly_recompute_covers_an_open_period_nobody_reported_in(
    dash: Dashboard, empty: Period
) -> None:
    closed = PeriodFactory(kind="quarter", year=2015, number=4, status="closed",
                           starts_on=dt.date(2015, 9, 15), ends_on=dt.date(2015, 12, 14))  # fmt: skip
    PeriodFactory(kind="month", year=2017, number=1, status="open")  # not a kind it reports on

    assert recompute_all_compliance() == 2  # Q4/2016 with reports, Q1/2017 without
    run = ComplianceRun.objects.get(period=empty, basis="official")
    # 6 units expected (2 departments, 2 districts, 2 communes), none sent.
    assert (run.units_expected, run.units_submitted, run.units_accepted) == (6, 0, 0)
    # Departments 2, districts 2, communes 2, IT officers over districts and communes 4.
    assert figures(run) == {(None, None, "no_data", 2, 0, 0), (None, None, "no_data", 4, 0, 0)}
    assert TargetResult.objects.filter(run=run).count() == 4
    assert not ComplianceRun.objects.filter(period=closed).exists()


def test_a_directive_not_yet_in_force_has_no_empty_period(dash: Dashboard, empty: Period) -> None:
    dash.directive.effective_from = dt.date(2017, 6, 1)
    dash.directive.save()
    assert (dash.directive, empty) not in compliance_pairs()


def test_manage_recompute_computes_the_empty_period_too(dash: Dashboard, empty: Period) -> None:
    call_command("recompute", "--period", str(empty.pk), stdout=io.StringIO())
    assert {run.basis for run in ComplianceRun.objects.filter(period=empty)} == {
        "official", "provisional",
    }  # fmt: skip


def test_the_api_says_0_of_n_sent_with_the_units_expected_per_target(
    dash: Dashboard, empty: Period, province: Province
) -> None:
    recompute_all_compliance()
    client = APIClient()
    client.force_authenticate(user_with_role(Role.REVIEWER, province.root))
    body = client.get(
        "/api/v1/dashboard/compliance/", {"directive": dash.directive.pk, "period": empty.pk}
    ).json()
    assert body["completeness"]["units_expected"] == 6
    assert body["completeness"]["units_reported"] == 0
    assert sorted(t["units_expected"] for t in body["targets"]) == [2, 2, 2, 4]
    assert {t["status"] for t in body["targets"]} == {"no_data"}


def test_the_export_of_an_empty_period_is_not_refused(
    dash: Dashboard, empty: Period, province: Province, django_capture_on_commit_callbacks
) -> None:
    recompute_all_compliance()
    reviewer = user_with_role(Role.REVIEWER, province.root)
    with django_capture_on_commit_callbacks(execute=False):
        export = export_request(by=reviewer, directive=dash.directive, period=empty, format="xlsx")
    assert Export.objects.filter(pk=export.pk, period=empty).exists()


def test_the_dashboards_open_on_the_latest_period_with_reports_and_offer_the_empty_one(
    dash: Dashboard, empty: Period, province: Province
) -> None:
    recompute_all_compliance()
    leader = Client()
    leader.force_login(user_with_role(Role.LEADER, province.root))
    url = reverse("reports:dashboard_targets", args=[dash.directive.pk])
    opened = leader.get(url)
    assert opened.context["scope"].period == dash.period
    offered = opened.context["filter"].form.fields["period"].queryset
    assert set(offered) == {dash.period, empty}
    chosen = leader.get(url, {"period": empty.pk})
    assert chosen.context["scope"].period == empty
    assert chosen.context["compliance"].completeness.expected == 6
    assert chosen.context["compliance"].completeness.submitted == 0
    overview = leader.get(reverse("reports:dashboard"))
    shown = [board.compliance.period for board, _, _ in overview.context["boards"]]
    assert shown == [dash.period]
