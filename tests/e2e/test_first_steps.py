"""A reporter signs in, finds where to go, and searches without typing diacritics."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.factories import DirectiveFactory, TaskFactory, user_with_role
from units.models import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_reporter_signs_in_and_finds_a_task_without_diacritics(
    live_server, page: Page, province: Province
) -> None:
    user_with_role(Role.REPORTER, province.district, username="baocao")
    directive = DirectiveFactory(report_to=province.dic, code="886/QĐ-UBND")
    TaskFactory(directive=directive, number="3.d", title="Triển khai phần mềm một cửa điện tử")
    TaskFactory(directive=directive, number="4.b", title="Bảo đảm an toàn thông tin mạng")

    log_in(page, live_server.url, "baocao", "sai-mat-khau")
    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng")).to_be_visible()
    log_in(page, live_server.url, "baocao")
    expect(page.get_by_text("Cán bộ báo cáo — UBND thành phố Vĩnh Yên")).to_be_visible()

    page.get_by_role("link", name="Nhiệm vụ").first.click()
    page.get_by_label("Tìm kiếm").fill("mot cua dien tu")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_text("Triển khai phần mềm một cửa điện tử")).to_be_visible()
    expect(page.get_by_text("Bảo đảm an toàn thông tin mạng")).to_have_count(0)
    # Nothing overflows the 1366-pixel office screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
