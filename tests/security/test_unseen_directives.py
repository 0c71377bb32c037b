"""A directive the user may not see is answered as one that does not exist (404 on pages, 400
naming the field in an API query), so ids and codes cannot be probed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import Province, make_province, signed_in
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive
from units.models import Role

pytestmark = pytest.mark.django_db
DIRECTIVE_PAGES = [
    "reports:dashboard_targets",
    "reports:dashboard_heatmap",
    "reports:dashboard_ranking",
    "reports:dashboard_trends",
    "reports:dashboard_overdue",
    "directives:detail",
    "directives:history",
]
MISSING = 987_654


@pytest.fixture
def stranger(province: Province):
    """A leader of another province: sees dashboards, but not this province's directives."""
    return user_with_role(Role.LEADER, make_province("HN", "Hà Nam").root)


@pytest.mark.parametrize("name", DIRECTIVE_PAGES)
def test_a_directive_of_another_province_answers_as_a_missing_one(
    province: Province, stranger, name: str
) -> None:
    directive = district_directive(province).directive
    client: Client = signed_in(stranger)
    unseen = client.get(reverse(name, args=[directive.pk]))
    missing = client.get(reverse(name, args=[MISSING]))
    assert (unseen.status_code, missing.status_code) == (404, 404)


def test_starting_a_report_on_an_unseen_directive_answers_as_a_missing_one(
    province: Province,
) -> None:
    setup = district_directive(province)
    other = make_province("HN", "Hà Nam")
    client = signed_in(user_with_role(Role.UNIT_HEAD, other.district))
    data = {"unit": other.district.pk, "period": setup.period.pk}
    unseen = client.post(reverse("reports:start"), {**data, "directive": setup.directive.pk})
    missing = client.post(reverse("reports:start"), {**data, "directive": MISSING})
    assert (unseen.status_code, missing.status_code) == (404, 404)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"unit": "VP-VINHYEN"}, "unit"),  # exists, in a province the caller does not see
        ({"unit": "KHONG-CO"}, "unit"),
        ({"period": MISSING}, "period"),
        ({"directive": "{directive}"}, "directive"),
        ({"directive": MISSING}, "directive"),
    ],
)
def test_the_submissions_list_refuses_an_unseen_filter_value_with_a_400(
    province: Province, stranger, query: dict, field: str
) -> None:
    directive = district_directive(province).directive
    client = APIClient()
    client.force_authenticate(stranger)
    params = {k: str(v).format(directive=directive.pk) for k, v in query.items()}
    response = client.get("/api/v1/submissions/", params)
    assert response.status_code == 400, response.json()
    assert list(response.json()) == [field]


def test_the_submissions_list_takes_a_visible_unit(province: Province) -> None:
    client = APIClient()
    client.force_authenticate(user_with_role(Role.REVIEWER, province.root))
    response = client.get("/api/v1/submissions/", {"unit": "VP-VINHYEN"})
    assert response.status_code == 200
