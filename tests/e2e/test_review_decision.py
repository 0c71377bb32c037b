"""The review page puts the officer's decision on the first screen: on load, before any scrolling,
the accept and return buttons lie wholly inside the viewport of an office screen and a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.factories import user_with_role
from tests.reports.submissions.review_plan import plan, send
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_the_decision_buttons_are_on_the_first_screen(
    live_server, page: Page, province: Province, width: int, height: int
) -> None:
    submission = send(plan(province), province.district)
    user_with_role(Role.REVIEWER, province.root, username="thamdinh")
    log_in(page, live_server.url, "thamdinh")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/reports/review/{submission.pk}/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("scrollY") == 0
    for name in ("Tiếp nhận báo cáo", "Trả lại báo cáo"):
        box = page.get_by_role("button", name=name).bounding_box()
        assert box is not None, name
        inside = box["x"] >= 0 and box["x"] + box["width"] <= width
        assert inside and box["y"] >= 0 and box["y"] + box["height"] <= height, (name, box)
    # The return comment box sits above its button, also on the first screen.
    comment = page.get_by_label("Nội dung đơn vị cần sửa (bắt buộc)").bounding_box()
    assert comment["y"] >= 0 and comment["y"] + comment["height"] <= height
