"""Fixtures shared by the reports' domains."""

from __future__ import annotations

import pytest

from tests.conftest import Province
from tests.reports.compliance.restate_fixtures import Merger, build_renamed


@pytest.fixture
def renamed(province: Province) -> Merger:
    """Q4/2016's reports of restate_fixtures, then Sở TT&TT renamed on 1/7/2025."""
    return build_renamed(province)
