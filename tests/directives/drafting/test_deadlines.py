"""Deadline phrases, in sentences written for these tests."""

from __future__ import annotations

import datetime

import pytest

from directives.drafting.deadlines import find_deadlines
from directives.drafting.fold import fold


def first_due(sentence: str) -> datetime.date | None:
    found = [d for d in find_deadlines(fold(sentence)) if d.due]
    return found[0].due if found else None


@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        ("Hoàn thành việc cấp chứng thư số trước tháng 9/2021.", datetime.date(2021, 8, 31)),
        ("Các huyện nộp hồ sơ trước 03/2022.", datetime.date(2022, 2, 28)),
        ("Đến hết năm 2019 mọi xã có điểm truy cập Internet.", datetime.date(2019, 12, 31)),
        ("Triển khai xong trong quý III/2020.", datetime.date(2020, 9, 30)),
        ("Quý II năm 2023, đưa hệ thống vào vận hành.", datetime.date(2023, 6, 30)),
        ("Đến hết tháng 10/2024 hoàn thành số hóa hồ sơ.", datetime.date(2024, 10, 31)),
        ("Phải xong trước ngày 15/11/2022.", datetime.date(2022, 11, 15)),
        ("Giai đoạn 2021-2025, xây dựng kho dữ liệu dùng chung.", datetime.date(2025, 12, 31)),
        ("Phấn đấu đến năm 2030 đạt mục tiêu.", datetime.date(2030, 12, 31)),
        ("Hoàn thành trước năm 2026.", datetime.date(2025, 12, 31)),
    ],
)
def test_a_deadline_phrase_gives_the_last_day_it_allows(sentence: str, due: datetime.date) -> None:
    assert first_due(sentence) == due


def test_a_yearly_task_is_recurring_without_a_date() -> None:
    found = find_deadlines(fold("Hằng năm, các sở tổ chức tập huấn an toàn thông tin."))
    assert [(d.rule, d.due, d.recurring) for d in found] == [("yearly", None, True)]


def test_a_continuous_task_is_recurring() -> None:
    found = find_deadlines(fold("Thường xuyên rà soát cổng thông tin điện tử."))
    assert found[0].recurring


def test_the_date_of_a_cited_document_is_not_a_deadline() -> None:
    sentence = "Thực hiện Nghị định số 47/2020/NĐ-CP ngày 09 tháng 4 năm 2020 của Chính phủ."
    assert first_due(sentence) is None


def test_a_start_year_is_marked_as_a_start() -> None:
    found = find_deadlines(fold("Từ năm 2022, mọi văn bản đi đều được ký số."))
    assert found[0].starting and found[0].due == datetime.date(2022, 12, 31)


def test_each_phrase_records_the_words_it_came_from() -> None:
    sentence = "Sở Tư pháp hoàn thành trước tháng 4/2021 việc rà soát."
    deadline = find_deadlines(fold(sentence))[0]
    assert sentence[deadline.start : deadline.end] == "trước tháng 4/2021"
