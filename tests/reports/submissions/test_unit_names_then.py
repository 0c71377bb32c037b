"""Old reports show their unit under the name it had on the period's dates: Sở Thông tin và
Truyền thông reported Q4/2016 and was renamed "Sở Khoa học, Công nghệ và Truyền thông" on
1/7/2025; its Q4/2016 report keeps the old name everywhere, a report of Q3/2025 the new one."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from reports.periods.models import ProvincePeriod
from reports.submissions.models import Submission
from tests.conftest import Province
from tests.factories import PeriodFactory, UnitFactory, UserFactory, level, user_with_role
from tests.reports.compliance.dashboard_fixtures import send_report
from tests.reports.compliance.restate_fixtures import DOCUMENT, MERGED_ON, Merger
from tests.reports.compliance.restate_fixtures import NEW_NAME as NEW
from tests.reports.compliance.restate_fixtures import OLD_NAME as OLD
from units.models import Role
from units.selectors import unit_names
from units.services import unit_rename

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(province: Province) -> Client:
    client = Client()
    client.force_login(user_with_role(Role.REVIEWER, province.root))
    return client


def old_report(renamed: Merger, province: Province):
    return renamed.directive.submissions.get(unit=province.dic, period=renamed.period)


def _more_renamed_units_with_reports(renamed: Merger, province: Province) -> None:
    """Five more departments, each with a report in the renamed unit's period and renamed after."""
    for number in range(5):
        unit = UnitFactory(code=f"VP-S{number}", name=f"Sở {number}", parent=province.root,
                           level=level("department"))  # fmt: skip
        send_report(renamed.directive, renamed.period, unit, {"DOCS_ONLINE": (90, 100)})
        unit_rename(unit=unit, new_name=f"Sở mới {number}", effective_on=MERGED_ON,
                    legal_document=DOCUMENT, by=None)  # fmt: skip


def test_the_names_of_many_units_on_many_dates_are_read_in_one_query(
    province: Province, django_assert_num_queries
) -> None:
    unit_rename(unit=province.home_affairs, new_name="Sở Nội vụ (2)",
                effective_on=dt.date(2020, 1, 1), legal_document="QĐ 1", by=None)  # fmt: skip
    unit_rename(unit=province.home_affairs, new_name="Sở Nội vụ (3)",
                effective_on=dt.date(2025, 1, 1), legal_document="QĐ 2", by=None)  # fmt: skip
    unit_rename(unit=province.district, new_name="UBND phường Vĩnh Yên",
                effective_on=dt.date(2025, 7, 1), legal_document="NQ 3", by=None)  # fmt: skip
    units = [province.home_affairs, province.district, province.commune]
    with django_assert_num_queries(1):
        names = unit_names(units)
    with django_assert_num_queries(0):
        assert [names.on(province.home_affairs, dt.date(y, 6, 30)) for y in (2019, 2021, 2026)] == [
            "Sở Nội vụ", "Sở Nội vụ (2)", "Sở Nội vụ (3)",
        ]  # fmt: skip
        assert names.on(province.district, dt.date(2025, 6, 30)) == "UBND thành phố Vĩnh Yên"
        assert names.on(province.district, dt.date(2025, 7, 1)) == "UBND phường Vĩnh Yên"
        assert names.on(province.commune, dt.date(2016, 1, 1)) == province.commune.name
    with django_assert_num_queries(0):
        assert unit_names([]).renames == {}


def test_the_review_page_and_its_history_show_the_name_of_the_period(
    renamed: Merger, province: Province, reviewer: Client
) -> None:
    report = old_report(renamed, province)
    for name in ("reports:review", "reports:history"):
        html = reviewer.get(reverse(name, args=[report.pk])).content.decode()
        assert f"<h1>{OLD}" in html or f": {OLD} ·" in html, name
        assert NEW not in html, name


def test_the_report_page_shows_the_name_of_the_period(renamed: Merger, province: Province) -> None:
    reporter = Client()
    reporter.force_login(user_with_role(Role.REPORTER, province.dic))
    html = reporter.get(reverse("reports:edit", args=[old_report(renamed, province).pk])).content
    assert f"<h1>{OLD} — " in html.decode()


