"""A report's figures through its three parsers (the web form, the Excel upload, the API): any
number, however large, small, negative or precise, is saved within the stored precision or
refused with a message on its field, never a crash (a 500)."""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from config.errors import ImportRejected
from reports.models import IndicatorValue, Submission
from reports.submissions.excel.layout import FIRST_ROW, VALUES_SHEET, V
from reports.submissions.excel.template import report_template
from reports.submissions.excel.upload import report_upload
from tests.conftest import Province, signed_in
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive, start
from tests.security.fuzzing import FUZZ
from units.models import Role, User

pytestmark = pytest.mark.django_db
# The stored column: 20 digits, 4 of them decimals.
LARGEST = Decimal("9999999999999999.9999")

HOSTILE = ["1E+9999999", "-1E+9999999", "1E-9999999", "1e999", "9" * 40, "0.00001", "-1", "-0",
           "1E+16", "12345678901234567", "0.123456789", "NaN", "-Infinity", "sNaN"]  # fmt: skip
numbers = st.one_of(
    st.sampled_from(HOSTILE),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.from_regex(r"-?[0-9]{1,25}(\.[0-9]{1,8})?([eE][+-]?[0-9]{1,8})?", fullmatch=True),
)


@pytest.fixture
def report(province: Province) -> tuple[Submission, User]:
    submission = start(district_directive(province), province)
    return submission, user_with_role(Role.UNIT_HEAD, province.district)


def _stored_within_the_column() -> None:
    for row in IndicatorValue.objects.all():
        for number in (row.value, row.numerator, row.denominator):
            assert number is None or (0 <= number <= LARGEST)


def test_a_huge_value_through_the_api_is_a_400_on_its_field(report) -> None:
    submission, head = report
    client = APIClient()
    client.force_authenticate(head)
    response = client.patch(
        f"/api/v1/submissions/{submission.pk}/",
        {"version": 1, "values": [{"indicator": "IT_OFFICERS", "value": "1E+9999999"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["values"]["IT_OFFICERS"]["value"] == ["Số quá lớn."]


@FUZZ
@given(number=numbers, as_text=st.booleans())
def test_any_number_through_the_api_is_saved_or_refused_on_its_field(
    report, number: str, as_text: bool
) -> None:
    submission, head = report
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(head)
    value = number if as_text else _json_number(number)
    body = {"version": 1, "values": [{"indicator": "IT_OFFICERS", "value": value},
                                     {"indicator": "DOCS_SIGNED", "numerator": value,
                                      "denominator": value}]}  # fmt: skip
    with rolled_back():
        response = client.patch(f"/api/v1/submissions/{submission.pk}/", body, format="json")
        assert response.status_code in (200, 400), response.content
        if response.status_code == 400:
            assert response.json()["values"]
        _stored_within_the_column()


def _json_number(text: str) -> float | int | str:
    """The number as JSON carries it (an int or a float), or the text where none can."""
    try:
        return int(text)
    except ValueError:
        number = float(text) if text != "sNaN" else math.nan
        return number if math.isfinite(number) else text


@FUZZ
@given(number=numbers)
def test_any_number_typed_in_the_form_is_saved_or_refused_on_its_field(report, number: str) -> None:
    submission, head = report
    client: Client = signed_in(head)
    client.raise_request_exception = False
    data = {"version": "1", "value:IT_OFFICERS:value": number,
            "value:DOCS_SIGNED:numerator": number, "value:DOCS_SIGNED:denominator": number}  # fmt: skip
    with rolled_back():
        response = client.post(reverse("reports:save", args=[submission.pk]), data)
        assert response.status_code in (302, 400), response.status_code
        _stored_within_the_column()


@pytest.fixture
def template(report) -> bytes:
    return report_template(report[0])


@FUZZ
@given(number=numbers, as_text=st.booleans())
def test_any_number_in_an_uploaded_workbook_is_saved_or_refused_by_cell(
    report, template: bytes, number: str, as_text: bool
) -> None:
    submission, head = report
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book[VALUES_SHEET]
    for row in range(FIRST_ROW, sheet.max_row + 1):
        for column in ("numerator", "denominator", "value"):
            sheet.cell(row, V[column]).value = number if as_text else _cell_number(number)
    out = io.BytesIO()
    book.save(out)
    file = SimpleUploadedFile("bao-cao.xlsx", out.getvalue())
    fresh = Submission.objects.select_related("unit__level", "period", "directive").get(
        pk=submission.pk
    )
    with rolled_back():
        try:
            report_upload(submission=fresh, file=file, by=head)
        except ImportRejected as rejected:
            assert rejected.problems and all(p.message for p in rejected.problems)
        _stored_within_the_column()


def _cell_number(text: str) -> float | int | str:
    """The number as a spreadsheet holds it (a float), or the text where no float can."""
    number = _json_number(text)
    return float(number) if isinstance(number, int) and abs(number) >= 2**53 else number


@contextmanager
def rolled_back() -> Iterator[None]:
    """Each example starts from the same draft: whatever it saved is undone."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
