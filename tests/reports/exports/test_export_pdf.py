"""The official PDF report: Decree 30/2020 layout, the figures of the read layer, every
Vietnamese letter in the one body font (read back with poppler-utils)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.test import override_settings

from directives.models import Target
from reports.exports.content import report_content
from reports.exports.pdf import heading, write_pdf
from reports.submissions.models import TaskUpdate
from tests.conftest import Province, make_province
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from tests.reports.exports.export_helpers import pdf_fonts, pdf_rows, pdf_text
from units.models import ProvinceProfile
from units.selectors import province_profile_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dash(province: Province) -> Dashboard:
    dash = build_dashboard(province)
    TaskUpdate.objects.filter(submission__unit=province.commune, task__number="1").update(
        difficulties="Thiếu kinh phí nâng cấp đường truyền; máy tính đã cũ",
        proposals="Đề nghị UBND tỉnh hỗ trợ kinh phí năm 2017",
    )
    return dash


def render(dash: Dashboard, area, number: str = "", day=dt.date(2017, 1, 5)) -> tuple[bytes, int]:
    content = report_content(directive=dash.directive, period=dash.period, area=area)
    out = io.BytesIO()
    head = heading(profile=province_profile_of(area), number=number, issued_on=day)
    pages = write_pdf(content, head, out)
    return out.getvalue(), pages


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_report_carries_the_decree_heading_and_the_long_date_with_leading_zeros(
    dash: Dashboard, province: Province
) -> None:
    text = flat(pdf_text(render(dash, province.root, number="12")[0]))
    for part in ("UBND TỈNH VĨNH PHÚC", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Số: 12/BC-STTTT",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Vĩnh Phúc, ngày 05 tháng 01 năm 2017", "BÁO CÁO", "Quý IV năm 2016",
                 "Nơi nhận:", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"):  # fmt: skip
        assert part in text, part


@override_settings(
    CHITIEU_REPORT_ISSUER="SỞ KHOA HỌC VÀ CÔNG NGHỆ", CHITIEU_REPORT_NUMBER="{number}/BC-SKHCN",
    CHITIEU_REPORT_PLACE="Phan Thiết", CHITIEU_REPORT_SIGNER_FOR="",
    CHITIEU_REPORT_SIGNER_TITLE="GIÁM ĐỐC", CHITIEU_REPORT_SIGNER_NAME="Nguyễn Văn Hưởng",
    CHITIEU_REPORT_RECIPIENTS=["Bộ Khoa học và Công nghệ (b/c)", "Lưu: VT"],
)  # fmt: skip
def test_a_province_without_a_profile_takes_the_deployments_texts(
    dash: Dashboard, province: Province
) -> None:
    text = flat(pdf_text(render(dash, province.root, number="7", day=dt.date(2017, 11, 9))[0]))
    for part in ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 7/BC-SKHCN", "Phan Thiết, ngày 09 tháng 11 năm 2017",
                 "GIÁM ĐỐC", "Nguyễn Văn Hưởng", "Bộ Khoa học và Công nghệ (b/c)"):  # fmt: skip
        assert part in text, part
    assert "KT. GIÁM ĐỐC" not in text


def test_each_province_heads_its_report_with_its_own_profile(
    dash: Dashboard, province: Province
) -> None:
    ProvinceProfile.objects.create(
        root=province.root, display_name="Phú Thọ", owner_name="Sở Khoa học và Công nghệ",
        report_superior="UBND TỈNH PHÚ THỌ", report_issuer="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        report_number="{number}/BC-SKHCN", report_place="Phú Thọ", signer_title="GIÁM ĐỐC",
        signer_name="Trần Văn Minh", recipients="UBND tỉnh Phú Thọ (b/c)\nLưu: VT",
    )  # fmt: skip
    text = flat(pdf_text(render(dash, province.root, number="3")[0]))
    for part in ("UBND TỈNH PHÚ THỌ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 3/BC-SKHCN",
                 "Phú Thọ, ngày 05 tháng 01 năm 2017", "Trần Văn Minh", "UBND tỉnh Phú Thọ (b/c)"):  # fmt: skip
        assert part in text, part
    for stale in ("VĨNH PHÚC", "THÔNG TIN VÀ TRUYỀN THÔNG", "BC-STTTT"):
        assert stale not in text, stale
    other = make_province("BT", "Bình Thuận")
    assert province_profile_of(other.root).report_superior != "UBND TỈNH PHÚ THỌ"


def test_every_target_row_states_its_target_and_result_in_the_same_terms(
    dash: Dashboard, province: Province
) -> None:
    rows = pdf_rows(render(dash, province.root)[0], 4)
    assert [row[2:5] for row in rows] == [
        ["tỷ lệ chung ≥ 90%", "tỷ lệ chung 87,5%", "Không đạt"],
        ["tỷ lệ chung ≥ 70%", "tỷ lệ chung 75%", "Đạt"],
        ["tỷ lệ chung ≥ 20%", "tỷ lệ chung 10%", "Không đạt"],
        ["≥ 1 người ở mỗi đơn vị; cần 100% đơn vị đạt", "50% đơn vị đạt", "Chưa đến hạn"],
    ]


def test_the_report_names_missed_and_late_units_and_sums_up_the_units_words(
    dash: Dashboard, province: Province
) -> None:
    text = flat(pdf_text(render(dash, province.root)[0]))
    assert (
        "Có 6 đơn vị phải báo cáo; 6 đơn vị đã gửi báo cáo (100%), trong đó 1 đơn vị gửi muộn"
        in text
    )
    assert "Trong 4 chỉ tiêu: 1 chỉ tiêu đạt, 2 chỉ tiêu không đạt, 1 chỉ tiêu chưa đến hạn" in text
    assert "tại Phụ lục I): Sở Nội vụ, UBND phường Liên Bảo, UBND xã Hợp Châu." in text
    assert "1 Sở Nội vụ 1: 80%" in text  # appendix I: the target's number in section II
    assert "3 UBND xã Hợp Châu 3: chưa báo cáo" in text
    assert "Đơn vị gửi báo cáo muộn: UBND huyện Tam Đảo." in text
    assert (
        "nêu nhiều nhất: Thiếu kinh phí nâng cấp đường truyền; máy tính đã cũ (1 đơn vị)." in text
    )
    assert "nêu nhiều nhất: Đề nghị UBND tỉnh hỗ trợ kinh phí năm 2017 (1 đơn vị)." in text


def test_details_go_to_numbered_appendices_attached_to_the_report(
    dash: Dashboard, province: Province
) -> None:
    text = flat(pdf_text(render(dash, province.root, number="12")[0]))
    for numeral, title in (("I", "DANH SÁCH ĐƠN VỊ CHƯA ĐẠT CHỈ TIÊU"),
                           ("II", "TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ")):  # fmt: skip
        assert f"Phụ lục {numeral} {title}" in text
    assert "Phụ lục III" not in text  # every unit's own words are in the workbook
    attached = (
        "Kèm theo Báo cáo số 12/BC-STTTT ngày 05 tháng 01 năm 2017 của Sở Thông tin và Truyền thông"
    )
    assert text.count(attached) == 2


def test_pages_are_numbered_at_the_top_from_the_second_page(
    dash: Dashboard, province: Province
) -> None:
    data, pages = render(dash, province.root)
    assert pages >= 3
    texts = pdf_text(data, layout=True).split("\f")
    assert texts[0].strip().splitlines()[0].strip() != "1"
    for number in range(2, pages + 1):
        assert texts[number - 1].strip().splitlines()[0].strip() == str(number)


def test_every_vietnamese_letter_comes_out_of_liberation_serif_alone(
    dash: Dashboard, province: Province
) -> None:
    TaskUpdate.objects.filter(submission__unit=province.commune, task__number="1").update(
        difficulties="ăâđêôơư ĂÂĐÊÔƠƯ áàảãạ ắằẳẵặ ấầẩẫậ éèẻẽẹ ếềểễệ íìỉĩị óòỏõọ ốồổỗộ ớờởỡợ úùủũụ ứừửữự ýỳỷỹỵ"
    )
    data, _ = render(dash, province.root)
    assert (
        "ăâđêôơư ĂÂĐÊÔƠƯ áàảãạ ắằẳẵặ ấầẩẫậ éèẻẽẹ ếềểễệ íìỉĩị óòỏõọ ốồổỗộ ớờởỡợ úùủũụ ứừửữự ýỳỷỹỵ"
        in flat(pdf_text(data))
    )
    assert pdf_fonts(data) == [
        "Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Bold-Italic",
        "Liberation-Serif-Italic",
    ]  # fmt: skip


def test_a_districts_report_covers_its_subtree_only(dash: Dashboard, province: Province) -> None:
    text = flat(pdf_text(render(dash, province.district)[0]))
    assert "Quý IV năm 2016 — UBND thành phố Vĩnh Yên" in text
    assert (
        "Có 2 đơn vị phải báo cáo; 2 đơn vị đã gửi báo cáo (100%), trong đó 0 đơn vị gửi muộn"
        in text
    )
    assert "Sở Nội vụ" not in text
    assert "UBND huyện Tam Đảo" not in text


def test_the_chart_keeps_to_the_key_targets_when_there_are_many(
    dash: Dashboard, province: Province
) -> None:
    Target.objects.filter(pk=dash.targets["officers"].pk).update(featured=False)
    text = flat(pdf_text(render(dash, province.root)[0]))
    assert (
        "Biểu đồ 1. Kết quả các chỉ tiêu chính so với mức giao (đủ các chỉ tiêu tại mục II)" in text
    )
    assert "Cán bộ chuyên trách CNTT" in text  # still in the table
