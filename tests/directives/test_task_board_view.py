"""The task board page: who may open it, its filters in the URL, its query count."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.conftest import Province
from tests.factories import DirectiveFactory, UnitFactory, level, user_with_role
from tests.reports.submissions.board_fixtures import VN, q3_plan, report_tasks
from units.models import Role, User
from units.services import unit_rename

pytestmark = pytest.mark.django_db
URL = reverse("directives:task_board")


@pytest.fixture(autouse=True)
def first_of_october_2016():
    with time_machine.travel(dt.datetime(2016, 10, 1, 9, 0, tzinfo=VN), tick=False):
        yield


def get(client: Client, user: User, query: str = ""):
    client.force_login(user)
    return client.get(f"{URL}{query}")


def table(response) -> str:
    """The board's rows, without the filter form (whose choices name every unit)."""
    return response.content.decode().split("<tbody>")[1]


def test_a_dic_officer_sees_statuses_most_overdue_first_with_links_to_reports(
    client: Client, province: Province
) -> None:
    setup = q3_plan(province)
    report = report_tasks(setup, province.district, dt.date(2016, 9, 16), signatures="done_on_time")
    response = get(client, user_with_role(Role.REVIEWER, province.root))
    assert response.status_code == 200
    html = table(response)
    assert html.index("UBND huyện Tam Đảo") < html.index("Hoàn thành quá hạn")
    assert "Quá hạn, chưa hoàn thành" in html
    assert "93 ngày" in html and "76 ngày" in html
    assert reverse("reports:review", args=[report.pk]) in html


def test_filters_live_in_the_query_string(client: Client, province: Province) -> None:
    setup = q3_plan(province)
    report_tasks(setup, province.district, dt.date(2016, 9, 16), signatures="done_on_time")
    reviewer = user_with_role(Role.REVIEWER, province.root)
    html = table(get(client, reviewer, "?status=done_late&level=district"))
    assert "UBND thành phố Vĩnh Yên" in html and "UBND huyện Tam Đảo" not in html
    html = table(get(client, reviewer, "?unit=VP-TAMDAO&due_month=2016-06"))
    assert "UBND huyện Tam Đảo" in html and "UBND thành phố Vĩnh Yên" not in html


def test_a_bad_month_is_explained_and_the_rest_of_the_board_still_shows(
    client: Client, province: Province
) -> None:
    q3_plan(province)
    response = get(client, user_with_role(Role.LEADER, province.root), "?due_month=tháng-bảy")
    assert response.status_code == 200
    assert "Nhập tháng dạng 07/2016." in response.content.decode()
    assert "UBND huyện Tam Đảo" in table(response)


def test_an_extension_shows_the_original_deadline(client: Client, province: Province) -> None:
    from directives.services import task_deadline_change

    setup = q3_plan(province)
    task_deadline_change(
        task=setup.digital_signatures, new_due_on=dt.date(2016, 12, 31),
        document_number="88/UBND-KGVX", document_date=dt.date(2016, 6, 20), by=None,
    )  # fmt: skip
    html = get(client, user_with_role(Role.REVIEWER, province.root)).content.decode()
    assert "31/12/2016" in html and "hạn ban đầu 30/06/2016" in html


@pytest.mark.parametrize("role", [Role.REPORTER, Role.UNIT_HEAD])
def test_unit_staff_may_not_open_the_board(client: Client, province: Province, role: str) -> None:
    assert get(client, user_with_role(role, province.district)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_board_answers_only_get(client: Client, province: Province) -> None:
    client.force_login(user_with_role(Role.REVIEWER, province.root))
    assert client.post(URL).status_code == 405


def test_the_page_costs_the_same_queries_however_many_districts(
    client: Client, province: Province, django_assert_num_queries
) -> None:
    setup = q3_plan(province)
    reviewer = user_with_role(Role.REVIEWER, province.root)
    client.force_login(reviewer)
    client.get(URL)  # warm the session
    # Session, user, the permission check, the default directive and area, the filter form's
    # choices, then the board (its units' names on the rows' days: one).
    with django_assert_num_queries(23):
        assert client.get(URL).status_code == 200
    for n in range(6):
        district = UnitFactory(code=f"VP-H{n}", parent=province.root, level=level("district"))
        report_tasks(setup, district, dt.date(2016, 9, 20), signatures="in_progress")
    with django_assert_num_queries(23):
        assert client.get(URL).status_code == 200


def test_the_board_opens_on_the_directive_in_force_and_the_users_area(
    client: Client, province: Province
) -> None:
    setup = q3_plan(province)
    DirectiveFactory(report_to=province.dic, code="01/CT-CU", issued_on=dt.date(2010, 1, 1),
                     effective_from=dt.date(2010, 1, 1), effective_to=dt.date(2012, 12, 31))  # fmt: skip
    response = get(client, user_with_role(Role.LEADER, province.root))
    html = response.content.decode()
    assert f'<option value="{setup.directive.pk}" selected>' in html
    assert f'<option value="{province.root.code}" selected>' in html
    assert "Tất cả văn bản" in html and "UBND huyện Tam Đảo" in table(response)
    everything = get(client, user_with_role(Role.LEADER, province.root), "?directive=&unit=")
    assert '<option value="" selected>Tất cả văn bản</option>' in everything.content.decode()


def test_each_row_names_its_unit_as_on_the_period_or_deadline_it_is_judged_on(
    client: Client, province: Province
) -> None:
    q3_plan(province)  # signatures due 30/06/2016; e-mail judged on Q3/2016 (ends 14/09)
    # Vĩnh Yên renamed after both days: its rows keep the old name. Tam Đảo renamed before
    # its deadline: its row has the new one.
    unit_rename(unit=province.district, new_name="UBND phường Vĩnh Yên",
                effective_on=dt.date(2016, 9, 20), legal_document="NQ 1", by=None)  # fmt: skip
    unit_rename(unit=province.other_district, new_name="UBND xã Tam Đảo",
                effective_on=dt.date(2016, 6, 1), legal_document="NQ 2", by=None)  # fmt: skip
    response = get(client, user_with_role(Role.REVIEWER, province.root))
    names = {(row.task.number, row.unit.code): row.unit_name for row in response.context["page"]}
    assert names == {
        ("1", "VP-VINHYEN"): "UBND thành phố Vĩnh Yên",
        ("2", "VP-VINHYEN"): "UBND thành phố Vĩnh Yên",
        ("1", "VP-TAMDAO"): "UBND xã Tam Đảo",
    }
    html = table(response)
    assert "UBND thành phố Vĩnh Yên" in html and "UBND phường Vĩnh Yên" not in html
    assert "UBND xã Tam Đảo" in html and "UBND huyện Tam Đảo" not in html
