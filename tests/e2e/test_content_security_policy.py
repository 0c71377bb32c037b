"""Every kind of page works under the Content-Security-Policy in Chromium: the browser reports
no blocked script, style or image while a reporter autosaves and an admin walks the portal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.factories import UserFactory, user_with_role
from tests.reports.compliance.dashboard_fixtures import build_dashboard
from tests.reports.submissions.reporting_fixtures import district_directive
from tests.reports.submissions.review_plan import plan, send
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched(page: Page) -> Iterator[tuple[Page, list[str]]]:
    """The page, and every CSP violation it reports (DOM events and console messages)."""
    violations: list[str] = []
    page.add_init_script(_LISTEN)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page, violations


def _visit(page: Page, violations: list[str], url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    violations.extend(page.evaluate("window.__cspViolations"))
    assert not violations, f"{url}: {violations}"


def test_a_reporter_fills_and_autosaves_a_report_without_a_policy_violation(
    live_server, watched: tuple[Page, list[str]], province: Province
) -> None:
    page, violations = watched
    district_directive(province)
    user_with_role(Role.REPORTER, province.district, username="baocao")
    log_in(page, live_server.url, "baocao")
    page.get_by_role("link", name="Báo cáo của tôi").click()
    page.get_by_role("button", name="Bắt đầu").click()
    page.locator("input[name='value:IT_OFFICERS:value']").fill("2")
    row = page.locator("tr#row-DOCS_SIGNED")
    row.locator("[data-part=numerator]").fill("45")
    row.locator("[data-part=denominator]").fill("60")
    expect(row.locator("output.percent")).to_have_text("75%")  # the form's script runs
    expect(page.locator("#report-status")).to_contain_text("Đã lưu lúc")  # htmx autosave ran
    violations.extend(page.evaluate("window.__cspViolations"))
    assert not violations


def test_an_admin_walks_every_kind_of_page_without_a_policy_violation(
    live_server, watched: tuple[Page, list[str]], province: Province
) -> None:
    page, violations = watched
    setup = plan(province)
    submission = send(setup, province.district)
    UserFactory(username="quantri", is_staff=True, is_superuser=True)
    log_in(page, live_server.url, "quantri")
    base = live_server.url
    for path in [
        "/",
        "/reports/",
        "/reports/review/",
        f"/reports/review/{submission.pk}/",
        f"/reports/review/{submission.pk}/history/",
        f"/reports/{submission.pk}/",
        "/reports/periods/",
        "/directives/",
        f"/directives/{setup.directive.pk}/",
        f"/directives/{setup.directive.pk}/history/",
        "/directives/tasks/",
        "/indicators/",
        "/units/",
        "/admin/",
        "/admin/units/unit/",
        f"/admin/directives/directive/{setup.directive.pk}/change/",
        f"/admin/reports/submission/{submission.pk}/change/",
    ]:
        _visit(page, violations, base + path)
    page.goto(base + "/api/docs/")
    expect(page.get_by_text("chitieu API").first).to_be_visible()  # Swagger UI started
    violations.extend(page.evaluate("window.__cspViolations"))
    assert not violations


def test_the_login_and_password_reset_pages_pass_the_policy(
    live_server, watched: tuple[Page, list[str]]
) -> None:
    page, violations = watched
    for path in ["/login/", "/password-reset/", "/password-reset/sent/"]:
        _visit(page, violations, live_server.url + path)


def test_the_dashboards_draw_their_charts_without_a_policy_violation(
    live_server, watched: tuple[Page, list[str]], province: Province
) -> None:
    page, violations = watched
    dash = build_dashboard(province)
    UserFactory(username="quantri", is_staff=True, is_superuser=True)
    log_in(page, live_server.url, "quantri")
    base = live_server.url
    page.goto(f"{base}/reports/dashboard/")
    expect(page.locator("canvas").first).to_be_visible()  # Chart.js drew under the policy
    expect(page.locator(".overdue a")).to_contain_text("nhiệm vụ quá hạn")  # htmx loaded it
    violations.extend(page.evaluate("window.__cspViolations"))
    board = f"/reports/dashboard/{dash.directive.pk}"
    for path in [f"{board}/", f"{board}/heatmap/", f"{board}/ranking/", f"{board}/trends/",
                 f"{board}/targets/{dash.targets['department'].pk}/", "/notifications/",
                 "/directives/tasks/board/"]:  # fmt: skip
        _visit(page, violations, base + path)
    assert not violations
