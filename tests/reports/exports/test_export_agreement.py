"""One query layer: for every target, the PDF report's text, the workbook's cells and the
compliance API give the same figures (in-process, and through a real worker on Redis)."""

from __future__ import annotations

import io
import time
from decimal import Decimal

import openpyxl
import pytest
from rest_framework.test import APIClient

from directives.models import Target
from indicators.models import Indicator
from reports.compliance.texts import STATUS_LABELS
from reports.exports.wording import goal_text, result_text
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.compliance.dashboard_fixtures import build_dashboard
from tests.reports.exports.export_helpers import pdf_rows
from units.models import Role


def api_figures(client: APIClient, dash, unit: str) -> list[dict]:
    query = {"directive": dash.directive.pk, "period": dash.period.pk, "unit": unit}
    response = client.get("/api/v1/dashboard/compliance/", query)
    assert response.status_code == 200
    return response.data["targets"]


def workbook_rows(data: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Tổng hợp"]
    header = int(sheet.print_title_rows.split(":")[0].lstrip("$"))  # below the title block
    rows = []
    for row in sheet.iter_rows(min_row=header + 1, values_only=True):
        if all(cell is None for cell in row):
            break  # the context block below the table
        rows.append(row)
    return rows


def as_printed(figure: dict) -> tuple[str, str, str]:
    """The target, value and verdict the report should print for the API's figure, in the
    report's wording (reports/exports/wording.py)."""
    target = Target(
        indicator=Indicator.objects.get(code=figure["indicator"]), op=figure["op"],
        value=Decimal(figure["target"]), judge=figure["judge"],
        units_share=None if figure.get("units_share") is None else Decimal(figure["units_share"]),
    )  # fmt: skip
    value = None if figure["value"] is None else Decimal(figure["value"])
    return (
        goal_text(target),
        result_text(value, target),
        str(STATUS_LABELS[figure["status"]]),
    )


def assert_agreement(figures: list[dict], pdf: bytes, xlsx: bytes) -> None:
    assert figures
    assert {f["status"] for f in figures} >= {"met", "missed", "on_track", "no_data"}
    rows, cells = pdf_rows(pdf, len(figures)), workbook_rows(xlsx)
    assert len(cells) == len(figures)
    for figure, row, cell in zip(figures, rows, cells, strict=True):
        target, value, status = as_printed(figure)
        name = Indicator.objects.get(code=figure["indicator"]).name
        # The PDF: each cell exactly as the API's figure reads.
        assert row[1].startswith(f"{name} (") and row[1].endswith(f"nhiệm vụ {figure['task']})")
        assert (row[2], row[3], row[4]) == (target, value, status), (figure, row)
        assert row[5] == "{units_met} / {units_reported} / {units_expected}".format(**figure)
        # The workbook: a percentage is a fraction under a percentage format.
        number = cell[5]
        if figure["value"] is None:
            assert number is None
        else:
            scale = 100 if value.endswith(("%", "đơn vị đạt")) else 1
            assert Decimal(str(number)) * scale == Decimal(figure["value"]).normalize()
        assert (cell[7], cell[8], cell[9], cell[10]) == (
            status, figure["units_expected"], figure["units_reported"], figure["units_met"],
        )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("area", ["root", "district"])
def test_the_pdf_the_workbook_and_the_api_agree_on_every_target(
    province: Province, area: str, django_capture_on_commit_callbacks
) -> None:
    dash = build_dashboard(province, unreported_target=True)
    client = APIClient()
    client.force_authenticate(user_with_role(Role.REVIEWER, province.root))
    unit = getattr(province, area).code
    files = {}
    for format in ("pdf", "xlsx"):
        body = {"format": format, "directive": dash.directive.pk, "period": dash.period.pk,
                "unit": unit}  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            export_id = client.post("/api/v1/exports/", body, format="json").data["id"]
        files[format] = b"".join(
            client.get(f"/api/v1/exports/{export_id}/download/").streaming_content
        )
    assert_agreement(api_figures(client, dash, unit), files["pdf"], files["xlsx"])


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_files_that_agree_with_the_api(celery_worker, province) -> None:
    # The refreshes the acceptances queue run in the worker while the fixture's own recompute
    # runs here: they take turns.
    dash = build_dashboard(province, unreported_target=True)
    client = APIClient()
    client.force_authenticate(user_with_role(Role.REVIEWER, province.root))
    ids = {}
    for format in ("pdf", "xlsx"):
        body = {"format": format, "directive": dash.directive.pk, "period": dash.period.pk}
        response = client.post("/api/v1/exports/", body, format="json")
        assert response.status_code == 202
        ids[format] = response.data["id"]
    files, seen = {}, set()
    deadline = time.monotonic() + 120
    while len(files) < 2 and time.monotonic() < deadline:
        for format, export_id in ids.items():
            detail = client.get(f"/api/v1/exports/{export_id}/").data
            seen.add(detail["status"])
            assert detail["status"] != "failed", detail["error"]
            if detail["status"] == "done" and format not in files:
                files[format] = b"".join(client.get(detail["download_url"]).streaming_content)
        time.sleep(0.3)
    assert set(files) == {"pdf", "xlsx"}, seen
    assert_agreement(api_figures(client, dash, province.root.code), files["pdf"], files["xlsx"])
