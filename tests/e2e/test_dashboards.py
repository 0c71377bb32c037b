"""A provincial leader in Chromium: the overview's charts, the targets filtered to the missed
ones, down to the units behind a figure and one unit's report; a district leader's own area."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import build_dashboard
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_filters_the_missed_targets_and_drills_down_to_a_units_report(
    live_server, page: Page, province: Province
) -> None:
    build_dashboard(province)
    user_with_role(Role.LEADER, province.root, username="lanhdao")
    log_in(page, live_server.url, "lanhdao")

    page.get_by_role("link", name="Tổng quan", exact=True).first.click()
    board = page.locator("section.board").first
    expect(board).to_contain_text("chỉ tiêu đạt (1/4)")
    expect(board).to_contain_text("Báo cáo: 6/6 đơn vị đã gửi, 1 nộp muộn")
    expect(board.locator("canvas").first).to_be_visible()  # drawn by the vendored Chart.js
    expect(board.locator("details").first).not_to_have_attribute("open", "")

    board.get_by_role("link", name="36a/KH-UBND").click()
    page.get_by_label("Kết quả").select_option(label="Không đạt")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"status=missed"))  # a shareable URL
    rows = page.locator("table.figures tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("87,5%")

    rows.first.get_by_role("link", name="1 đạt · 2/2 báo cáo").click()
    units = page.locator("table.grid tbody tr")
    expect(units.first).to_contain_text("Sở Nội vụ")  # 80% against 90%: the worst first
    units.first.get_by_role("link", name="Xem báo cáo").click()
    expect(page.locator("h1")).to_contain_text("Sở Nội vụ")


def test_a_district_leader_sees_their_district_on_a_1366_screen(
    live_server, page: Page, province: Province
) -> None:
    dash = build_dashboard(province)
    user_with_role(Role.LEADER, province.district, username="lanhdao.huyen")
    log_in(page, live_server.url, "lanhdao.huyen")
    page.goto(f"{live_server.url}/reports/dashboard/{dash.directive.pk}/heatmap/")
    expect(page.locator(".stamp")).to_contain_text("Phạm vi: UBND thành phố Vĩnh Yên")
    table = page.locator("table.heatmap")
    expect(table).to_contain_text("UBND phường Liên Bảo")
    expect(table).not_to_contain_text("Tam Đảo")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1366


def test_a_leader_opens_a_units_report_from_the_heatmap_in_one_click(
    live_server, page: Page, province: Province
) -> None:
    dash = build_dashboard(province)
    user_with_role(Role.LEADER, province.root, username="lanhdao")
    log_in(page, live_server.url, "lanhdao")
    page.goto(f"{live_server.url}/reports/dashboard/{dash.directive.pk}/heatmap/")
    table = page.locator("table.heatmap")
    expect(table.locator("thead")).to_contain_text("Tỷ lệ dịch vụ công trực tuyến")
    row = table.locator("tbody tr", has_text="Sở Nội vụ")
    row.get_by_role("link", name="80%").click()
    expect(page).to_have_url(re.compile(rf"/review/{dash.submissions['VP-SNV'].pk}/$"))
    expect(page.locator("h1")).to_contain_text("Sở Nội vụ")
