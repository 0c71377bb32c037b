"""No internal code where a name exists: on every main page of each role (and the indicator
catalogue, the officers' index forms), the visible text and the dropdowns' choices name units and
indicators; a code may stay only as a muted hint for officers (class "code-hint")."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from indicators.models import Indicator
from indicators.services import framework_import
from tests.conftest import Province
from tests.e2e.conftest import log_in
from tests.e2e.main_pages import Portal, main_pages
from tests.e2e.main_pages import portal as portal  # fixture
from tests.factories import IndicatorFactory, UserFactory, user_with_role
from tests.indicators.framework_yaml import EDITION_2022
from units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Text a person reads: visible text nodes and the choices of visible dropdowns, less the hints.
_SHOWN = """() => {
  const skip = "script, style, noscript, template, .code-hint";
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(skip) || el.closest("select")) { continue; }
    if (el.checkVisibility({visibilityProperty: true}) && node.textContent.trim()) { out.push(node.textContent.trim()); }
  }
  for (const select of document.querySelectorAll("select")) {
    if (select.closest(skip) || !select.checkVisibility({visibilityProperty: true})) { continue; }
    for (const option of select.options) { out.push(option.textContent.trim()); }
  }
  return out;
}"""
SNAKE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")  # FIBRE_INTERNET_COVERAGE


def codes_shown(page: Page, base_url: str, path: str, unit_codes: re.Pattern[str]) -> list[str]:
    response = page.goto(base_url + path)
    assert response is not None and response.status == 200, (path, response)
    found = []
    for text in page.evaluate(_SHOWN):
        found += SNAKE.findall(text) + unit_codes.findall(text)
        if text == "---------":  # Django's blank choice: a choice should say what it means
            found.append("a blank choice shown as ---------")
    return [f"{path}: {code}" for code in sorted(set(found))]


def _known_codes() -> re.Pattern[str]:
    # The codes of the units and indicators shown (VP-VINHYEN, ONLINE…); a two- or three-letter
    # code is too short to tell apart from an abbreviation in a sentence.
    codes = [
        code
        for model in (Unit, Indicator)
        for code in model.objects.values_list("code", flat=True)
        if len(code) > 3
    ]
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, codes)) + r")(?![\w-])")


def _officer_pages(province: Province) -> list[str]:
    IndicatorFactory(code="ONLINE", name="Dịch vụ công trực tuyến", kind=Indicator.Kind.AMOUNT)
    IndicatorFactory(code="SURVEY", name="Khảo sát người dân", kind=Indicator.Kind.AMOUNT)
    IndicatorFactory(code="DTI_RANK", name="Thứ hạng DTI", kind=Indicator.Kind.RANK)
    edition = framework_import(data=EDITION_2022)
    code = province.root.code
    return ["/indicators/", f"/indicators/index/{code}/", f"/indicators/index/{code}/figures/new/",
            f"/indicators/index/{code}/editions/{edition.pk}/",
            f"/indicators/index/{code}/editions/{edition.pk}/results/new/",
            f"/indicators/index/{code}/editions/{edition.pk}/criteria/new/"]  # fmt: skip


@pytest.mark.parametrize("role", ["reporter", "reviewer", "leader", "admin"])
def test_pages_name_units_and_indicators_rather_than_show_their_codes(
    live_server, page: Page, province: Province, portal: Portal, role: str
) -> None:
    page.set_default_timeout(30_000)
    paths = main_pages(role, portal)
    if role == "admin":
        UserFactory(username=role, is_staff=True, is_superuser=True)
    else:
        user_with_role(role, province.commune if role == "reporter" else province.root,
                       username=role)  # fmt: skip
    if role == "reviewer":
        paths += _officer_pages(province)
    log_in(page, live_server.url, role)
    unit_codes = _known_codes()
    shown = [
        code for path in paths for code in codes_shown(page, live_server.url, path, unit_codes)
    ]
    assert shown == [], "\n".join(shown)
