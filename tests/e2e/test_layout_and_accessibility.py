"""Every main portal page, per role, on a phone (390×844) and an office screen (1366×768): no
sideways scrolling, axe-core clean of serious and critical findings, a visible keyboard focus.
Screenshots of each go to test-artifacts/screenshots/ (git-ignored)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Province
from tests.e2e.accessibility import check_page, check_pages
from tests.e2e.conftest import log_in
from tests.e2e.main_pages import Portal, main_pages
from tests.e2e.main_pages import portal as portal  # fixture
from tests.factories import UserFactory, user_with_role
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _patient(page: Page) -> None:
    # Each role walks many pages with axe on a shared machine: wait longer for a page to load.
    page.set_default_timeout(30_000)


def test_on_a_phone_the_menu_folds_behind_one_button(
    live_server, page: Page, province: Province
) -> None:
    user_with_role(Role.REPORTER, province.commune, username="baocao")
    log_in(page, live_server.url, "baocao")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    reports = page.get_by_role("navigation").get_by_role("link", name="Báo cáo của tôi")
    expect(reports).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "true")
    reports.click()
    expect(page.get_by_role("heading", name="Báo cáo của tôi")).to_be_visible()


def test_on_a_phone_the_report_form_is_cards_and_its_bars_never_cover_a_field(
    live_server, page: Page, province: Province, portal: Portal
) -> None:
    user_with_role(Role.REPORTER, province.commune, username="baocao")
    log_in(page, live_server.url, "baocao")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/reports/{portal.draft.pk}/")
    first_row = page.locator("#report-form tbody tr").first
    # A card: the indicator above its fields, a field across most of the card (its unit beside).
    card, name_box, field_box = (
        first_row.bounding_box(),
        first_row.locator("td").first.bounding_box(),
        first_row.locator("input").first.bounding_box(),
    )
    assert card["width"] <= 390
    assert field_box["y"] > name_box["y"] + name_box["height"] - 1
    assert field_box["width"] > 0.7 * card["width"]
    expect(first_row.locator("td").nth(1)).to_have_attribute("data-label", "Chỉ tiêu của đơn vị")
    covered = page.evaluate(
        """() => {
        const top = document.querySelector("#report-status"), bottom = document.querySelector(".sticky-actions");
        const out = [];
        for (const field of document.querySelectorAll("#report-form tbody :is(input, select, textarea)")) {
          field.focus();
          const box = field.getBoundingClientRect();
          if (box.top < top.getBoundingClientRect().bottom || box.bottom > bottom.getBoundingClientRect().top) {
            out.push(field.name);
          }
        }
        return out;
        }"""
    )
    assert covered == []


@pytest.mark.parametrize("role", ["reporter", "reviewer", "leader", "admin"])
def test_every_main_page_of_a_role_fits_a_phone_and_passes_axe(
    live_server, page: Page, province: Province, portal: Portal, role: str
) -> None:
    if role == "admin":
        UserFactory(username=role, is_staff=True, is_superuser=True)
    else:
        unit = province.commune if role == "reporter" else province.root
        user_with_role(role, unit, username=role)
    log_in(page, live_server.url, role)
    assert check_pages(page, live_server.url, main_pages(role, portal), role=role) == []


def test_the_login_page_fits_a_phone_and_passes_axe(live_server, page: Page) -> None:
    problems = check_page(page, live_server.url, "/login/", role="visitor", size="phone")
    assert problems == []
