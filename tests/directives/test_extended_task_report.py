"""A report's task status is judged against the deadline in force, as the task board judges it.

Q3/2016 (window 15/06–14/09, report due 17/09); digital signatures due 30/06/2016, extended
for Vĩnh Yên only to 31/08/2016 by a document of 10/07/2016.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from directives.deadlines import Status
from directives.services import task_deadline_change
from reports.compliance.services import compliance_compute
from reports.exports.content import BASIS, report_content
from reports.submissions.models import TaskUpdate
from reports.submissions.task_board import BoardFilters, task_board
from tests.api_client import VALUES, client_for
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.submissions.board_fixtures import VN, q3_plan
from tests.reports.submissions.reporting_fixtures import Setup
from units.models import Role, Unit

pytestmark = pytest.mark.django_db
SENT_ON = dt.date(2016, 9, 12)


@pytest.fixture
def setup(province: Province) -> Setup:
    setup = q3_plan(province)
    task_deadline_change(
        task=setup.digital_signatures,
        unit=province.district,
        new_due_on=dt.date(2016, 8, 31),
        document_number="1234/UBND-CN",
        document_date=dt.date(2016, 7, 10),
        by=None,
    )
    return setup


def report_through_the_api(setup: Setup, unit: Unit, completed_on: dt.date) -> dict:
    """The unit's head saves and sends a report saying signatures were done on `completed_on`
    (and claims it on time); the answer is the sent report as the API shows it."""
    head: APIClient = client_for(user_with_role(Role.UNIT_HEAD, unit))
    tasks = [
        {"task": "1", "status": "done_on_time", "note": "Đã cấp chứng thư số",
         "completed_on": completed_on.isoformat()},
    ]  # fmt: skip
    if setup.email.assignees.filter(unit=unit).exists():  # Vĩnh Yên supports the e-mail task
        tasks.append({"task": "2", "status": "in_progress", "note": "Duy trì hằng ngày"})
    with time_machine.travel(dt.datetime.combine(SENT_ON, dt.time(9), tzinfo=VN), tick=False):
        draft = head.post(
            "/api/v1/submissions/",
            {"unit": unit.code, "period": setup.period.pk, "directive": setup.directive.pk},
            format="json",
        ).json()
        url = f"/api/v1/submissions/{draft['id']}/"
        saved = head.patch(url, {"version": 1, "values": VALUES, "task_updates": tasks}, format="json")  # fmt: skip
        assert saved.status_code == 200, saved.json()
        assert head.post(url + "submit/", {}, format="json").status_code == 200
    return head.get(url).json()


def api_status(body: dict) -> str:
    return next(t["status"] for t in body["task_updates"] if t["task"] == "1")


def board_status(province: Province, unit: Unit) -> Status:
    reviewer = user_with_role(Role.REVIEWER, province.root)
    rows = task_board(user=reviewer, filters=BoardFilters(unit=unit), as_of=dt.date(2016, 10, 1))
    return next(r.judgement.status for r in rows if r.task.number == "1")


def test_done_after_the_original_deadline_but_before_the_extended_one_is_on_time_everywhere(
    province: Province, setup: Setup
) -> None:
    body = report_through_the_api(setup, province.district, dt.date(2016, 7, 20))

    assert api_status(body) == "done_on_time"
    stored = TaskUpdate.objects.get(submission_id=body["id"], task=setup.digital_signatures)
    assert stored.status == "done_on_time"
    assert board_status(province, province.district) == Status.DONE_ON_TIME
    # The PDF report and the workbook count the accepted reports' stored statuses.
    reviewer = client_for(user_with_role(Role.REVIEWER, province.root))
    accepted = reviewer.post(f"/api/v1/submissions/{body['id']}/accept/", format="json")
    assert accepted.status_code == 200, accepted.json()
    compliance_compute(directive=setup.directive, period=setup.period, basis=BASIS)
    content = report_content(directive=setup.directive, period=setup.period, area=province.root)
    signatures = next(t for t in content.tasks if t.task == setup.digital_signatures)
    assert signatures.statuses == [("Hoàn thành đúng hạn", 1)]


def test_done_after_the_extended_deadline_is_late_everywhere(
    province: Province, setup: Setup
) -> None:
    body = report_through_the_api(setup, province.district, dt.date(2016, 9, 5))

    assert api_status(body) == "done_late"
    assert board_status(province, province.district) == Status.DONE_LATE


def test_the_extension_of_one_unit_does_not_excuse_another(
    province: Province, setup: Setup
) -> None:
    body = report_through_the_api(setup, province.other_district, dt.date(2016, 7, 20))

    assert api_status(body) == "done_late"
    assert board_status(province, province.other_district) == Status.DONE_LATE


def test_an_extension_approved_after_the_report_was_saved_did_not_count_yet(
    province: Province,
) -> None:
    setup = q3_plan(province)
    task_deadline_change(
        task=setup.digital_signatures,
        unit=province.district,
        new_due_on=dt.date(2016, 8, 31),
        document_number="1234/UBND-CN",
        document_date=dt.date(2016, 9, 13),  # the day after the report
        by=None,
    )
    body = report_through_the_api(setup, province.district, dt.date(2016, 7, 20))

    # As the board judged it on the day the report was saved.
    assert api_status(body) == "done_late"
