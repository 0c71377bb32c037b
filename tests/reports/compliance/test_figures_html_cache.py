"""The dashboards' rendered figures come from the shared cache on a repeat view: keyed by the
stored run's stamp, the unit events, the area, the language and the query string; a recompute
or a recorded merger shows at once, and nobody reads the HTML of an area they may not see
(issue 16, item 3). Figures: dashboard_fixtures.py and restate_fixtures.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.compliance import selectors, views
from reports.compliance.services import compliance_recompute
from reports.submissions.models import IndicatorValue
from tests.conftest import Province, signed_in
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from tests.reports.compliance.restate_fixtures import build_merger, merge
from units.models import Role

pytestmark = pytest.mark.django_db
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
PAGES = ("dashboard_targets", "dashboard_heatmap", "dashboard_ranking")
# The tables the figures are read from: a page served from the cache reads none of them.
FIGURE_TABLES = ("targetresult", "complianceunit", "indicatorvalue")


@pytest.fixture
def dash(province: Province) -> Dashboard:
    return build_dashboard(province)


@pytest.fixture
def leader(province: Province) -> Client:
    return signed_in(user_with_role(Role.LEADER, province.root))


@pytest.fixture
def renders() -> Iterator[mock.MagicMock]:
    """Counts the figures rendered (not the pages around them)."""
    with mock.patch.object(views, "render_to_string", wraps=views.render_to_string) as rendered:
        yield rendered


def _get(client: Client, url: str, **query: str) -> str:
    """The page, less its CSRF tokens (masked anew on each request)."""
    answer = client.get(url, query)
    assert answer.status_code == 200, answer.status_code
    return CSRF.sub("", answer.content.decode())


@pytest.mark.parametrize("name", PAGES)
def test_a_repeat_view_renders_no_figures_and_reads_no_figures_table(
    name: str, dash: Dashboard, leader: Client, renders: mock.MagicMock
) -> None:
    url = reverse(f"reports:{name}", args=[dash.directive.pk])
    first = _get(leader, url)
    assert renders.call_count == 1
    with CaptureQueriesContext(connection) as warm:
        again = _get(leader, url)
    assert renders.call_count == 1
    assert again == first
    read = [q["sql"] for q in warm.captured_queries]
    assert not [sql for sql in read if any(table in sql for table in FIGURE_TABLES)], read


def test_the_units_behind_each_target_are_rendered_once_each(
    dash: Dashboard, leader: Client, renders: mock.MagicMock, province: Province
) -> None:
    def units(target: str) -> str:
        url = reverse("reports:dashboard_units", args=[dash.directive.pk, dash.targets[target].pk])
        return _get(leader, url)

    departments = units("department")
    assert units("department") == departments and renders.call_count == 1
    assert province.home_affairs.name in departments
    # Another target, the same query string: its own entry, its own units.
    districts = units("district")
    assert renders.call_count == 2
    assert province.home_affairs.name not in districts and province.district.name in districts


def test_a_recompute_shows_new_figures_on_the_heatmap_and_the_ranking_at_once(
    dash: Dashboard, leader: Client, province: Province
) -> None:
    heatmap = reverse("reports:dashboard_heatmap", args=[dash.directive.pk])
    ranking = reverse("reports:dashboard_ranking", args=[dash.directive.pk])
    assert "95%" in _get(leader, heatmap, sort="-score")
    before = _get(leader, ranking)
    # The DIC's figure falls from 95/100 to 15/100: it misses its department target now.
    IndicatorValue.objects.filter(
        submission=dash.submissions[province.dic.code], indicator=dash.online
    ).update(numerator=15, value=15)
    compliance_recompute(directive=dash.directive, period=dash.period)
    html = _get(leader, heatmap, sort="-score")
    assert "95%" not in html and "15%" in html
    assert _get(leader, ranking) != before


def test_each_area_language_and_basis_has_its_own_entry(
    dash: Dashboard, leader: Client, province: Province, renders: mock.MagicMock
) -> None:
    url = reverse("reports:dashboard_targets", args=[dash.directive.pk])
    whole = _get(leader, url)
    district = _get(leader, url, unit=province.district.code)
    provisional = _get(leader, url, basis="provisional")
    leader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _get(leader, url)
    assert renders.call_count == 4
    assert len({whole, district, provisional, english}) == 4
    assert "87,5%" in whole and "87,5%" not in district  # the district's own figures
    assert "75%" in district
    # Each is then read from its own entry.
    assert _get(leader, url) == english
    del leader.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert _get(leader, url) == whole
    assert _get(leader, url, unit=province.district.code) == district
    assert _get(leader, url, basis="provisional") == provisional
    assert renders.call_count == 4


@pytest.mark.parametrize("name", PAGES)
def test_a_user_of_another_area_never_reads_the_figures_cached_for_another(
    name: str, dash: Dashboard, province: Province, leader: Client
) -> None:
    url = reverse(f"reports:{name}", args=[dash.directive.pk])
    whole = _get(leader, url)  # the province's figures, now in the cache
    outsider = signed_in(user_with_role(Role.LEADER, province.district))
    # The very same URL: their own area, never the province's entry.
    own = _get(outsider, url)
    if name == "dashboard_targets":
        assert "87,5%" in whole and "87,5%" not in own and "75%" in own
    else:  # a department is outside the district
        assert province.home_affairs.name in whole and province.home_affairs.name not in own
    # Asking for the province by name is refused, not answered from the cache.
    assert outsider.get(url, {"unit": province.root.code}).status_code == 403


def test_a_recorded_merger_shows_at_once_on_the_restated_pages(
    province: Province, leader: Client
) -> None:
    merger = build_merger(province)
    restated = {"structure": "current", "on": "2025-07-01"}
    heatmap = reverse("reports:dashboard_heatmap", args=[merger.directive.pk])
    ranking = reverse("reports:dashboard_ranking", args=[merger.directive.pk])
    targets = reverse("reports:dashboard_targets", args=[merger.directive.pk])
    before = [_get(leader, url, **restated) for url in (heatmap, ranking, targets)]
    assert province.home_affairs.name in before[0]  # reports on its own, not merged yet
    merge(province, merger)  # no run changes: the unit events do
    after = [_get(leader, url, **restated) for url in (heatmap, ranking, targets)]
    assert all(a != b for a, b in zip(after, before, strict=True))
    assert "85%" in after[0]  # Sở KH&CN pooled with Sở Nội vụ: (80 + 90) / 200


def test_the_api_restated_answers_a_repeat_from_the_cache_and_a_merger_at_once(
    province: Province, leader: Client
) -> None:
    merger = build_merger(province)
    query = {"directive": merger.directive.pk, "period": merger.period.pk,
             "structure": "current", "on": "2025-07-01"}  # fmt: skip

    def figures() -> list:
        """Each target's figure (Sở Nội vụ merged: 2 units expected, both meeting ≥ 85%)."""
        answer = leader.get("/api/v1/dashboard/compliance/", query)
        assert answer.status_code == 200
        return answer.json()["targets"]

    with mock.patch.object(
        selectors, "restated_targets", wraps=selectors.restated_targets
    ) as restated:
        before = figures()
        assert figures() == before and restated.call_count == 1
        merge(province, merger)  # the unit events change, no run does
        assert figures() != before and restated.call_count == 2


def test_the_overview_boards_are_rendered_once_per_area(
    dash: Dashboard, leader: Client, province: Province, renders: mock.MagicMock
) -> None:
    url = reverse("reports:dashboard")
    whole = _get(leader, url)
    assert _get(leader, url) == whole and renders.call_count == 1
    district = _get(leader, url, unit=province.district.code)
    assert renders.call_count == 2
    assert "87,5%" in whole and "87,5%" not in district
