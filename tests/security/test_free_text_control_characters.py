"""One validator (config.text) refuses control characters in every free text a person types:
review comments and reopen reasons (web form and API), notes, difficulties and proposals,
names; line breaks and tabs are kept where a text has several lines."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from directives.forms import TaskDeadlineChangeForm
from reports.models import Submission
from tests.conftest import Province, signed_in
from tests.factories import UnitFactory, UserFactory, level, user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive, sent_report, start
from units.models import Role, Unit

pytestmark = pytest.mark.django_db
CONTROLS = ["\u0007", "\x1b[31m", "\x00", "\x7f", "\x85"]


@pytest.fixture
def reviewer(province: Province):
    return user_with_role(Role.REVIEWER, province.root)


@pytest.mark.parametrize("char", CONTROLS)
def test_the_api_refuses_a_review_comment_with_a_control_character_on_its_field(
    province: Province, reviewer, char: str
) -> None:
    submission = sent_report(province)
    client = APIClient()
    client.force_authenticate(reviewer)
    response = client.post(
        f"/api/v1/submissions/{submission.pk}/return/", {"comment": f"Bổ{char} sung"}, format="json"
    )
    assert response.status_code == 400
    assert "ký tự điều khiển" in response.json()["comment"][0]
    submission.refresh_from_db()
    assert (submission.status, submission.review_comment) == ("submitted", "")


@pytest.mark.parametrize(
    ("url", "field"), [("reports:return", "comment"), ("reports:reopen", "reason")]
)
def test_the_review_page_refuses_a_comment_or_reason_with_a_control_character(
    province: Province, reviewer, url: str, field: str
) -> None:
    submission = sent_report(province)
    client = signed_in(reviewer)
    response = client.post(
        reverse(url, args=[submission.pk]), {field: "Sai số\u0007 liệu"}, follow=True
    )
    assert "ký tự điều khiển U+0007" in response.content.decode()
    submission.refresh_from_db()
    assert (submission.status, submission.review_comment) == ("submitted", "")


def test_a_multi_line_review_comment_keeps_its_line_breaks(province: Province, reviewer) -> None:
    submission = sent_report(province)
    client = APIClient()
    client.force_authenticate(reviewer)
    comment = "Bổ sung:\n\t- minh chứng\r\n- số liệu"
    response = client.post(
        f"/api/v1/submissions/{submission.pk}/return/", {"comment": comment}, format="json"
    )
    assert response.status_code == 200
    assert Submission.objects.get(pk=submission.pk).review_comment == comment.strip()


@pytest.mark.parametrize("part", ["note", "difficulties", "proposals"])
def test_the_api_refuses_task_texts_with_a_control_character(province: Province, part: str) -> None:
    submission = start(district_directive(province), province)
    client = APIClient()
    client.force_authenticate(user_with_role(Role.UNIT_HEAD, province.district))
    update = {"task": "1", "status": "in_progress", part: "Thiếu\x1b kinh phí"}
    response = client.patch(
        f"/api/v1/submissions/{submission.pk}/",
        {"version": 1, "task_updates": [update]},
        format="json",
    )
    assert response.status_code == 400
    assert "U+001B" in response.json()["task_updates"]["1"][part][0]


def test_the_api_refuses_a_value_note_with_a_control_character(province: Province) -> None:
    submission = start(district_directive(province), province)
    client = APIClient()
    client.force_authenticate(user_with_role(Role.UNIT_HEAD, province.district))
    value = {"indicator": "IT_OFFICERS", "value": 2, "note": "Theo\u0007 quyết định"}
    response = client.patch(
        f"/api/v1/submissions/{submission.pk}/", {"version": 1, "values": [value]}, format="json"
    )
    assert response.status_code == 400
    assert "U+0007" in response.json()["values"]["IT_OFFICERS"]["note"][0]


@pytest.mark.parametrize("field", ["name", "kind"])
def test_a_unit_name_typed_in_the_admin_refuses_a_control_character(field: str) -> None:
    unit = UnitFactory.build(code="HNAM", level=level("province"), parent=None)
    setattr(unit, field, "UBND tỉnh\u0007 Hà Nam")
    with pytest.raises(ValidationError) as caught:
        unit.full_clean()
    assert "U+0007" in caught.value.message_dict[field][0]
    assert not Unit.objects.filter(code="HNAM").exists()


def test_a_persons_name_refuses_a_control_character() -> None:
    user = UserFactory.build(full_name="Nguyễn\x1b Văn A")
    with pytest.raises(ValidationError) as caught:
        user.full_clean(exclude=["password"])
    assert "U+001B" in caught.value.message_dict["full_name"][0]


def test_a_deadline_change_refuses_control_characters_in_its_number_and_reason(
    province: Province,
) -> None:
    form = TaskDeadlineChangeForm(
        {
            "new_due_on": "2016-12-31",
            "document_number": "12/QĐ\u0007",
            "document_date": "2016-06-01",
            "reason": "Thiếu\x00 kinh phí\nchờ bổ sung",
        },
        units=Unit.objects.none(),
    )
    assert not form.is_valid()
    assert set(form.errors) == {"document_number", "reason"}
