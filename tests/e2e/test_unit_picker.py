"""The exports form's unit picker in Chromium: typed without diacritics, it finds the unit."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.factories import user_with_role
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_unit_name_without_diacritics_picks_it(
    live_server, page: Page, province: Province
) -> None:
    user_with_role(Role.REVIEWER, province.root, username="thamdinh")
    log_in(page, live_server.url, "thamdinh")
    page.goto(f"{live_server.url}/reports/exports/")
    page.get_by_placeholder("Tìm theo tên đơn vị…").fill("lien bao")
    expect(page.locator("select[name='unit']")).to_have_value(province.commune.code)
    hidden = page.locator(f"select[name='unit'] option[value='{province.other_district.code}']")
    expect(hidden).to_have_js_property("hidden", True)
