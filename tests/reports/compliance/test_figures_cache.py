"""The dashboards' and the API's figures come from the shared cache on a repeat view, keyed by
the stored run's stamp and the area: a recompute shows at once (issue 16, item 3)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from reports.compliance import dashboards, selectors
from reports.compliance.services import compliance_recompute
from reports.submissions.models import IndicatorValue
from tests.conftest import Province, signed_in
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


@pytest.fixture
def leader(province: Province) -> Client:
    return signed_in(user_with_role(Role.LEADER, province.root))


def _targets(client: Client, dash: Dashboard, **query: str) -> str:
    url = reverse("reports:dashboard_targets", args=[dash.directive.pk])
    answer = client.get(url, query)
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_repeat_view_of_the_targets_page_does_not_recompute(
    dash: Dashboard, leader: Client
) -> None:
    with mock.patch.object(selectors, "_judged", wraps=selectors._judged) as judged:
        first = _targets(leader, dash)
        again = _targets(leader, dash)
        assert judged.call_count == 1
        assert "87,5%" in first and "87,5%" in again
        # Another area is another entry.
        _targets(leader, dash, unit="VP-VINHYEN")
        assert judged.call_count == 2


def test_a_repeat_view_of_the_overview_does_not_recompute(dash: Dashboard, leader: Client) -> None:
    with mock.patch.object(dashboards, "_overview", wraps=dashboards._overview) as built:
        first = leader.get(reverse("reports:dashboard")).content.decode()
        again = leader.get(reverse("reports:dashboard")).content.decode()
    assert built.call_count == 1
    assert "chỉ tiêu đạt (1/4)" in first and "chỉ tiêu đạt (1/4)" in again


def test_a_recomputed_run_shows_its_new_figures_at_once(
    dash: Dashboard, leader: Client, province: Province
) -> None:
    assert "87,5%" in _targets(leader, dash)
    overview = leader.get(reverse("reports:dashboard")).content.decode()
    assert "87,5%" in overview
    # The department's figures change (95/100 -> 15/100) and the period is recomputed.
    IndicatorValue.objects.filter(
        submission=dash.submissions[province.dic.code], indicator=dash.online
    ).update(numerator=15, value=15)
    compliance_recompute(directive=dash.directive, period=dash.period)
    html = _targets(leader, dash)
    assert "87,5%" not in html and "47,5%" in html  # (15 + 80) / 200
    overview = leader.get(reverse("reports:dashboard")).content.decode()
    assert "87,5%" not in overview and "47,5%" in overview


def test_each_area_sees_its_own_figures_from_the_cache(dash: Dashboard, province: Province) -> None:
    whole = signed_in(user_with_role(Role.LEADER, province.root))
    district = signed_in(user_with_role(Role.LEADER, province.district))
    assert "87,5%" in _targets(whole, dash)
    # The district's leader sees only its subtree (its own ratio, 75%), cached or not.
    for _ in range(2):
        html = _targets(district, dash)
        assert "87,5%" not in html and "75%" in html


def test_the_api_answers_a_repeat_from_the_cache_and_a_recompute_at_once(
    dash: Dashboard, leader: Client, province: Province
) -> None:
    query = {"directive": dash.directive.pk, "period": dash.period.pk}

    def department_value() -> str:
        answer = leader.get("/api/v1/dashboard/compliance/", query)
        assert answer.status_code == 200
        return answer.json()["targets"][0]["value"]  # the departments' target comes first

    with mock.patch.object(selectors, "_judged", wraps=selectors._judged) as judged:
        first = department_value()
        assert department_value() == first and judged.call_count == 1
        IndicatorValue.objects.filter(
            submission=dash.submissions[province.dic.code], indicator=dash.online
        ).update(numerator=15, value=15)
        compliance_recompute(directive=dash.directive, period=dash.period)
        assert department_value() != first and judged.call_count == 2


def test_a_repeat_view_of_the_trends_page_does_not_recompute(
    dash: Dashboard, leader: Client
) -> None:
    url = reverse("reports:dashboard_trends", args=[dash.directive.pk])
    with mock.patch.object(
        dashboards, "_figures_by_run", wraps=dashboards._figures_by_run
    ) as figures:
        first = leader.get(url, {"indicator": "DOCS_ONLINE"})
        again = leader.get(url, {"indicator": "DOCS_ONLINE"})
    assert first.status_code == again.status_code == 200
    assert figures.call_count == 1