def test_the_review_queue_names_each_report_as_on_its_period_in_a_fixed_number_of_queries(
    renamed: Merger, province: Province, reviewer: Client
) -> None:
    after = PeriodFactory(kind="quarter", year=2025, number=3, starts_on=MERGED_ON,
                          ends_on=dt.date(2025, 9, 30), due_on=dt.date(2025, 10, 5))  # fmt: skip
    send_report(renamed.directive, after, province.dic, {"DOCS_ONLINE": (96, 100)})
    url = reverse("reports:review_queue") + "?status=accepted"
    with CaptureQueriesContext(connection) as first:
        page = reviewer.get(url)
    names = {(s.period.pk, s.unit.pk): name for s, name in page.context["rows"]}
    assert names[(renamed.period.pk, province.dic.pk)] == OLD
    assert names[(after.pk, province.dic.pk)] == NEW
    # More renamed units with reports: the same number of queries.
    _more_renamed_units_with_reports(renamed, province)
    with CaptureQueriesContext(connection) as second:
        page = reviewer.get(url)
    assert len(second.captured_queries) == len(first.captured_queries)
    shown = [name for _, name in page.context["rows"]]
    assert "Sở 3" in shown and "Sở mới 3" not in shown


def test_my_reports_name_the_unit_as_on_each_period(renamed: Merger, province: Province) -> None:
    after = PeriodFactory(kind="quarter", year=2025, number=3, starts_on=MERGED_ON,
                          ends_on=dt.date(2025, 9, 30), due_on=dt.date(2025, 10, 5))  # fmt: skip
    reporter = Client()
    reporter.force_login(user_with_role(Role.REPORTER, province.dic))
    page = reporter.get(reverse("reports:my_reports"))
    names = {o.period.pk: o.unit_name for o in page.context["obligations"]}
    assert names == {renamed.period.pk: OLD, after.pk: NEW}
    assert f"<td>{OLD}</td>" in page.content.decode()


def test_the_admin_lists_name_each_unit_as_on_its_period_in_a_fixed_number_of_queries(
    renamed: Merger, province: Province
) -> None:
    reviewer = Client()
    reviewer.force_login(user_with_role(Role.REVIEWER, province.root, is_staff=True))
    after = PeriodFactory(kind="quarter", year=2025, number=3, starts_on=MERGED_ON,
                          ends_on=dt.date(2025, 9, 30), due_on=dt.date(2025, 10, 5))  # fmt: skip
    send_report(renamed.directive, after, province.dic, {"DOCS_ONLINE": (96, 100)})
    url = reverse("admin:reports_submission_changelist")
    with CaptureQueriesContext(connection) as first:
        page = reviewer.get(url).content.decode()
    rows = page.split("<tbody>")[1]
    assert f">{OLD}<" in rows and f">{NEW}<" in rows
    _more_renamed_units_with_reports(renamed, province)
    with CaptureQueriesContext(connection) as second:
        rows = reviewer.get(url).content.decode().split("<tbody>")[1]
    assert len(second.captured_queries) == len(first.captured_queries)
    assert ">Sở 3<" in rows and "Sở mới 3" not in rows
    # The provinces' own decisions on periods: the province as named then.
    ProvincePeriod.objects.create(period=renamed.period, root=province.root, status="closed")
    ProvincePeriod.objects.create(period=after, root=province.root, status="open")
    unit_rename(unit=province.root, new_name="UBND tỉnh Phú Thọ", effective_on=MERGED_ON,
                legal_document=DOCUMENT, by=None)  # fmt: skip
    admin = Client()
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = admin.get(reverse("admin:reports_provinceperiod_changelist")).content.decode()
    rows = page.split("<tbody>")[1]
    assert ">UBND tỉnh Vĩnh Phúc<" in rows and ">UBND tỉnh Phú Thọ<" in rows


def test_the_review_messages_and_the_excel_template_name_the_unit_as_on_the_period(
    renamed: Merger, province: Province, reviewer: Client
) -> None:
    report = old_report(renamed, province)
    report.status = Submission.Status.SUBMITTED
    report.save(update_fields=["status"])
    answer = reviewer.post(reverse("reports:return", args=[report.pk]),
                           {"comment": "Bổ sung minh chứng."}, follow=True)  # fmt: skip
    told = [str(m) for m in answer.context["messages"]]
    assert told == [f"Đã trả lại báo cáo Quý IV năm 2016 cho {OLD} kèm ý kiến."]
    reporter = Client()
    reporter.force_login(user_with_role(Role.REPORTER, province.dic))
    data = reporter.get(reverse("reports:excel_template", args=[report.pk]))
    book = load_workbook(io.BytesIO(b"".join(data.streaming_content)
                                    if data.streaming else data.content))  # fmt: skip
    cells = {c.value for row in book.worksheets[0].iter_rows() for c in row}
    assert OLD in cells and NEW not in cells
