"""The reporting journey in Chromium: a unit fills, saves, reloads and sends its report; the DIC
officer returns it; the unit fixes and sends again; the officer accepts. Then the Excel round
trip: download, fill offline (openpyxl), upload; a bad upload is refused with cell references."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect

from reports.submissions.models import IndicatorValue, Submission
from reports.submissions.views import reporting
from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.e2e.journey import fill_report
from tests.factories import PeriodFactory, user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_report_goes_from_draft_to_accepted_through_a_return(
    live_server, browser: Browser, page: Page, province: Province
) -> None:
    setup = district_directive(province)
    province.district.reporters_may_submit = True
    province.district.save()
    user_with_role(Role.REPORTER, province.district, username="baocao")
    user_with_role(Role.REVIEWER, province.root, username="thamdinh")

    log_in(page, live_server.url, "baocao")
    page.get_by_role("link", name="Báo cáo của tôi").click()
    page.get_by_role("button", name="Bắt đầu").click()
    fill_report(page, officers="2")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("#report-status")).to_contain_text("Đã lưu lúc")
    page.reload()
    expect(page.locator("input[name='value:DOCS_SIGNED:numerator']")).to_have_value("45")
    expect(page.locator("tr#row-DOCS_SIGNED output.percent")).to_have_text("75%")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo UBND thành phố Vĩnh Yên")).to_be_visible()

    officer = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    log_in(officer, live_server.url, "thamdinh")
    officer.get_by_role("link", name="Thẩm định").first.click()
    officer.locator("table a[href^='/reports/review/']").first.click()
    officer.get_by_label("Nội dung đơn vị cần sửa (bắt buộc)").fill(
        "Số cán bộ chuyên trách chưa đúng"
    )
    officer.get_by_role("button", name="Trả lại báo cáo").click()
    assert Submission.objects.get().status == "returned"

    page.get_by_role("link", name="Báo cáo của tôi").click()
    expect(page.get_by_text("Số cán bộ chuyên trách chưa đúng")).to_be_visible()
    page.get_by_role("link", name="Mở").click()
    expect(page.get_by_text("Ý kiến của cán bộ thẩm định")).to_be_visible()
    page.locator("input[name='value:IT_OFFICERS:value']").fill("3")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo")).to_be_visible()

    officer.goto(f"{live_server.url}/reports/review/")
    officer.locator("table a[href^='/reports/review/']").first.click()
    officer.get_by_role("button", name="Tiếp nhận báo cáo").click()
    submission = Submission.objects.get()
    assert submission.status == "accepted"
    assert IndicatorValue.objects.get(submission=submission, indicator=setup.officers).value == 3
    assert list(submission.events.values_list("action", flat=True)) == [
        "create", "save", "submit", "return", "save", "submit", "accept"]  # fmt: skip


def column_of(sheet, header: str) -> int:
    for row in sheet.iter_rows(max_row=12):
        for cell in row:
            if cell.value == header:
                return cell.column
    raise AssertionError(header)


def row_of(sheet, key: str) -> int:
    for row in sheet.iter_rows():
        if row[0].value == key:
            return row[0].row
    raise AssertionError(key)


def test_a_report_is_filled_offline_in_excel_and_a_bad_file_is_refused_by_cell(
    live_server, page: Page, province: Province, tmp_path: Path
) -> None:
    district_directive(province)
    PeriodFactory(kind="quarter", year=2016, number=3, starts_on=dt.date(2016, 6, 15),
                  ends_on=dt.date(2016, 9, 14), due_on=dt.date(2016, 9, 19))  # fmt: skip
    user_with_role(Role.REPORTER, province.district, username="baocao")
    log_in(page, live_server.url, "baocao")
    page.get_by_role("link", name="Báo cáo của tôi").click()
    page.get_by_role("button", name="Bắt đầu").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải mẫu Excel đã điền sẵn").click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)

    book = openpyxl.load_workbook(template)
    values, tasks = book["Chỉ số"], book["Nhiệm vụ"]
    signed = row_of(values, "DOCS_SIGNED")
    numerator, denominator = column_of(values, "Tử số"), column_of(values, "Mẫu số")
    values.cell(signed, numerator, 30)
    values.cell(signed, denominator, "40")
    values.cell(row_of(values, "IT_OFFICERS"), column_of(values, "Giá trị"), 2)
    tasks.cell(row_of(tasks, "2"), column_of(tasks, "Tình hình"), "Đang thực hiện")
    tasks.cell(row_of(tasks, "2"), column_of(tasks, "Kết quả thực hiện"), "Duy trì hằng ngày")
    good = tmp_path / "good.xlsx"
    book.save(good)
    values.cell(signed, numerator, 50)  # more than the denominator
    bad = tmp_path / "bad.xlsx"
    book.save(bad)

    page.get_by_label("Nạp tệp Excel đã điền").set_input_files(str(bad))
    page.get_by_role("button", name="Nạp tệp", exact=True).click()
    cell = f"Chỉ số!{openpyxl.utils.get_column_letter(numerator)}{signed}"
    expect(page.get_by_text(re.compile(re.escape(cell)))).to_be_visible()
    assert not IndicatorValue.objects.exists()

    page.go_back()
    page.get_by_label("Nạp tệp Excel đã điền").set_input_files(str(good))
    page.get_by_role("button", name="Nạp tệp", exact=True).click()
    expect(page.locator("input[name='value:DOCS_SIGNED:numerator']")).to_have_value("30")
    expect(page.locator("tr#row-DOCS_SIGNED output.percent")).to_have_text("75%")
    assert IndicatorValue.objects.get(indicator__code="DOCS_SIGNED").value == 75


def test_a_slow_sending_is_sent_once_though_the_autosave_fires_meanwhile(
    live_server, page: Page, province: Province, monkeypatch
) -> None:
    """On deadline day a sending may take longer than the autosave's 300 ms after the last
    change. The autosave must save, not send a second time with the button's formaction
    (htmx remembers the button last clicked in the form): that second sending was refused,
    and the unit read "Bạn không có quyền gửi báo cáo này." over a report it had just sent."""
    district_directive(province)
    province.district.reporters_may_submit = True
    province.district.save()
    user_with_role(Role.REPORTER, province.district, username="baocao")
    send = reporting.submission_submit

    def slow_send(**kwargs):
        time.sleep(1.0)
        return send(**kwargs)

    monkeypatch.setattr(reporting, "submission_submit", slow_send)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    log_in(page, live_server.url, "baocao")
    page.get_by_role("link", name="Báo cáo của tôi").click()
    page.get_by_role("button", name="Bắt đầu").click()
    fill_report(page, officers="2")
    page.locator("input[name='value:IT_OFFICERS:value']").fill("3")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo UBND thành phố Vĩnh Yên")).to_be_visible()
    expect(page.get_by_text("Bạn không có quyền gửi báo cáo này.")).to_have_count(0)
    assert [url for url in posts if url.endswith("/submit/")] == [
        f"{live_server.url}/reports/{Submission.objects.get().pk}/submit/"
    ]
    submission = Submission.objects.get()
    assert submission.status == "submitted"
    actions = list(submission.events.values_list("action", flat=True))
    assert actions[-1] == "submit"
    assert actions.count("submit") == 1


def test_an_autosave_shows_a_wrong_figure_and_clears_it_once_put_right(
    live_server, page: Page, province: Province
) -> None:
    district_directive(province)
    user_with_role(Role.REPORTER, province.district, username="baocao")
    log_in(page, live_server.url, "baocao")
    page.get_by_role("link", name="Báo cáo của tôi").click()
    page.get_by_role("button", name="Bắt đầu").click()
    officers = page.locator("input[name='value:IT_OFFICERS:value']")
    messages = page.locator("tr#row-IT_OFFICERS .field-messages")
    officers.fill("hai")
    officers.blur()
    expect(messages.locator(".field-error")).to_have_count(1)
    expect(page.locator("#report-status")).to_contain_text("Có ô nhập chưa đúng")
    officers.fill("2")
    officers.blur()
    expect(page.locator("#report-status")).to_contain_text("Đã lưu lúc")
    expect(messages.locator(".field-error")).to_have_count(0)
    assert IndicatorValue.objects.get(indicator__code="IT_OFFICERS").value == 2
