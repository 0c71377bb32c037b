"""Fuzzing the Excel report upload: the report's own template with cells changed to anything a
spreadsheet can hold, damaged bytes, or random bytes get either saved or ImportRejected, never
a crash."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from reports.submissions.excel.layout import (
    FIRST_ROW,
    IDENTITY_SHEET,
    SHEETS,
    TASK_COLUMNS,
    VALUE_COLUMNS,
)
from reports.submissions.excel.template import report_template
from reports.submissions.excel.upload import report_upload
from reports.submissions.models import Submission
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive, start
from tests.security.fuzzing import FUZZ, answer, nasty_text
from units.models import Role, User

pytestmark = pytest.mark.django_db
WIDTHS = {SHEETS[0]: len(VALUE_COLUMNS), SHEETS[1]: len(TASK_COLUMNS), IDENTITY_SHEET: 2}

cell_values = st.one_of(
    nasty_text,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**25), max_value=10**25),
    st.floats(),
    st.sampled_from([float("nan"), float("inf"), -1.0, 1e300, 0.1 + 0.2]),
    st.decimals(allow_nan=False, places=6),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)),
    st.times(),
    st.sampled_from(["=1/0", "=A1", "Có", "Không", "Đang thực hiện", "Hoàn thành", "05/01/2026"]),
)


class Template:
    """The downloaded template's bytes, with a short repr for Hypothesis' failure reports."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"<template, {len(self.data)} bytes>"


@pytest.fixture
def report(province: Province) -> tuple[Submission, User, Template]:
    submission = start(district_directive(province), province)
    reporter = user_with_role(Role.REPORTER, province.district)
    return submission, reporter, Template(report_template(submission))


@st.composite
def edited_workbooks(draw: st.DrawFn, template: Template) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template.data))
    for _n in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(list(WIDTHS)))
        row = draw(st.integers(FIRST_ROW, FIRST_ROW + 2) | st.integers(1, FIRST_ROW + 4))
        column = draw(st.integers(1, WIDTHS[name] + 1))
        try:
            book[name].cell(row, column).value = draw(cell_values)
        except (IllegalCharacterError, ValueError, TypeError, AttributeError):
            continue  # openpyxl will not write it (or the cell is merged): no file holds it
    if draw(st.integers(0, 9)) == 0:
        book.remove(book[draw(st.sampled_from(list(WIDTHS)))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@st.composite
def damaged_bytes(draw: st.DrawFn, template: Template) -> bytes:
    data = bytearray(template.data)
    for _n in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        data[at : at + draw(st.integers(0, 8))] = draw(st.binary(max_size=8))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


def _upload(submission: Submission, by: User, data: bytes) -> Any:
    fresh = Submission.objects.select_related("unit__level", "period", "directive").get(
        pk=submission.pk
    )
    file = SimpleUploadedFile("bao-cao.xlsx", data)
    return answer(lambda: report_upload(submission=fresh, file=file, by=by))


@FUZZ
@given(data=st.data())
def test_any_upload_is_saved_or_refused_cell_by_cell(report, data: st.DataObject) -> None:
    submission, reporter, template = report
    upload = data.draw(
        st.one_of(edited_workbooks(template), damaged_bytes(template), st.binary(max_size=200))
    )
    _upload(submission, reporter, upload)
