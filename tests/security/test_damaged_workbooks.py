"""Workbooks damaged inside their zip (found by the upload fuzz test) are refused, not a 500."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from config.errors import ImportRejected
from reports.submissions.excel.template import report_template
from reports.submissions.excel.upload import report_upload
from reports.submissions.models import IndicatorValue
from tests.conftest import Province
from tests.reports.submissions.reporting_fixtures import district_directive, start

pytestmark = pytest.mark.django_db


def _with_member_data(template: bytes, name: str, change) -> bytes:
    """The template with the compressed bytes of one member changed in place."""
    info = zipfile.ZipFile(io.BytesIO(template)).getinfo(name)
    data = bytearray(template)
    name_length, extra_length = struct.unpack(
        "<HH", data[info.header_offset + 26 : info.header_offset + 30]
    )
    start_of_data = info.header_offset + 30 + name_length + extra_length
    change(data, start_of_data, info)
    return bytes(data)


def _corrupt_deflate(data: bytearray, at: int, info: zipfile.ZipInfo) -> None:
    data[at : at + 4] = b"\xff\xff\xff\xff"  # an invalid deflate block type


def _set_in_both_headers(data: bytearray, info: zipfile.ZipInfo, field: int, value: int) -> None:
    """Set a 2-byte field in the member's local header (at `field`) and its central entry."""
    data[info.header_offset + field : info.header_offset + field + 2] = struct.pack("<H", value)
    for offset in range(len(data) - 46):
        if (
            data[offset : offset + 4] == b"PK\x01\x02"
            and struct.unpack("<I", data[offset + 42 : offset + 46])[0] == info.header_offset
        ):
            # The central entry has 2 more bytes (version made by) before the same fields.
            data[offset + field + 2 : offset + field + 4] = struct.pack("<H", value)


def _unknown_method(data: bytearray, at: int, info: zipfile.ZipInfo) -> None:
    _set_in_both_headers(data, info, 8, 99)


def _encrypted(data: bytearray, at: int, info: zipfile.ZipInfo) -> None:
    _set_in_both_headers(data, info, 6, info.flag_bits | 0x1)


@pytest.mark.parametrize("damage", [_corrupt_deflate, _unknown_method, _encrypted])
def test_a_workbook_damaged_inside_its_zip_is_refused_as_unreadable(
    province: Province, damage
) -> None:
    submission = start(district_directive(province), province)
    damaged = _with_member_data(report_template(submission), "xl/workbook.xml", damage)
    with pytest.raises(ImportRejected) as caught:
        report_upload(submission=submission, file=SimpleUploadedFile("bc.xlsx", damaged), by=None)
    assert "không phải bảng tính Excel (.xlsx) đọc được" in caught.value.problems[0].message
    assert not IndicatorValue.objects.exists()
