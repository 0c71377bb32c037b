"""A merger in Chromium: an admin records in the admin that Sở Nội vụ merged into Sở Khoa học
và Công nghệ on 1/7/2025; a provincial leader then switches the dashboards between the
structure of Q4/2016 and today's, and sees the merged department's figures pooled (the figures
of restate_fixtures.py: Sở Nội vụ 80/100 and Sở KH&CN 90/100 make 170/200 = 85%), and its
trend across the merger: Q4/2016 then Q3/2025 (180/200 = 90%), 90 then 90 on its own figures,
85 then 90 restated (tests/reports/compliance/test_restated.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from reports.compliance.services import compliance_recompute
from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.factories import MembershipFactory, PeriodFactory, UserFactory, user_with_role
from tests.reports.compliance.dashboard_fixtures import send_report
from tests.reports.compliance.restate_fixtures import MERGED_ON, build_merger
from units.models import Role, UnitEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pick(page: Page, field: str, name: str) -> None:
    """Choose a unit in one of the admin's autocomplete boxes (select2)."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(name)
    page.locator(".select2-results__option", has_text=name).click()


def test_an_admin_records_a_merger_and_a_leader_sees_the_merged_units_figures_pooled(
    live_server, browser: Browser, page: Page, province: Province
) -> None:
    merger = build_merger(province)
    UserFactory(username="quantri", is_staff=True, is_superuser=True)
    leader_user = user_with_role(Role.LEADER, province.root, username="lanhdao")
    # …and of Sở KH&CN itself, which makes it one of the areas the pages offer him.
    MembershipFactory(user=leader_user, unit=merger.science, role=Role.LEADER)

    page.set_default_timeout(30_000)  # a machine shared with other runs answers slowly
    log_in(page, live_server.url, "quantri")
    page.goto(f"{live_server.url}/admin/units/unitevent/add/")
    page.locator("select[name=kind]").select_option("merge")
    page.locator("input[name=effective_on]").fill("01/07/2025")
    page.locator("input[name=legal_document]").fill("Nghị quyết 1234/NQ-HĐND (thử nghiệm)")
    pick(page, "before", "Sở Nội vụ")
    pick(page, "before", "Sở Khoa học và Công nghệ")
    pick(page, "after", "Sở Khoa học và Công nghệ")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert UnitEvent.objects.get().successor == merger.science
    # The first quarter after the merger: Sở KH&CN reports for both, Sở Nội vụ no longer.
    after = PeriodFactory(kind="quarter", year=2025, number=3, starts_on=MERGED_ON,
                          ends_on=dt.date(2025, 9, 30), due_on=dt.date(2025, 10, 5))  # fmt: skip
    send_report(merger.directive, after, province.dic, {"DOCS_ONLINE": (96, 100)})
    send_report(merger.directive, after, merger.science, {"DOCS_ONLINE": (180, 200)})
    compliance_recompute(directive=merger.directive, period=after)

    leader = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = leader.new_page()
    page.set_default_timeout(30_000)
    log_in(page, live_server.url, "lanhdao")
    query = f"?period={merger.period.pk}"
    page.goto(f"{live_server.url}/reports/dashboard/{merger.directive.pk}/heatmap/{query}")
    table = page.locator("table.heatmap")
    expect(table.locator("tbody tr")).to_have_count(3)  # the structure of Q4/2016
    expect(table).to_contain_text("Sở Nội vụ")

    page.locator("select[name=structure]").select_option("current")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"structure=current"))
    expect(page.locator(".restated")).to_contain_text("SỐ LIỆU QUY ĐỔI THEO CƠ CẤU ĐƠN VỊ NGÀY")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).not_to_contain_text("Sở Nội vụ")
    science = table.locator("tbody tr", has_text="Sở Khoa học và Công nghệ")
    expect(science.locator("td").first).to_have_text("50%")  # meets ≥ 85, misses ≥ 90
    expect(science.locator("td").nth(1)).to_contain_text("85")

    page.get_by_role("link", name="Chỉ tiêu", exact=True).click()  # the tabs keep the structure
    expect(page).to_have_url(re.compile(r"structure=current"))
    page.locator("table.figures tbody tr").first.get_by_role("link", name=re.compile("đạt")).click()
    row = page.locator("table.grid tbody tr", has_text="Sở Khoa học và Công nghệ")
    expect(row).to_contain_text("170")
    expect(row).to_contain_text("200")
    expect(row).to_contain_text("Gộp từ: Sở Khoa học và Công nghệ, Sở Nội vụ")

    page.locator("select[name=structure]").select_option("historic")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator(".restated")).to_have_count(0)
    expect(page.locator("table.grid tbody tr")).to_have_count(3)

    # The trends across the merger. The province: its pooled figure is the same either way
    # (265/300, then 276/300), the share of departments at or above 85% is not (2 of 3 in
    # Q4/2016 historic, 2 of 2 restated, 2 of 2 in Q3/2025).
    trends = f"{live_server.url}/reports/dashboard/{merger.directive.pk}/trends/"
    page.goto(trends)
    chart = page.locator("table[data-chart=line]")
    expect(chart.locator("thead th")).to_have_text(["", "Quý IV năm 2016", "Quý III năm 2025"])
    pooled, each = chart.locator("tbody tr").nth(0), chart.locator("tbody tr").nth(2)
    expect(pooled.locator("td")).to_have_text(["88,33", "92"])
    expect(each.locator("td")).to_have_text(["66,67", "100"])
    page.locator("select[name=structure]").select_option("current")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"structure=current"))
    expect(page.locator(".restated")).to_contain_text("SỐ LIỆU QUY ĐỔI THEO CƠ CẤU ĐƠN VỊ NGÀY")
    expect(pooled.locator("td")).to_have_text(["88,33", "92"])
    expect(each.locator("td")).to_have_text(["100", "100"])
    # Sở KH&CN's own line: 90 then 90 in the structure of each period; restated, Q4/2016
    # pools Sở Nội vụ's report (85) and the line runs on to Q3/2025 without a break.
    page.locator("select[name=unit]").select_option(merger.science.code)
    page.locator("select[name=structure]").select_option("historic")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator(".stamp")).to_contain_text("Phạm vi: Sở Khoa học và Công nghệ")
    expect(page.locator(".restated")).to_have_count(0)
    expect(pooled.locator("td")).to_have_text(["90", "90"])
    page.locator("select[name=structure]").select_option("current")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator(".restated")).to_contain_text("SỐ LIỆU QUY ĐỔI THEO CƠ CẤU ĐƠN VỊ NGÀY")
    expect(chart.locator("thead th")).to_have_text(["", "Quý IV năm 2016", "Quý III năm 2025"])
    expect(pooled.locator("td")).to_have_text(["85", "90"])
    leader.close()
