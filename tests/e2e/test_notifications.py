"""A reporter sees the reminder the job sent: the unread count in the header, the message,
and its link to the reports to send; opening it marks it read."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from notifications.reminders import remind_reports_due
from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reporter_opens_the_due_soon_reminder_from_the_header(
    live_server, page: Page, province: Province
) -> None:
    district_directive(province, quarter=2)  # report due 17/06/2016
    user_with_role(Role.REPORTER, province.district, username="baocao")
    assert remind_reports_due(today=dt.date(2016, 6, 10)) == 1

    log_in(page, live_server.url, "baocao")
    header_link = page.locator("a.notifications-link")
    expect(header_link.locator(".badge")).to_have_text("1")
    header_link.click()
    title = "Báo cáo 886/KH-UBND, Quý II năm 2016 của UBND thành phố Vĩnh Yên sắp đến hạn"
    expect(page.get_by_text("Hạn nộp là ngày 17/06/2016, còn 7 ngày.")).to_be_visible()
    page.get_by_role("button", name=title).click()
    expect(page).to_have_url(f"{live_server.url}/reports/")
    expect(page.locator("a.notifications-link .badge")).to_have_count(0)
