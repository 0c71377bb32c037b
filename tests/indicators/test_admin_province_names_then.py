"""The admin lists of published figures (one row per province and year) name the province as it
was at that year's end, like every other list of past figures (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import ExternalFigure, IndexEdition, IndexFramework, IndexResult
from tests.conftest import Province, signed_in
from tests.factories import IndicatorFactory, UserFactory
from units.services import unit_rename

pytestmark = pytest.mark.django_db

OLD, NEW = "UBND tỉnh Vĩnh Phúc", "UBND tỉnh Phú Thọ"


def _figures(province: Province, years: list[int]) -> None:
    indicator = IndicatorFactory(code=f"RANK_{years[0]}")
    framework, _ = IndexFramework.objects.get_or_create(code="DTI", name="Chỉ số DTI")
    source = {
        "source_document": "Báo cáo 1/BC-BKHCN", "source_date": dt.date(2026, 5, 1),
        "entered_by": UserFactory(),
    }  # fmt: skip
    for year in years:
        ExternalFigure.objects.create(
            province=province.root, indicator=indicator, year=year, value=10, **source
        )
        edition = IndexEdition.objects.create(
            framework=framework, year=year, legal_basis="Quyết định 1/QĐ-BKHCN", max_score=1000
        )
        IndexResult.objects.create(
            edition=edition, province=province.root, score=500, rank=3, **source
        )


@pytest.mark.parametrize("model", ["externalfigure", "indexresult"])
def test_each_years_row_names_the_province_as_it_was_then(province: Province, model: str):
    _figures(province, [2024, 2025])
    unit_rename(unit=province.root, new_name=NEW, effective_on=dt.date(2025, 7, 1),
                legal_document="202/2025/QH15", by=None)  # fmt: skip
    admin = signed_in(UserFactory(is_superuser=True, is_staff=True))
    url = reverse(f"admin:indicators_{model}_changelist")
    with CaptureQueriesContext(connection) as first:
        rows = admin.get(url).content.decode().split("<tbody>")[1]
    # 2024 under the old name, 2025 (the year's end after the merger) under the new one.
    assert rows.count(f">{OLD}<") == 1 and rows.count(f">{NEW}<") == 1
    _figures(province, [2021, 2022, 2023])
    with CaptureQueriesContext(connection) as second:
        rows = admin.get(url).content.decode().split("<tbody>")[1]
    assert rows.count(f">{OLD}<") == 4
    assert len(second.captured_queries) == len(first.captured_queries)
