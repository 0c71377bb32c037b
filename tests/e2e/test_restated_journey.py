"""A merger in Chromium: an admin records in the admin that Sở Nội vụ merged into Sở Khoa học
và Công nghệ on 1/7/2025; a provincial leader then switches the dashboards between the
structure of Q4/2016 and today's, and sees the merged department's figures pooled (the figures
of restate_fixtures.py: Sở Nội vụ 80/100 and Sở KH&CN 90/100 make 170/200 = 85%)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.factories import UserFactory, user_with_role
from tests.reports.compliance.restate_fixtures import build_merger
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
    user_with_role(Role.LEADER, province.root, username="lanhdao")

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

    leader = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = leader.new_page()
    page.set_default_timeout(30_000)
    log_in(page, live_server.url, "lanhdao")
    page.goto(f"{live_server.url}/reports/dashboard/{merger.directive.pk}/heatmap/")
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
    leader.close()
