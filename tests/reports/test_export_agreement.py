"""One query layer: for every target, the PDF report's text, the workbook's cells and the
compliance API give the same figures (in-process, and through a real worker on Redis)."""

from __future__ import annotations

import io
import re
import time
from decimal import Decimal

import openpyxl
import pytest
from rest_framework.test import APIClient

from config import vn
from config.celery import app
from indicators.models import Indicator
from reports.texts import STATUS_LABELS
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.dashboard_fixtures import build_dashboard
from tests.reports.export_helpers import pdf_text
from units.models import Role


def api_figures(client: APIClient, dash, unit: str) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    query = {"directive": dash.directive.pk, "period": dash.period.pk, "unit": unit}
    response = client.get("/api/v1/dashboard/compliance/", query)
    assert response.status_code == 200
    return response.data["targets"]


COUNTS = re.compile(r"(\d+)\s*/\s*(\d+)\s*/\s*(\d+)$")


def pdf_rows(data: bytes, count: int) -> list[str]:
    """The first line of each row of the targets table (section II), in order."""
    text = pdf_text(data, layout=True)
    table = text[text.index("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU") : text.index("ĐƠN VỊ CHƯA ĐẠT")]
    rows = [re.sub(r"\s+", " ", line).strip() for line in table.splitlines()]
    rows = [row for row in rows if re.match(r"\d+ \D", row) and COUNTS.search(row)]
    assert [int(row.split()[0]) for row in rows] == list(range(1, count + 1))
    return rows


def workbook_rows(data: bytes) -> list[tuple]:  # type: ignore[type-arg]
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Tổng hợp"]
    rows = []
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if all(cell is None for cell in row):
            break  # the context block below the table
        rows.append(row)
    return rows


def as_printed(figure: dict) -> str:  # type: ignore[type-arg]
    """The API's value as a Vietnamese reader expects it in the report."""
    value = Decimal(figure["value"])
    if figure["judge"] == "each_unit":
        return f"{vn.format_percent(value)} đơn vị đạt"
    indicator = Indicator.objects.get(code=figure["indicator"])
    if indicator.kind == Indicator.Kind.RATIO:
        return vn.format_percent(value)
    return f"{vn.format_number(value, 2)} {indicator.display_unit}".strip()


def assert_agreement(figures: list[dict], pdf: bytes, xlsx: bytes) -> None:  # type: ignore[type-arg]
    assert figures
    rows, cells = pdf_rows(pdf, len(figures)), workbook_rows(xlsx)
    assert len(cells) == len(figures)
    for figure, row, cell in zip(figures, rows, cells, strict=True):
        status = str(STATUS_LABELS[figure["status"]])
        counts = (figure["units_met"], figure["units_reported"], figure["units_expected"])
        # The PDF: value as printed, the verdict's first word (the cell wraps), unit counts.
        assert figure["value"] is None or f" {as_printed(figure)} " in row, (figure, row)
        assert f" {status.split()[0]} " in row, (figure, row)
        assert tuple(int(n) for n in COUNTS.search(row).groups()) == counts  # type: ignore[union-attr]
        # The workbook: a percentage is a fraction under a percentage format.
        value = cell[5]
        if figure["value"] is None:
            assert value is None
        else:
            scale = 100 if figure["judge"] == "each_unit" or "%" in as_printed(figure) else 1
            assert Decimal(str(value)) * scale == Decimal(figure["value"]).normalize()
        assert (cell[7], cell[8], cell[9], cell[10]) == (
            status, figure["units_expected"], figure["units_reported"], figure["units_met"],
        )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("area", ["root", "district"])
def test_the_pdf_the_workbook_and_the_api_agree_on_every_target(
    province: Province, area: str, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    dash = build_dashboard(province)
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
def test_a_real_worker_makes_files_that_agree_with_the_api(celery_worker, province) -> None:  # type: ignore[no-untyped-def]
    # The fixture computes the figures itself: the recomputes its acceptances queue run
    # in-process, not in the worker at the same time (two concurrent recomputes of one
    # directive × period collide on run_unique).
    app.conf.task_always_eager = True
    try:
        dash = build_dashboard(province)
    finally:
        app.conf.task_always_eager = False
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
