"""Drafting in Chromium: an officer pastes a short directive, corrects one unit, saves, and the
directive's page shows its targets; each proposal lights up the words it came from."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from directives.models import Directive
from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.factories import user_with_role
from units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_drafts_corrects_and_loads_a_directive(
    live_server, page: Page, province: Province, directive_text: str
) -> None:
    user_with_role(Role.REVIEWER, province.root, username="sotttt", full_name="Lê Văn Cường")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    log_in(page, live_server.url, "sotttt")
    page.get_by_role("link", name="Văn bản", exact=True).click()
    page.get_by_role("link", name=re.compile("Soạn văn bản từ nội dung")).click()
    page.get_by_label("Nội dung văn bản").fill(directive_text)
    page.get_by_role("button", name="Soạn bản nháp").click()
    expect(page.get_by_role("heading", name=re.compile("Bản nháp văn bản"))).to_be_visible()
    page.wait_for_load_state("load")  # the page's script listens from then on

    # The first target's words light up when the officer reaches it.
    page.locator("input[name='tasks-0-targets-0-value']").focus()
    expect(page.locator(".draft-text .src.on").first).to_contain_text("100%")

    # "Sở Tư pháp" is not a unit of the province: task 2 fell back to all agencies; correct it.
    expect(page.locator(".draft-aliases td", has_text="Sở Tư pháp")).to_be_visible()
    lead = page.locator("input[name='tasks-2-lead']")
    expect(lead).to_have_value("@department, @district")
    lead.fill(province.home_affairs.code)
    page.get_by_role("button", name="Nạp văn bản").click()

    expect(page.get_by_text("Đã nạp văn bản từ bản nháp.")).to_be_visible()
    directive = Directive.objects.get()
    assert page.url.endswith(f"/directives/{directive.pk}/")
    task = directive.tasks.get(number="2")
    assert [a.unit.code for a in task.assignees.all()] == [province.home_affairs.code]
    targets = page.locator(".target")
    expect(targets).to_have_count(3)
    expect(targets.first).to_contain_text("100")
    assert violations == []
