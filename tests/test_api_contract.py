"""The contract's rows beyond the basics: filters, ordering, page sizes, read-only reports,
yes/no values, reopening periods, and list endpoints whose query count does not grow."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports.periods.models import Period
from reports.periods.services import period_close
from reports.submissions.models import Submission
from reports.submissions.services import submission_save, submission_start
from reports.submissions.validation import ValueInput
from tests.api_client import client_for, everything
from tests.conftest import Province
from tests.factories import (
    DirectiveFactory,
    IndicatorFactory,
    TargetFactory,
    TargetScopeFactory,
    UnitFactory,
    level,
    user_with_role,
)
from tests.reports.submissions.reporting_fixtures import district_directive
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(province: Province):
    return client_for(user_with_role(Role.LEADER, province.root))


def codes(client, url: str) -> list[str]:
    return [row["code"] for row in client.get(url).json()["results"]]


def test_units_are_ordered_by_code_or_name_either_way(province: Province, leader) -> None:
    by_code = codes(leader, "/api/v1/units/?ordering=code")
    assert (
        by_code == sorted(by_code)
        and codes(leader, "/api/v1/units/?ordering=-code") == by_code[::-1]
    )
    names = [r["name"] for r in leader.get("/api/v1/units/?ordering=name").json()["results"]]
    assert names == sorted(names)


def test_an_unknown_ordering_is_ignored_as_drf_does(province: Province, leader) -> None:
    assert codes(leader, "/api/v1/units/?ordering=password") == codes(leader, "/api/v1/units/")


def test_page_size_lets_a_script_read_more_at_once_within_a_bound(
    province: Province, leader
) -> None:
    body = leader.get("/api/v1/units/?page_size=3").json()
    assert (body["count"], len(body["results"])) == (7, 3) and "page_size=3" in body["next"]
    assert body["previous"] is None
    for bad in ("0", "501", "x", "2.5"):
        response = leader.get(f"/api/v1/units/?page_size={bad}")
        assert response.status_code == 400 and response.json()["page_size"]


def test_directives_filter_by_the_unit_they_report_to(province: Province, leader) -> None:
    DirectiveFactory(report_to=province.dic, code="A/KH")
    DirectiveFactory(report_to=province.home_affairs, code="B/KH")
    assert codes(leader, "/api/v1/directives/?report_to=VP-SNV") == ["B/KH"]
    assert codes(leader, "/api/v1/directives/?ordering=code") == ["A/KH", "B/KH"]


def test_submissions_filter_by_unit_status_and_lateness(province: Province, leader) -> None:
    setup = district_directive(province)
    for unit in (province.district, province.other_district):
        submission_start(unit=unit, period=setup.period, directive=setup.directive, by=None)
    rows = leader.get("/api/v1/submissions/?unit=VP-TAMDAO&status=draft").json()["results"]
    assert [r["unit"] for r in rows] == ["VP-TAMDAO"]
    assert leader.get("/api/v1/submissions/?is_late=true").json()["count"] == 0
    assert leader.get("/api/v1/submissions/?is_late=perhaps").status_code == 400
    assert leader.get("/api/v1/submissions/?status=lost").status_code == 400


def test_a_yes_no_value_reads_back_as_true_or_false(province: Province) -> None:
    setup = district_directive(province)
    portal = IndicatorFactory(code="HAS_PORTAL", kind="boolean", display_unit="")
    TargetScopeFactory(target=TargetFactory(task=setup.digital_signatures, indicator=portal,
                                            value=Decimal(1)), level=level("district"))  # fmt: skip
    head = client_for(user_with_role(Role.UNIT_HEAD, province.district))
    draft = head.post("/api/v1/submissions/", {"unit": "VP-VINHYEN", "period": setup.period.pk,
                                               "directive": setup.directive.pk}, format="json").json()  # fmt: skip
    values = [{"indicator": "HAS_PORTAL", "value": True}, {"indicator": "IT_OFFICERS", "value": 3}]
    saved = head.patch(f"/api/v1/submissions/{draft['id']}/", {"version": 1, "values": values},
                       format="json").json()  # fmt: skip
    read = {v["indicator"]: v["value"] for v in saved["values"]}
    assert read == {"HAS_PORTAL": True, "IT_OFFICERS": "3.0000"}


def test_opening_an_open_period_again_answers_200_and_a_closed_one_reopens(
    province: Province,
) -> None:
    reviewer = client_for(user_with_role(Role.REVIEWER, province.root))
    body = {"kind": "quarter", "year": 2026, "number": 2}
    first = reviewer.post("/api/v1/periods/", body, format="json")
    again = reviewer.post("/api/v1/periods/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    # Opened for the reviewer's province: his province closes it, then he opens it again.
    period_close(period=Period.objects.get(), roots={province.root.pk})
    reopened = reviewer.post("/api/v1/periods/", body, format="json")
    assert reopened.status_code == 201 and reopened.json()["status"] == "open"


def test_a_sent_report_says_why_it_cannot_change(province: Province) -> None:
    setup = district_directive(province)
    draft = submission_start(
        unit=province.district, period=setup.period, directive=setup.directive, by=None
    )
    Submission.objects.filter(pk=draft.pk).update(
        status=Submission.Status.SUBMITTED, submitted_at=timezone.now(), is_late=False
    )
    head = client_for(user_with_role(Role.UNIT_HEAD, province.district))
    for response in (
        head.patch(f"/api/v1/submissions/{draft.pk}/", {"version": 1}, format="json"),
        head.post(f"/api/v1/submissions/{draft.pk}/submit/", {}, format="json"),
    ):
        assert response.status_code == 400 and "không sửa được" in response.json()["detail"]


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_endpoints_cost_the_same_queries_for_few_or_many_rows(
    province: Province, leader
) -> None:
    setup = district_directive(province)
    urls = ["/api/v1/units/", "/api/v1/directives/", "/api/v1/indicators/",
            "/api/v1/periods/", "/api/v1/submissions/"]  # fmt: skip
    draft = submission_start(
        unit=province.district, period=setup.period, directive=setup.directive, by=None
    )
    submission_save(
        submission=draft,
        version=1,
        values=[ValueInput("IT_OFFICERS", Decimal(1))],
        tasks=[],
        by=None,
    )
    for url in urls:  # the user's memberships and provinces are loaded once, on first use
        leader.get(url)
    few = {url: queries_for(leader, url) for url in urls}
    for n in range(12):
        unit = UnitFactory(parent=province.district, level=level("commune"))
        DirectiveFactory(report_to=province.dic)
        IndicatorFactory()
        TargetScopeFactory(target=TargetFactory(task=setup.email), level=None, unit=unit)
        submission = submission_start(
            unit=unit, period=setup.period, directive=setup.directive, by=None
        )
        submission_save(submission=submission, version=1, values=[], tasks=[], by=None)
        Period.objects.create(kind="month", year=2016, number=n + 1, starts_on="2016-01-01",
                              ends_on="2016-01-31", due_on="2016-02-02")  # fmt: skip
    assert len(everything(leader, "/api/v1/submissions/")) == 13
    assert {url: queries_for(leader, url) for url in urls} == few
