"""The change log in Chromium: a unit changes a figure in its report, and the reviewer, from the
review page, sees who changed it, when, from where, and the value before and after."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from reports.submissions.models import Submission
from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.e2e.journey import fill_report
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_sees_who_changed_a_figure_when_and_its_value_before_and_after(
    live_server, browser: Browser, page: Page, province: Province
) -> None:
    district_directive(province)
    user_with_role(Role.REPORTER, province.district, username="baocao", full_name="Nguyễn Văn An")
    user_with_role(Role.REVIEWER, province.root, username="thamdinh", full_name="Trần Thị Bình")

    log_in(page, live_server.url, "baocao")
    page.get_by_role("link", name="Báo cáo của tôi").click()
    page.get_by_role("button", name="Bắt đầu").click()
    fill_report(page, officers="2")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("#report-status")).to_contain_text("Đã lưu lúc")
    page.reload()
    page.locator("input[name='value:IT_OFFICERS:value']").fill("5")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("#report-status")).to_contain_text("Đã lưu lúc")
    page.reload()
    expect(page.locator("input[name='value:IT_OFFICERS:value']")).to_have_value("5")

    officer = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    log_in(officer, live_server.url, "thamdinh")
    officer.goto(f"{live_server.url}/reports/review/{Submission.objects.get().pk}/")
    officer.get_by_role("link", name=re.compile("Nhật ký thay đổi")).click()
    expect(officer.get_by_role("heading", name=re.compile("Nhật ký thay đổi"))).to_be_visible()

    change = LogEntry.objects.get(
        content_type__model="indicatorvalue", action=LogEntry.Action.UPDATE
    )
    when = timezone.localtime(change.timestamp).strftime("%d/%m/%Y %H:%M:%S")
    row = officer.locator("tbody tr").filter(
        has=officer.locator("td", has_text=re.compile("^Sửa$"))
    )
    row = row.filter(has=officer.locator("td", has_text=re.compile("^giá trị$")))
    expect(row).to_have_count(1)
    expect(row.locator("td")).to_have_text(
        [
            when,
            "Nguyễn Văn An",
            "127.0.0.1",
            "Sửa",
            re.compile("Cán bộ chuyên trách CNTT"),
            "giá trị",
            "2",
            "5",
        ]
    )
