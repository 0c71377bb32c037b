"""A ratio of head-counts (its indicator's `whole_parts` set by officers) refuses decimals in the
numerator and the denominator, in the web form, the Excel upload and the API alike; a ratio not
so marked keeps accepting them, as its earlier reports and files did."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from directives.services import directive_import
from indicators.models import Indicator
from reports.submissions.models import IndicatorValue
from tests.api_client import client_for
from tests.api_client import start as api_start
from tests.conftest import Province
from tests.directives.directive_yaml import VALID, edit
from tests.factories import IndicatorFactory, user_with_role
from tests.reports.submissions.excel_helpers import (
    VALUES,
    download,
    fill,
    problems_of,
    row_of,
    upload,
)
from tests.reports.submissions.excel_helpers import report as report
from tests.reports.submissions.reporting_fixtures import FILLED, district_directive, start
from units.models import Role

pytestmark = pytest.mark.django_db
WHOLE = "Phải là số nguyên (số đếm, ví dụ số người)"


@pytest.fixture
def setup(province: Province):
    return district_directive(province)


def head_counts(code: str) -> None:
    Indicator.objects.filter(code=code).update(whole_parts=True)


def post_form(client: Client, province: Province, setup, numerator: str):
    submission = start(setup, province)
    client.force_login(user_with_role(Role.REPORTER, province.district))
    data = {**FILLED, "value:DOCS_SIGNED:numerator": numerator, "version": "1"}
    return submission, client.post(reverse("reports:save", args=[submission.pk]), data)


def test_the_form_refuses_a_decimal_head_count_and_saves_nothing(
    client: Client, province: Province, setup
) -> None:
    head_counts("DOCS_SIGNED")
    submission, response = post_form(client, province, setup, "45,5")
    assert response.status_code == 400
    page = response.content.decode()
    assert WHOLE in page and "chẳng hạn 45" in page
    assert not IndicatorValue.objects.filter(submission=submission).exists()


def test_the_form_asks_phones_for_the_number_pad_without_a_decimal_mark(
    client: Client, province: Province, setup
) -> None:
    head_counts("DOCS_SIGNED")
    submission = start(setup, province)
    client.force_login(user_with_role(Role.REPORTER, province.district))
    page = client.get(reverse("reports:edit", args=[submission.pk])).content.decode()
    assert page.count('inputmode="numeric" data-part=') == 2


def test_a_ratio_not_marked_still_takes_decimals(client: Client, province: Province, setup) -> None:
    submission, response = post_form(client, province, setup, "45,5")
    assert response.status_code == 302
    saved = IndicatorValue.objects.get(submission=submission, indicator__code="DOCS_SIGNED")
    assert saved.numerator == Decimal("45.5")


def test_the_excel_upload_refuses_a_decimal_head_count_on_its_cell(
    client: Client, report, unit_user
) -> None:
    head_counts("KY_SO")
    client.force_login(unit_user)
    book = fill(download(client, report))  # its denominator: "1.234,5"
    row = row_of(book[VALUES], "KY_SO")
    assert problems_of(upload(client, report, book)) == [
        f"Chỉ số!G{row}: {WHOLE}: không nhập phần thập phân, chẳng hạn 1.234."
    ]
    assert not report.values.exists()


def test_the_excel_template_checks_head_counts_as_whole_numbers(
    client: Client, report, unit_user
) -> None:
    head_counts("KY_SO")
    client.force_login(unit_user)
    sheet = download(client, report)[VALUES]
    row = row_of(sheet, "KY_SO")
    whole = [str(v.sqref) for v in sheet.data_validations.dataValidation if v.type == "whole"]
    assert any(f"F{row}" in ranges and f"G{row}" in ranges for ranges in whole)


def test_the_api_refuses_a_decimal_head_count(province: Province, setup) -> None:
    head_counts("DOCS_SIGNED")
    head = client_for(user_with_role(Role.UNIT_HEAD, province.district))
    draft = api_start(head, setup)
    values = [{"indicator": "DOCS_SIGNED", "numerator": "45", "denominator": "60.5"}]
    response = head.patch(
        f"/api/v1/submissions/{draft['id']}/", {"version": 1, "values": values}, format="json"
    )
    assert response.status_code == 400
    assert WHOLE in response.json()["values"]["DOCS_SIGNED"]["denominator"][0]
    assert head.get("/api/v1/indicators/?kind=ratio").json()["results"][0]["whole_parts"] is True


def test_importing_the_directive_again_keeps_the_officers_mark(province: Province) -> None:
    directive_import(data=VALID.encode())
    head_counts("DOCS_SIGNED")
    directive_import(data=VALID.encode())
    assert Indicator.objects.get(code="DOCS_SIGNED").whole_parts is True


def test_an_import_that_makes_it_a_count_clears_the_mark(province: Province) -> None:
    directive_import(data=VALID.encode())
    head_counts("DOCS_SIGNED")
    ratio = (
        '    kind: ratio\n    numerator: "Số văn bản đi được ký số"\n'
        '    denominator: "Tổng số văn bản đi"\n    unit: "%"'
    )
    count = edit(VALID, ratio, '    kind: count\n    unit: "văn bản"')
    directive_import(data=count.encode())
    indicator = Indicator.objects.get(code="DOCS_SIGNED")
    assert (indicator.kind, indicator.whole_parts) == ("count", False)


def test_only_a_ratio_may_be_marked() -> None:
    with pytest.raises(IntegrityError):
        IndicatorFactory(kind=Indicator.Kind.COUNT, whole_parts=True)
