"""In Chromium: a DIC officer enters the province's published DTI rank with its source, and
the province's index page lists it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from indicators.models import ExternalFigure, Indicator
from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.factories import IndicatorFactory, user_with_role
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_enters_a_published_rank_with_its_source(
    live_server, page: Page, province: Province
) -> None:
    IndicatorFactory(code="DTI_RANK", name="Thứ hạng DTI của tỉnh", kind=Indicator.Kind.RANK,
                     higher_is_better=False)  # fmt: skip
    user_with_role(Role.REVIEWER, province.root, username="sotttt", full_name="Lê Văn Cường")

    log_in(page, live_server.url, "sotttt")
    page.get_by_role("link", name="Chỉ số", exact=True).click()
    page.get_by_role("link", name=re.compile("Bộ chỉ số đánh giá của tỉnh")).click()
    page.get_by_role("link", name="Nhập số liệu công bố").click()
    page.get_by_label("Chỉ số").select_option(label="Thứ hạng DTI của tỉnh")
    page.get_by_label("Năm").fill("2023")
    page.get_by_label("Giá trị (thứ hạng, điểm…)").fill("18")
    page.get_by_label("Văn bản công bố").fill("Quyết định 1/QĐ-BTTTT công bố DTI 2023")
    page.get_by_label("Ngày công bố").fill("2024-06-01")
    page.get_by_role("button", name="Ghi nhận").click()

    expect(page.get_by_text("Đã ghi nhận số liệu công bố.")).to_be_visible()
    row = page.locator("#external-figures tbody tr").first
    expect(row).to_contain_text("Thứ hạng DTI của tỉnh")
    expect(row).to_contain_text("Quyết định 1/QĐ-BTTTT công bố DTI 2023")
    expect(row).to_contain_text("01/06/2024")
    figure = ExternalFigure.objects.get()
    assert (figure.year, figure.value, figure.entered_by.username) == (2023, 18, "sotttt")
