"""The example framework files in data/index import cleanly, as docs/index-framework.md says."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from indicators.models import IndexNode, IndexResult, Indicator
from indicators.services import framework_import, index_results_import
from tests.factories import IndicatorFactory, user_with_role
from units.models import Role

pytestmark = pytest.mark.django_db
CODES = ("DOSSIERS_ONLINE", "ONLINE_SERVICES_L4", "DOCS_DIGITALLY_SIGNED", "MOBILE_4G_COVERAGE",
         "FIBRE_INTERNET_COVERAGE")  # fmt: skip


def test_the_example_editions_import_with_their_own_weights() -> None:
    for code in CODES:
        IndicatorFactory(code=code, kind=Indicator.Kind.AMOUNT)
    folder = Path(settings.BASE_DIR) / "data" / "index"
    for year in (2022, 2023):
        framework_import(data=(folder / f"dti-{year}.yaml").read_bytes())
    maximums = dict(IndexNode.objects.filter(code="CQS").values_list("edition__year", "max_score"))
    assert maximums == {2022: Decimal(400), 2023: Decimal(300)}
    signed = IndexNode.objects.get(edition__year=2022, code="CQS.VB.1")
    assert signed.max_score == Decimal(160)  # 1000 × 40 % × 40 % × 100 %
    assert IndexNode.objects.get(edition__year=2023, code="CQS").edition.scored_levels == [
        "district"
    ]


def test_the_example_results_file_imports_for_its_province(province) -> None:
    for code in CODES:
        IndicatorFactory(code=code, kind=Indicator.Kind.AMOUNT)
    folder = Path(settings.BASE_DIR) / "data" / "index"
    framework_import(data=(folder / "dti-2023.yaml").read_bytes())
    officer = user_with_role(Role.REVIEWER, province.root)
    edition, count = index_results_import(
        data=(folder / "dti-2023-results.yaml").read_bytes(), by=officer
    )
    assert (edition.year, count) == (2023, 4)
    total = IndexResult.objects.get(node=None)
    assert (total.score, total.rank) == (Decimal("561.9"), 14)
