"""Two provinces in one portal, in Chromium: each province's officer sees his own province's
body in the header, and the official PDF he exports is headed in his province's name."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from reports.compliance.services import compliance_recompute
from reports.exports import services
from reports.exports.models import Export
from reports.exports.services import export_build
from tests.conftest import Province, make_province
from tests.e2e.conftest import log_in
from tests.factories import DirectiveFactory, TaskFactory, user_with_role
from tests.reports.compliance.dashboard_fixtures import build_dashboard
from units.models import Role
from units.selectors import province_profile_defaults

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _profile(province: Province, name: str, owner: str) -> None:
    profile = province_profile_defaults(province.root)
    profile.display_name = name
    profile.owner_name = owner
    profile.report_superior = f"UBND TỈNH {name.upper()}"
    profile.report_place = name
    profile.save()


def _export_pdf(page: Page, directive_pk: int, period_pk: int, root_pk: int) -> bytes:
    page.get_by_role("link", name="Kết xuất").click()
    page.get_by_label("Văn bản").select_option(str(directive_pk))
    page.locator("#id_period").select_option(str(period_pk))
    page.get_by_role("button", name="Tạo báo cáo PDF").click()
    expect(page.locator("#export-status")).to_contain_text("Đang chờ")
    export_build(export=Export.objects.get(format="pdf", area_id=root_pk))  # the worker's part
    expect(page.locator("#export-status")).to_contain_text("Hoàn thành")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp về").click()
    return download.value.path().read_bytes()


def _heading(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_each_provinces_officer_sees_his_province_in_the_header_and_the_pdf(
    live_server, browser: Browser, province: Province, monkeypatch
) -> None:
    monkeypatch.setattr(services, "_schedule", lambda export_id: None)  # built by the test
    ours = build_dashboard(province)
    other = make_province("BT", "Bình Thuận")
    theirs = DirectiveFactory(
        report_to=other.dic, code="02/KH-UBND", reporting=["quarter"],
        title="Kế hoạch chuyển đổi số tỉnh Bình Thuận",
    )  # fmt: skip
    TaskFactory(directive=theirs, number="1", title="Số hoá hồ sơ")
    compliance_recompute(directive=theirs, period=ours.period)  # its official figures: none
    _profile(province, "Vĩnh Phúc", "Sở Khoa học và Công nghệ")
    _profile(other, "Bình Thuận", "Sở Thông tin và Truyền thông")
    user_with_role(Role.REVIEWER, province.root, username="canbo.vp")
    user_with_role(Role.REVIEWER, other.root, username="canbo.bt")
    cases = (
        ("canbo.vp", ours.directive.pk, province.root.pk, "Vĩnh Phúc", "Bình Thuận"),
        ("canbo.bt", theirs.pk, other.root.pk, "Bình Thuận", "Vĩnh Phúc"),
    )
    for username, directive_pk, root_pk, name, other_name in cases:
        page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        page.set_default_timeout(20_000)
        log_in(page, live_server.url, username)
        brand = page.locator("a.brand small")
        expect(brand).to_contain_text(name)
        expect(brand).not_to_contain_text(other_name)
        heading = _heading(_export_pdf(page, directive_pk, ours.period.pk, root_pk))
        assert f"UBND TỈNH {name.upper()}" in heading
        assert f"{name}, ngày" in heading
        assert other_name.upper() not in heading.upper()
        page.context.close()
