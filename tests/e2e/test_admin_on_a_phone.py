"""The admin pages the province's staff use (units, accounts and roles, directives with their
tasks, periods, indicators, reports) on a phone at 390 px: the page never scrolls sideways (a
wide table or inline scrolls inside its own box)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.conftest import Province
from tests.e2e.accessibility import SCREENSHOTS
from tests.e2e.conftest import log_in
from tests.factories import user_with_role
from tests.reports.submissions.review_plan import plan, send
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Content past the right edge that no box of its own scrolls to: clipped where the page does not
# scroll sideways (e.g. under overflow-x:hidden), so the check does not rest on scrollWidth alone.
_CUT_OFF = """() => {
  const scrolls = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      const o = getComputedStyle(box).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") { return true; }
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > innerWidth + 1 && getComputedStyle(el).visibility !== "hidden" && !scrolls(el)) {
      out.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(box.right)}px`);
    }
  }
  return out.slice(0, 5);
}"""


def _pages(province: Province) -> list[str]:
    setup = plan(province)
    submission = send(setup, province.district)
    task = setup.directive.tasks.first()
    return [
        "/admin/",
        "/admin/units/unit/", "/admin/units/unit/add/",
        f"/admin/units/unit/{province.district.pk}/change/",
        "/admin/units/user/", "/admin/units/user/add/",
        "/admin/units/membership/", "/admin/units/membership/add/",
        "/admin/units/unitevent/", "/admin/units/unitevent/add/",
        "/admin/directives/directive/", f"/admin/directives/directive/{setup.directive.pk}/change/",
        "/admin/directives/task/", f"/admin/directives/task/{task.pk}/change/",
        "/admin/reports/provinceperiod/", "/admin/reports/period/",
        "/admin/indicators/indicator/", "/admin/indicators/indicator/add/",
        "/admin/reports/submission/", f"/admin/reports/submission/{submission.pk}/change/",
    ]  # fmt: skip


def test_the_admin_pages_of_the_province_staff_never_scroll_sideways_on_a_phone(
    live_server, page: Page, province: Province
) -> None:
    page.set_default_timeout(30_000)
    paths = _pages(province)
    user_with_role(Role.ADMIN, province.root, username="quantri", is_staff=True)
    log_in(page, live_server.url, "quantri")
    page.set_viewport_size({"width": 390, "height": 844})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wide = []
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, (path, response)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > 390:
            wide.append(f"{path}: {width}px")
        wide += [f"{path}: {cut}" for cut in page.evaluate(_CUT_OFF)]
        name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
        page.screenshot(path=SCREENSHOTS / f"staff-{name}-390x844.png", full_page=True)
    assert wide == []
