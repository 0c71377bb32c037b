"""The overview's small charts: drawn only where there are figures, the target visible even for
a single period."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import build_dashboard
from tests.reports.submissions.review_plan import plan, send
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_without_figures_draws_no_chart_and_one_with_figures_does(
    live_server, page: Page, province: Province
) -> None:
    empty = plan(province)  # a directive whose period has a report sent, none accepted yet
    send(empty, province.district)
    build_dashboard(province)  # another with accepted figures for one quarter
    user_with_role(Role.LEADER, province.root, username="lanhdao")
    log_in(page, live_server.url, "lanhdao")
    page.goto(live_server.url + "/reports/dashboard/")
    boards = page.locator("section.board")
    expect(boards).to_have_count(2)
    without, with_figures = (
        boards.filter(has_text=empty.directive.code),
        boards.filter(has_not_text=empty.directive.code),
    )
    expect(without.locator(".card.kpi").first).to_be_visible()
    expect(without.locator(".chart-canvas canvas")).to_have_count(0)
    # Its table stays, saying there is nothing yet.
    expect(without.locator("table[data-chart]").first).to_contain_text("—")
    cards = with_figures.locator(".card.kpi")
    expect(with_figures.locator(".chart-canvas canvas")).to_have_count(cards.count())
