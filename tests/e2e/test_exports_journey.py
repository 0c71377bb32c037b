"""The download centre in Chromium: a DIC officer asks for the PDF report and the Excel
workbook, watches their progress (htmx polling), and downloads both."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from playwright.sync_api import Page, expect

from reports.exports import services
from reports.exports.models import Export
from reports.exports.services import export_build
from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import build_dashboard
from tests.reports.exports.export_helpers import pdf_text
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _build(export: Export) -> None:
    try:
        export_build(export=export)
    finally:
        connection.close()  # this thread's own connection


def test_an_officer_asks_for_both_exports_watches_progress_and_downloads_them(
    live_server, page: Page, province: Province, tmp_path: Path, monkeypatch
) -> None:
    dash = build_dashboard(province)
    user_with_role(
        Role.REVIEWER, province.root, username="thamdinh", full_name="Trần Thị Thẩm Định"
    )
    # The worker is a thread of this test: exports stay queued until it builds them, and the
    # real build pauses at its first progress report until the page has shown it.
    monkeypatch.setattr(services, "_schedule", lambda export_id: None)
    real_progress = services._progress
    seen = threading.Event()

    def paused_progress(export_id: int):
        report = real_progress(export_id)

        def pausing(percent: int) -> None:
            report(percent)
            if percent == 10:
                assert seen.wait(30), "the page never showed the progress"

        return pausing

    monkeypatch.setattr(services, "_progress", paused_progress)

    log_in(page, live_server.url, "thamdinh")
    page.get_by_role("link", name="Kết xuất").click()
    files = {}
    for button, format in (("Tạo báo cáo PDF", "pdf"), ("Tạo bảng tính Excel", "xlsx")):
        page.get_by_label("Văn bản").select_option(str(dash.directive.pk))
        page.locator("#id_period").select_option(str(dash.period.pk))
        page.get_by_role("button", name=button).click()
        status = page.locator("#export-status")
        expect(status).to_contain_text("Đang chờ")
        export = Export.objects.get(format=format)
        seen.clear()
        worker = threading.Thread(target=_build, args=(export,))
        worker.start()
        expect(status).to_contain_text("Đang tạo")
        expect(status).to_contain_text("10%")
        seen.set()
        worker.join(60)
        expect(status).to_contain_text("Hoàn thành")
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải tệp về").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        files[format] = path.read_bytes()
        page.get_by_role("link", name="Kết xuất báo cáo").first.click()

    assert "BÁO CÁO" in pdf_text(files["pdf"])
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))
    assert book.sheetnames[0] == "Tổng hợp"
    rows = page.locator("table.grid tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Trần Thị Thẩm Định")
    expect(page.get_by_role("link", name="Tải về")).to_have_count(2)
