"""An API client sees exactly what the same user sees in the browser, for each role: the same
units, directives and reports, because both ask the same selectors and permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from reports.models import Submission
from reports.submissions import submission_save, submission_start
from reports.validation import ValueInput
from tests.conftest import Province, make_province
from tests.factories import DirectiveFactory, user_with_role
from tests.reports.reporting_fixtures import district_directive
from tests.test_api_read import client_for, everything
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
def test_the_api_and_the_pages_show_the_same_things(province: Province, reports, who: str) -> None:  # type: ignore[no-untyped-def]
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


def test_the_comparison_can_tell_roles_apart(province: Province, reports) -> None:  # type: ignore[no-untyped-def]
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
