"""In Chromium, not logged in: the public page of published figures on a phone (390 px) and an
office screen (1366 px): the figures' table is there, nothing spills past the screen's width,
the chart is drawn from its table, and the open data links are offered."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from reports.publications.models import Publication
from reports.publications.services import publication_publish
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from units.models import Role

WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right
  > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className)"""
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def published(dash: Dashboard, province: Province) -> Publication:
    officer = user_with_role(Role.REVIEWER, province.root)
    return publication_publish(by=officer, directive=dash.directive, period=dash.period)


@pytest.mark.parametrize("width", [390, 1366])
def test_anyone_reads_the_published_figures_on_a_phone_and_an_office_screen(
    live_server, browser: Browser, province: Province, width: int
) -> None:
    dash = build_dashboard(province)
    publication = published(dash, province)
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 else None)
    page.goto(f"{live_server.url}/reports/public/{province.root.code}/")
    page.get_by_role("link", name=dash.period.label).click()
    assert page.url.endswith(f"/reports/public/{province.root.code}/{publication.pk}/")
    table = page.locator("#published-targets")
    expect(table).to_contain_text("87,5")
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(page.locator(".chart-canvas canvas")).to_have_count(1)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wide = page.evaluate(WIDEST)
    assert overflow <= 0, wide
    expect(page.get_by_role("link", name="SDMX-CSV")).to_be_visible()
    assert errors == []
    context.close()


def serious_violations(page: Page) -> list[str]:
    """axe-core's (bundled by axe-playwright-python) serious and critical findings, each with
    the first elements it names."""
    response = Axe().run(page).response
    assert response["passes"], "axe-core checked nothing"
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
        for v in response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [390, 1366])  # on a phone the tables scroll sideways
def test_the_public_pages_have_no_serious_accessibility_violation(
    live_server, browser: Browser, province: Province, width: int
) -> None:
    publication = published(build_dashboard(province), province)
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    base = f"{live_server.url}/reports/public/{province.root.code}/"
    for url in (base, f"{base}{publication.pk}/", f"{base}{publication.pk}/?lang=en"):
        page.goto(url)
        expect(page.locator("main")).to_be_visible()
        assert serious_violations(page) == [], url
    page.context.close()
