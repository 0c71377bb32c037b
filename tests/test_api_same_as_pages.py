"""An API client sees exactly what the same user sees in the browser, for each role: the same
units, directives and reports, and the same compliance figures as the targets dashboard,
because both ask the same selectors, read layer and permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from directives.models import Target
from reports.compliance.selectors import TargetFigure
from reports.submissions.models import Submission
from reports.submissions.services import submission_save, submission_start
from reports.submissions.validation import ValueInput
from tests.api_client import client_for, everything
from tests.conftest import Province, make_province
from tests.factories import DirectiveFactory, user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from tests.reports.submissions.reporting_fixtures import district_directive
from units.models import Role, Unit, User

pytestmark = pytest.mark.django_db

ROLES = {
    "reporter": (Role.REPORTER, "district"),
    "unit head": (Role.UNIT_HEAD, "district"),
    "commune reporter": (Role.REPORTER, "commune"),
    "reviewer": (Role.REVIEWER, "root"),
    "district leader": (Role.LEADER, "district"),
    "leader": (Role.LEADER, "root"),
}


@pytest.fixture
def reports(province: Province) -> list[Submission]:
    """Drafts of both districts, and a directive of another province."""
    setup = district_directive(province)
    DirectiveFactory(report_to=make_province("BT", "Bình Thuận").root, code="BT-1")
    drafts = []
    for unit in (province.district, province.other_district):
        draft = submission_start(unit=unit, period=setup.period, directive=setup.directive, by=None)
        submission_save(submission=draft, version=1, values=[ValueInput("IT_OFFICERS", Decimal(1))],
                        tasks=[], by=None)  # fmt: skip
        drafts.append(draft)
    return drafts


def user_for(province: Province, who: str) -> User:
    if who == "outsider":  # a reviewer of the other province
        return user_with_role(Role.REVIEWER, Unit.objects.get(code="BT"))
    role, on = ROLES[who]
    return user_with_role(role, getattr(province, on))


def browser_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def listed_on_pages(browser: Client, url: str) -> list:
    rows, number = [], 1
    while True:
        page = browser.get(url, {"page": number}).context["page"]
        rows += list(page.object_list)
        if not page.has_next():
            return rows
        number += 1


@pytest.mark.parametrize("who", [*ROLES, "outsider"])
def test_the_api_and_the_pages_show_the_same_things(province: Province, reports, who: str) -> None:
    user = user_for(province, who)
    api, browser = client_for(user), browser_for(user)

    page_units = {u.code for u in listed_on_pages(browser, "/units/")}
    assert page_units and page_units == {u["code"] for u in everything(api, "/api/v1/units/")}

    page_directives = {d.pk for d in listed_on_pages(browser, "/directives/")}
    assert page_directives == {d["id"] for d in everything(api, "/api/v1/directives/")}

    opened = {
        s.pk
        for s in Submission.objects.all()
        if browser.get(f"/reports/review/{s.pk}/").status_code == 200
    }
    assert opened == {s["id"] for s in everything(api, "/api/v1/submissions/")}
    for submission in Submission.objects.all():
        status = api.get(f"/api/v1/submissions/{submission.pk}/").status_code
        assert status == (200 if submission.pk in opened else 404)


def test_the_comparison_can_tell_roles_apart(province: Province, reports) -> None:
    seen = {
        who: {
            s["id"] for s in everything(client_for(user_for(province, who)), "/api/v1/submissions/")
        }
        for who in ("reporter", "leader", "outsider")
    }
    assert seen == {
        "reporter": {reports[0].pk},
        "leader": {r.pk for r in reports},
        "outsider": set(),
    }


# --- compliance: GET /api/v1/dashboard/compliance/ against /reports/dashboard/{id}/ ---------------

SIX_PLACES = Decimal("0.000001")


def page_figures(rows: list[TargetFigure]) -> dict[tuple, tuple]:
    """Per target (indicator, task, op, target): what the page's rows show."""
    return {
        (f.target.indicator.code, f.target.task.number, f.target.op, f.target.value.normalize()): (
            None if f.value is None else f.value.quantize(SIX_PLACES), f.met, f.status,
            f.units_expected, f.units_reported, f.units_met,
        )
        for f in rows
    }  # fmt: skip


