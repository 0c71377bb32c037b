"""The directive's own data from its heading, in texts written for these tests."""

from __future__ import annotations

import pytest

from directives.drafting.builder import build_draft

PLAN = """ỦY BAN NHÂN DÂN
TỈNH LÂM SƠN
Số: 118/KH-UBND
Lâm Sơn, ngày 09 tháng 3 năm 2023

KẾ HOẠCH
Phát triển hạ tầng số tỉnh Lâm Sơn năm 2023

I. NHIỆM VỤ
1. Sở Thông tin và Truyền thông chủ trì triển khai; định kỳ hằng quý báo cáo UBND tỉnh.
2. Các sở, ban, ngành báo cáo 6 tháng gửi Sở Thông tin và Truyền thông để tổng hợp.

Kế hoạch này có hiệu lực sau 15 ngày kể từ ngày ký./.
"""


@pytest.fixture
def directive(drafting_province) -> dict:
    return build_draft(PLAN, drafting_province)["draft"]["directive"]


def test_the_number_and_code_line_gives_the_code(directive: dict) -> None:
    assert directive["code"] == "118/KH-UBND"


def test_the_place_and_date_line_gives_the_issue_date(directive: dict) -> None:
    assert directive["issued_on"] == "2023-03-09"


def test_effect_after_some_days_counts_from_signing(directive: dict) -> None:
    assert directive["effective_from"] == "2023-03-24"


def test_kind_title_and_issuer(directive: dict) -> None:
    assert (directive["kind"], directive["issuer"]) == ("plan", "UBND tỉnh Lâm Sơn")
    assert directive["title"] == "Kế hoạch Phát triển hạ tầng số tỉnh Lâm Sơn năm 2023"


def test_reporting_cadences_and_receiver(directive: dict) -> None:
    assert directive["reporting"] == ["quarter", "half_year"]
    assert directive["report_to"] == "LS-STTTT"
