"""Open data files of a publication, parsed and checked against docs/open-data.md's columns."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from reports.publications.models import Publication
from reports.publications.services import publication_publish
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from units.models import Role
from units.selectors import province_profile

pytestmark = pytest.mark.django_db
DOC = Path(__file__).resolve().parents[3] / "docs" / "open-data.md"
LICENCE = "Dữ liệu mở theo giấy phép CC BY 4.0 — Sở KH&CN tỉnh Vĩnh Phúc"


def documented_columns() -> list[tuple[str, str]]:
    """(English key, Vietnamese header) from the CSV table of the documentation."""
    section = DOC.read_text().split("## CSV columns", 1)[1].split("##", 1)[0]
    rows = re.findall(r"^\| ([a-z_]+) \| ([^|]+?) \|", section, flags=re.M)
    return [(key, header) for key, header in rows if key != "English"]


def documented_sdmx_columns() -> list[str]:
    section = DOC.read_text().split("## SDMX-CSV", 1)[1]
    return re.search(r"Columns: `([^`]+)`", section).group(1).split(", ")


@pytest.fixture
def published(province: Province) -> Publication:
    dash: Dashboard = build_dashboard(province)
    profile = province_profile(province.root)
    profile.open_data_licence = LICENCE
    profile.save()
    officer = user_with_role(Role.REVIEWER, province.root)
    return publication_publish(by=officer, directive=dash.directive, period=dash.period)


def download(publication: Publication, fmt: str):
    url = reverse("reports:public_download", args=[publication.province.code, publication.pk, fmt])
    response = Client().get(url)
    assert response.status_code == 200
    return response


def test_the_vietnamese_csv_has_a_bom_and_the_documented_headers(published: Publication) -> None:
    body = download(published, "csv").content
    assert body.startswith("\ufeff".encode())
    table = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    columns = documented_columns()
    assert len(columns) == 23  # restated_on added at the end (restated publishing)
    assert list(table[0]) == [header for _key, header in columns]
    assert len(table) == len(published.document["targets"]) == 4
    communes = [r for r in table if r["Phạm vi"] == "@commune"]
    assert (Decimal(communes[0]["Giá trị"]), communes[0]["Kết quả"]) == (Decimal(10), "missed")


def test_the_english_csv_carries_the_same_rows_under_the_documented_keys(
    published: Publication,
) -> None:
    vietnamese = list(
        csv.reader(io.StringIO(download(published, "csv").content.decode("utf-8-sig")))
    )
    body = download(published, "en.csv").content
    assert not body.startswith("\ufeff".encode())
    english = list(csv.reader(io.StringIO(body.decode())))
    assert english[0] == [key for key, _header in documented_columns()]
    assert english[1:] == vietnamese[1:]
    rows = [dict(zip(english[0], row, strict=True)) for row in english[1:]]
    assert {r["licence"] for r in rows} == {LICENCE}
    assert {r["status"] for r in rows} <= {"met", "missed", "on_track", "no_data"}
    assert {r["basis"] for r in rows} == {"official"}


def test_the_json_is_the_published_document_with_its_licence(published: Publication) -> None:
    body = json.loads(download(published, "json").content)
    assert body["targets"] == published.document["targets"]
    assert (body["id"], body["licence"], body["schema_version"]) == (published.pk, LICENCE, "1.0")
    assert set(body["completeness"]) == {"units_expected", "units_reported", "units_accepted",
                                         "on_time", "late"}  # fmt: skip


def test_the_sdmx_csv_has_the_documented_dimensions_measure_and_attributes(
    published: Publication,
) -> None:
    rows = list(csv.DictReader(io.StringIO(download(published, "sdmx.csv").content.decode())))
    assert list(rows[0]) == documented_sdmx_columns()
    assert {r["TIME_PERIOD"] for r in rows} == {"2016-Q4"}
    keys = [(r["INDICATOR"], r["UNIT"], r["TIME_PERIOD"]) for r in rows]
    assert len(set(keys)) == len(keys)  # each observation named once by its dimensions
    districts = next(r for r in rows if r["UNIT"] == "@district")
    assert (Decimal(districts["OBS_VALUE"]), districts["STATUS"]) == (Decimal(75), "met")
    assert {(r["BASIS"], r["STRUCTURE"]) for r in rows} == {("official", "historic")}
    assert rows[0]["DATAFLOW"] == f"CHITIEU:VP_{published.directive_id}(1.0)"
