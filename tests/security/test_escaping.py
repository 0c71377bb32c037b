"""Script typed into free-text fields comes back as text on every page that shows it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reports.submissions.models import Submission
from reports.submissions.services import submission_return
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.submissions.review_plan import Plan, plan, save, send, submit
from units.models import Role, User

pytestmark = pytest.mark.django_db

# One payload per field, so a page that shows the wrong field cannot pass by accident.
PAYLOADS = {
    "unit": '<script>alert("unit")</script>',
    "directive": '"><img src=x onerror=alert("directive")>',
    "task": "<svg onload=alert('task')>",
    "progress": '<script>alert("progress")</script>',
    "difficulties": "<iframe src=javascript:alert('difficulties')>",
    "comment": '</textarea><script>alert("comment")</script>',
    "indicator": '<img src=x onerror=alert("indicator")>',
    "ratio_part": "<b onmouseover=alert('ratio_part')>",
    "display_unit": '"><script>alert("display_unit")</script>',
    "note": '</textarea><svg onload=alert("note")>',
}


@pytest.fixture
def hostile(province: Province) -> tuple[Plan, Submission, User, User]:
    """A report whose every free text is a script, returned with a script as the comment."""
    province.district.name = PAYLOADS["unit"]
    province.district.save()
    setup = plan(province)
    setup.directive.title = PAYLOADS["directive"]
    setup.directive.save()
    setup.directive.tasks.update(title=PAYLOADS["task"])
    setup.services.name, setup.services.display_unit = (
        PAYLOADS["indicator"],
        PAYLOADS["display_unit"],
    )
    setup.services.save()
    setup.signed.numerator_label = PAYLOADS["ratio_part"]
    setup.signed.save()
    head = user_with_role(Role.UNIT_HEAD, province.district)
    reviewer = user_with_role(Role.REVIEWER, province.root)
    submission = send(setup, province.district, by=head, progress=PAYLOADS["progress"])
    submission_return(submission=submission, comment=PAYLOADS["comment"], by=reviewer)
    submission.refresh_from_db()
    submission.task_updates.update(difficulties=PAYLOADS["difficulties"])
    submission.values.update(note=PAYLOADS["note"])
    return setup, submission, head, reviewer


def _assert_escaped(page: str, fields: list[str]) -> None:
    for field in fields:
        payload = PAYLOADS[field]
        assert payload not in page, f"{field} shown unescaped"
        escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped.replace('"', "&quot;").replace("'", "&#x27;") in page, f"{field} not shown"


def test_the_review_page_shows_every_free_text_escaped(client: Client, hostile) -> None:
    _setup, submission, _head, reviewer = hostile
    client.force_login(reviewer)
    page = client.get(reverse("reports:review", args=[submission.pk])).content.decode()
    _assert_escaped(page, ["unit", "directive", "task", "progress", "difficulties", "comment"])


def test_the_report_form_and_my_reports_show_them_escaped(client: Client, hostile) -> None:
    _setup, submission, head, _reviewer = hostile
    client.force_login(head)
    form = client.get(reverse("reports:edit", args=[submission.pk])).content.decode()
    _assert_escaped(
        form,
        ["unit", "task", "progress", "difficulties", "comment", "indicator", "ratio_part",
         "display_unit", "note"],
    )  # fmt: skip
    mine = client.get(reverse("reports:my_reports")).content.decode()
    _assert_escaped(mine, ["unit", "comment"])


def test_the_queue_and_the_version_comparison_show_them_escaped(client: Client, hostile) -> None:
    setup, submission, head, reviewer = hostile
    submit(save(submission, setup, head, progress=PAYLOADS["progress"] + " (sửa)"), head)
    client.force_login(reviewer)
    queue = client.get(reverse("reports:review_queue")).content.decode()
    _assert_escaped(queue, ["unit"])
    versions = client.get(reverse("reports:versions", args=[submission.pk])).content.decode()
    _assert_escaped(versions, ["progress"])


def test_the_directive_task_and_unit_lists_show_them_escaped(client: Client, hostile) -> None:
    setup, _submission, head, _reviewer = hostile
    client.force_login(head)
    _assert_escaped(client.get(reverse("directives:list")).content.decode(), ["directive"])
    detail = client.get(reverse("directives:detail", args=[setup.directive.pk]))
    _assert_escaped(detail.content.decode(), ["directive", "task"])
    _assert_escaped(client.get(reverse("directives:tasks")).content.decode(), ["task"])
    _assert_escaped(client.get(reverse("units:list")).content.decode(), ["unit"])