def api_figures(body: dict) -> dict[tuple, tuple]:
    return {
        (t["indicator"], t["task"], t["op"], Decimal(t["target"]).normalize()): (
            None if t["value"] is None else Decimal(t["value"]), t["met"], t["status"],
            t["units_expected"], t["units_reported"], t["units_met"],
        )
        for t in body["targets"]
    }  # fmt: skip


@pytest.mark.parametrize("basis", [None, "official", "provisional"])
@pytest.mark.parametrize(
    ("who", "unit", "area"),
    [("leader", None, "VP"), ("leader", "VP-VINHYEN", "VP-VINHYEN"),
     ("district leader", None, "VP-VINHYEN")],
)  # fmt: skip
def test_the_api_gives_the_figures_the_targets_dashboard_shows(
    province: Province, who: str, unit: str | None, area: str, basis: str | None
) -> None:
    dash: Dashboard = build_dashboard(province)
    user = user_for(province, who)
    query = {"directive": dash.directive.pk, "period": dash.period.pk}
    if unit:
        query["unit"] = unit
    if basis:
        query["basis"] = basis
    page = browser_for(user).get(f"/reports/dashboard/{dash.directive.pk}/", query)
    assert page.status_code == 200
    answer = client_for(user).get("/api/v1/dashboard/compliance/", query)
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    shown = page.context["rows"]
    assert (
        len(shown)
        == len(body["targets"])
        == Target.objects.filter(task__directive=dash.directive).count()
    )
    assert page.context["scope"].area.code == body["unit"] == area
    assert page.context["scope"].basis == body["basis"] == (basis or "official")
    assert page_figures(shown) == api_figures(body)
    completeness = page.context["compliance"].completeness
    assert body["completeness"] == {
        "units_expected": completeness.expected, "units_reported": completeness.submitted,
        "units_accepted": completeness.accepted, "on_time": completeness.on_time,
        "late": completeness.late,
    }  # fmt: skip


def test_the_compliance_comparison_can_tell_areas_apart(province: Province) -> None:
    dash = build_dashboard(province)
    query = {"directive": dash.directive.pk, "period": dash.period.pk}
    figures = {
        who: api_figures(client_for(user_for(province, who)).get(
            "/api/v1/dashboard/compliance/", query).json())
        for who in ("leader", "district leader")
    }  # fmt: skip
    assert figures["leader"].keys() == figures["district leader"].keys()
    assert figures["leader"] != figures["district leader"]


def test_the_compliance_comparison_can_tell_bases_apart(province: Province) -> None:
    dash = build_dashboard(province)
    api = client_for(user_for(province, "leader"))
    query = {"directive": dash.directive.pk, "period": dash.period.pk}
    official = api_figures(api.get("/api/v1/dashboard/compliance/", query).json())
    provisional = api_figures(
        api.get("/api/v1/dashboard/compliance/", {**query, "basis": "provisional"}).json()
    )
    assert official.keys() == provisional.keys()
    assert official != provisional


def test_an_outsider_gets_neither_the_page_nor_the_figures(province: Province) -> None:
    dash = build_dashboard(province)
    make_province("BT", "Bình Thuận")
    user = user_for(province, "outsider")
    query = {"directive": dash.directive.pk, "period": dash.period.pk}
    page = browser_for(user).get(f"/reports/dashboard/{dash.directive.pk}/", query)
    assert page.status_code in (403, 404)
    answer = client_for(user).get("/api/v1/dashboard/compliance/", query)
    assert answer.status_code == 400 and set(answer.json()) == {"directive"}
    assert "targets" not in answer.json()
