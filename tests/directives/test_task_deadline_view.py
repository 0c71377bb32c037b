"""The page where a DIC officer records a deadline extension with its approving document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from directives.models import TaskDeadlineChange
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import Setup, district_directive
from units.models import Role

pytestmark = pytest.mark.django_db
FORM = {
    "new_due_on": "30/09/2016",
    "unit": "",
    "document_number": "1234/UBND-CN",
    "document_date": "15/07/2016",
    "reason": "Chờ cấp chứng thư số",
}


@pytest.fixture
def setup(province: Province) -> Setup:
    return district_directive(province)


def url(setup: Setup) -> str:
    return reverse("directives:task_deadline", args=[setup.digital_signatures.pk])


def test_a_dic_officer_records_an_extension_for_one_district(
    client: Client, setup: Setup, province: Province
) -> None:
    officer = user_with_role(Role.REVIEWER, province.root, full_name="Trần Thị Bình")
    client.force_login(officer)
    page = client.get(url(setup)).content.decode()
    assert "30/06/2016" in page and "UBND huyện Tam Đảo" in page  # original, assigned units
    response = client.post(url(setup), {**FORM, "unit": province.district.pk}, follow=True)
    change = TaskDeadlineChange.objects.get()
    assert (change.new_due_on, change.unit, change.recorded_by) == (
        dt.date(2016, 9, 30), province.district, officer,
    )  # fmt: skip
    html = response.content.decode()
    assert "Đã ghi nhận gia hạn nhiệm vụ." in html and "1234/UBND-CN, 15/07/2016" in html


def test_a_refused_extension_is_explained_and_nothing_saved(
    client: Client, setup: Setup, province: Province
) -> None:
    client.force_login(user_with_role(Role.REVIEWER, province.root))
    response = client.post(url(setup), {**FORM, "new_due_on": "01/06/2016"})
    assert response.status_code == 400
    assert "Thời hạn mới phải sau thời hạn ban đầu (30/06/2016)." in response.content.decode()
    assert not TaskDeadlineChange.objects.exists()


def test_a_unit_not_assigned_cannot_be_chosen(
    client: Client, setup: Setup, province: Province
) -> None:
    client.force_login(user_with_role(Role.REVIEWER, province.root))
    response = client.post(url(setup), {**FORM, "unit": province.home_affairs.pk})
    assert response.status_code == 400
    assert not TaskDeadlineChange.objects.exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.REPORTER, Role.UNIT_HEAD])
def test_leaders_and_unit_staff_may_not_extend(
    client: Client, setup: Setup, province: Province, role: str
) -> None:
    unit = province.root if role == Role.LEADER else province.district
    client.force_login(user_with_role(role, unit))
    assert client.get(url(setup)).status_code == 403
    assert client.post(url(setup), FORM).status_code == 403


def test_another_provinces_officer_gets_404(client: Client, setup: Setup, outsider) -> None:
    client.force_login(user_with_role(Role.REVIEWER, outsider.memberships.get().unit.parent))
    assert client.get(url(setup)).status_code == 404


def test_the_page_answers_only_get_and_post(
    client: Client, setup: Setup, province: Province
) -> None:
    client.force_login(user_with_role(Role.REVIEWER, province.root))
    assert client.put(url(setup)).status_code == 405
