"""The document's own numbering: I., 1., a), -, + and unmarked paragraphs."""

from __future__ import annotations

from directives.drafting.numbering import outline, walk

PLAN = """KẾ HOẠCH
Chuyển đổi số năm 2022

I. MỤC TIÊU
1. Mục tiêu chung: nâng cao chất lượng dịch vụ.
II. NHIỆM VỤ
1. Sở Nội vụ:
a) Rà soát biên chế cán bộ chuyên trách.
b) Tổ chức thi tuyển công chức, cụ thể:
- Thi trắc nghiệm trên máy tính;
- Chấm điểm tự động.
2. Sở Tài chính:
- Bố trí kinh phí;
+ Cho cấp tỉnh;
+ Cho cấp huyện.
- Hướng dẫn thanh toán.
III. TỔ CHỨC THỰC HIỆN
Các sở, ngành xây dựng kế hoạch chi tiết.
Giao Sở Nội vụ theo dõi, đôn đốc.
Kế hoạch này có hiệu lực kể từ ngày ký./.
Nơi nhận:
- Như trên;
"""


def numbers() -> dict[str, str]:
    root, _ = outline(PLAN)
    return {item.number: item.kind for item in walk(root)}


def test_roman_arabic_and_letters_nest_as_the_document_numbers_them() -> None:
    found = numbers()
    assert found["II"] == "roman" and found["II.1"] == "number" and found["II.1.a"] == "letter"


def test_dashes_and_pluses_are_counted_in_order_under_their_heading() -> None:
    found = numbers()
    assert {"II.2.1", "II.2.1.1", "II.2.1.2", "II.2.2"} <= set(found)
    assert found["II.2.1.2"] == "plus"


def test_a_dash_under_a_lettered_point_is_part_of_it() -> None:
    assert numbers()["II.1.b.1"] == "dash"


def test_unmarked_paragraphs_under_a_heading_are_numbered_one_by_one() -> None:
    found = numbers()
    assert found["III.1"] == "para" and found["III.2"] == "para"


def test_the_closing_formula_and_the_recipients_end_the_outline() -> None:
    assert "III.3" not in numbers()
    assert not any(number.startswith("IV") for number in numbers())


def test_the_preamble_ends_where_the_first_numbered_item_starts() -> None:
    _, preamble = outline(PLAN)
    assert PLAN[preamble[1] :].startswith("I. MỤC TIÊU")
