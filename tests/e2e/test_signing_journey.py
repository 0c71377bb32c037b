"""In Chromium: a DIC officer signs a finished official report and downloads the signed file;
then anyone, not logged in, checks it on the public verify page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from config.signing import Pkcs12Key
from reports.exports.services import export_build, export_request
from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import build_dashboard
from tests.reports.exports.signing_fixtures import make_ca, make_signer, write_pkcs12, write_root
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_signs_a_report_and_anyone_verifies_it_on_the_public_page(
    live_server, page: Page, browser, province: Province, tmp_path: Path, settings
) -> None:
    ca = make_ca()
    entry = write_pkcs12(tmp_path, make_signer(ca), ca)
    settings.CHITIEU_SIGNING = {
        province.root.code: Pkcs12Key(entry["pkcs12"], entry["passphrase_file"])
    }
    settings.CHITIEU_SIGNING_TRUST_ROOTS = str(write_root(tmp_path, ca))
    dash = build_dashboard(province)
    officer = user_with_role(Role.REVIEWER, province.root, username="thamdinh")
    export = export_build(
        export=export_request(
            by=officer, directive=dash.directive, period=dash.period, format="pdf"
        )
    )

    log_in(page, live_server.url, "thamdinh")
    page.goto(f"{live_server.url}/reports/exports/{export.pk}/")
    page.get_by_role("button", name="Ký số báo cáo").click()
    expect(page.get_by_text("Đã ký số báo cáo.")).to_be_visible()
    expect(page.locator("#export-signing")).to_contain_text("Sở KH&CN tỉnh thử")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản đã ký số").click()
    signed = tmp_path / download.value.suggested_filename
    download.value.save_as(signed)
    assert signed.name.endswith("-da-ky-so.pdf")

    anyone = browser.new_context(locale="vi-VN").new_page()
    anyone.goto(f"{live_server.url}/reports/verify/")
    anyone.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(signed))
    anyone.get_by_role("button", name="Kiểm tra", exact=True).click()
    result = anyone.locator("#verify-result")
    expect(result).to_contain_text("Sở KH&CN tỉnh thử")
    expect(result).to_contain_text("còn nguyên vẹn")
    expect(result).to_contain_text("thuộc chuỗi tin cậy đã cài đặt")
    expect(result).to_contain_text("Đây đúng là tệp cổng thông tin đã phát hành")

    changed = bytearray(signed.read_bytes())
    changed[len(changed) // 4] ^= 0x01
    altered = tmp_path / "da-sua.pdf"
    altered.write_bytes(bytes(changed))
    anyone.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(altered))
    anyone.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(anyone.locator("#verify-result")).to_contain_text("đã bị thay đổi sau khi ký")
    anyone.context.close()
