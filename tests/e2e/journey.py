"""Fill the report form in the browser (shared by the reporting journey and change log tests)."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def fill_report(page: Page, officers: str) -> None:
    ratio = page.locator("tr#row-DOCS_SIGNED")
    ratio.locator("[data-part=numerator]").fill("45")
    ratio.locator("[data-part=denominator]").fill("60")
    expect(ratio.locator("output.percent")).to_have_text("75%")  # computed live, before saving
    page.locator("input[name='value:IT_OFFICERS:value']").fill(officers)
    page.locator("select[name='task:1:status']").select_option("done_on_time")
    page.locator("input[name='task:1:completed_on']").fill("2016-05-20")
    page.locator("textarea[name='task:1:progress']").fill("Đã cấp chứng thư số cho 45 cán bộ")
    page.locator("select[name='task:2:status']").select_option("in_progress")
    page.locator("textarea[name='task:2:progress']").fill("Duy trì sử dụng thư điện tử hằng ngày")
