"""Recording a deadline extension: only with its approving document, only forward."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from config.errors import DomainError
from directives.models import TaskDeadlineChange
from directives.services import task_deadline_change
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive
from units.models import Role

pytestmark = pytest.mark.django_db


def change(task, **kwargs: Any):
    values = {
        "new_due_on": dt.date(2016, 9, 30),
        "document_number": "1234/UBND-CN",
        "document_date": dt.date(2016, 7, 15),
        "by": None,
        **kwargs,
    }
    return task_deadline_change(task=task, **values)


def test_an_extension_is_recorded_with_its_document_and_the_task_keeps_its_due_date(
    province: Province,
) -> None:
    setup = district_directive(province)
    officer = user_with_role(Role.REVIEWER, province.root)
    recorded = change(setup.digital_signatures, unit=province.district, by=officer)
    recorded.refresh_from_db()
    assert (recorded.document_number, recorded.recorded_by, recorded.unit) == (
        "1234/UBND-CN",
        officer,
        province.district,
    )
    setup.digital_signatures.refresh_from_db()
    assert setup.digital_signatures.due_on == dt.date(2016, 6, 30)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"document_number": "  "}, "Hãy ghi số văn bản cho phép gia hạn."),
        (
            {"new_due_on": dt.date(2016, 6, 30)},
            "Thời hạn mới phải sau thời hạn ban đầu (30/06/2016).",
        ),
    ],
)
def test_it_refuses_an_extension_without_a_document_or_not_later(
    province: Province, kwargs: dict, message: str
) -> None:
    setup = district_directive(province)
    with pytest.raises(DomainError, match=message.replace("(", r"\(").replace(")", r"\)")):
        change(setup.digital_signatures, **kwargs)
    assert not TaskDeadlineChange.objects.exists()


def test_it_refuses_a_recurring_task_and_a_unit_not_assigned(province: Province) -> None:
    setup = district_directive(province)
    with pytest.raises(DomainError, match="Nhiệm vụ thường xuyên"):
        change(setup.email)
    with pytest.raises(DomainError, match="Sở Nội vụ không thực hiện nhiệm vụ này"):
        change(setup.digital_signatures, unit=province.home_affairs)
    assert not TaskDeadlineChange.objects.exists()
