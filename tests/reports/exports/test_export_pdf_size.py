"""The official report of a province-sized quarter stays a document a leader reads and signs:
within 15 pages, every unit's own words summed up rather than repeated."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from pypdf import PdfReader

from reports.compliance.services import compliance_recompute
from reports.exports.content import report_content
from reports.exports.pdf import heading, write_pdf
from reports.submissions.models import TaskUpdate
from tests.conftest import Province
from tests.factories import UnitFactory, level
from tests.reports.compliance.dashboard_fixtures import build_dashboard, send_report
from units.selectors import province_profile_of

pytestmark = pytest.mark.django_db

COMMUNES = 60
SAID = [  # what communes write, as they do: the same few difficulties in their own words
    ("Đường truyền Internet tại một số thôn chưa ổn định, thường xuyên mất kết nối vào giờ "
     "cao điểm, ảnh hưởng đến việc tiếp nhận hồ sơ trực tuyến của người dân.",
     "Đề nghị UBND tỉnh bố trí kinh phí nâng cấp đường truyền cho các xã vùng sâu."),
    ("Thiếu cán bộ chuyên trách công nghệ thông tin, cán bộ hiện tại phải kiêm nhiệm nhiều "
     "việc nên chưa cập nhật kịp thời dữ liệu lên hệ thống.",
     "Đề nghị Sở Nội vụ bổ sung biên chế cán bộ chuyên trách CNTT cấp xã."),
    ("Máy tính phục vụ công việc đã cũ, cấu hình thấp, không cài được phần mềm mới.",
     "Đề nghị hỗ trợ kinh phí thay thế máy tính cho bộ phận một cửa."),
]  # fmt: skip
ONE_UNITS_OWN = "Trụ sở tạm thời đang sửa chữa, chưa lắp đặt được mạng nội bộ cho các phòng."


def test_a_province_sized_quarter_fits_in_fifteen_pages(province: Province) -> None:
    dash = build_dashboard(province)
    communes = [
        UnitFactory(code=f"VP-XA-{n:02d}", name=f"UBND xã Thử Nghiệm {n:02d}",
                    parent=province.district if n % 2 else province.other_district,
                    level=level("commune"), kind="UBND xã")
        for n in range(COMMUNES)
    ]  # fmt: skip
    with time_machine.travel(dt.datetime(2017, 1, 4, 9, tzinfo=dt.UTC), tick=False):
        for n, commune in enumerate(communes):
            send_report(dash.directive, dash.period, commune,
                        {"DOCS_ONLINE": (n % 30, 100), "IT_OFFICERS": n % 2})  # fmt: skip
    for n, commune in enumerate(communes):
        hard, asked = SAID[n % len(SAID)]
        TaskUpdate.objects.filter(submission__unit=commune).update(
            difficulties=ONE_UNITS_OWN if n == 7 else hard, proposals=asked
        )
    compliance_recompute(directive=dash.directive, period=dash.period)
    content = report_content(directive=dash.directive, period=dash.period, area=province.root)
    out = io.BytesIO()
    head = heading(
        profile=province_profile_of(province.root), number="", issued_on=dt.date(2017, 1, 5)
    )
    pages = write_pdf(content, head, out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert len(reader.pages) == pages <= 15
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Có 66 đơn vị phải báo cáo" in text
    # Each difficulty once, with how many units wrote it; one unit's own words in the workbook.
    assert text.count("Thiếu cán bộ chuyên trách công nghệ thông tin") == 1
    assert ONE_UNITS_OWN[:40] not in text
    assert "Phụ lục III" not in text
