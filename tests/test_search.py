"""Staff often type without diacritics: search must still find what they mean."""

from __future__ import annotations

import pytest

from config.search import fold, search_filter
from directives.models import Directive, Task
from indicators.models import Indicator
from tests.factories import DirectiveFactory, IndicatorFactory, TaskFactory, UnitFactory
from units.models import Unit


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Sở Nội vụ", "so noi vu"),
        ("chữ ký số", "chu ky so"),
        ("ĐẮK LẮK", "dak lak"),
        ("  Ủy   ban ", "uy ban"),
        ("Quý IV", "quy iv"),
    ],
)
def test_fold_strips_case_diacritics_and_extra_spaces(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.django_db
def test_so_noi_vu_finds_so_noi_vu() -> None:
    UnitFactory(name="Sở Nội vụ", code="SNV")
    UnitFactory(name="Sở Tài chính", code="STC")
    assert list(search_filter(Unit.objects.all(), "so noi vu").values_list("code", flat=True)) == [
        "SNV"
    ]
    assert search_filter(Unit.objects.all(), "Sở NỘI").count() == 1
    assert search_filter(Unit.objects.all(), "noi vu so").count() == 1  # any word order


@pytest.mark.django_db
def test_chu_ky_so_finds_tasks_indicators_and_directives() -> None:
    task = TaskFactory(title="Triển khai ứng dụng chữ ký số trong cơ quan nhà nước")
    IndicatorFactory(name="Tỷ lệ văn bản được ký số bằng chữ ký số", code="DOCS_SIGNED")
    directive = DirectiveFactory(title="Về đẩy mạnh sử dụng chữ ký số")
    assert list(search_filter(Task.objects.all(), "chu ky so")) == [task]
    assert search_filter(Indicator.objects.all(), "chu ky so").get().code == "DOCS_SIGNED"
    # The task's factory made a second directive, about something else.
    assert list(search_filter(Directive.objects.all(), "chu ky so")) == [directive]


@pytest.mark.django_db
def test_the_folded_text_follows_edits() -> None:
    unit = UnitFactory(name="Sở Y tế")
    unit.name = "Sở Giáo dục và Đào tạo"
    unit.save()
    assert search_filter(Unit.objects.all(), "giao duc").get() == unit
    assert not search_filter(Unit.objects.all(), "y te").exists()
