"""List pages' filter forms fold behind "Bộ lọc" on a phone (the list first, the filters one tap
away) and stay open on an office screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.factories import user_with_role
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LISTS = ["/indicators/", "/directives/", "/units/", "/directives/tasks/", "/reports/review/",
         "/directives/tasks/board/"]  # fmt: skip


def test_on_a_phone_filters_fold_and_open_with_one_tap(
    live_server, page: Page, province: Province
) -> None:
    user_with_role(Role.REVIEWER, province.root, username="thamdinh")
    log_in(page, live_server.url, "thamdinh")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in LISTS:
        page.goto(live_server.url + path)
        apply = page.get_by_role("button", name="Lọc", exact=True)
        expect(apply, path).to_be_hidden()
        page.locator("details.filter-fold > summary", has_text="Bộ lọc").click()
        expect(apply, path).to_be_visible()


def test_on_an_office_screen_filters_are_open_without_a_fold(
    live_server, page: Page, province: Province
) -> None:
    user_with_role(Role.REVIEWER, province.root, username="thamdinh")
    log_in(page, live_server.url, "thamdinh")
    for path in LISTS:
        page.goto(live_server.url + path)
        expect(page.get_by_role("button", name="Lọc", exact=True), path).to_be_visible()
        expect(page.locator("details.filter-fold > summary"), path).to_be_hidden()


def test_a_filter_with_an_error_stays_open_on_a_phone(
    live_server, page: Page, province: Province
) -> None:
    user_with_role(Role.REVIEWER, province.root, username="thamdinh")
    log_in(page, live_server.url, "thamdinh")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/directives/tasks/board/?directive=999999")
    expect(page.get_by_role("button", name="Lọc", exact=True)).to_be_visible()
