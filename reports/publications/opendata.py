"""A publication as open data files, written from its frozen document only: CSV (Vietnamese
headers, UTF-8 with a BOM for Excel, or English keys), JSON and SDMX-CSV. The columns are
documented in docs/open-data.md; change both together."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from reports.publications.models import Publication
from units.selectors import province_profile

# (English key, Vietnamese header): the CSV files' columns, in order.
COLUMNS = [
    ("province", "Tỉnh"),
    ("directive", "Văn bản"),
    ("period", "Kỳ báo cáo"),
    ("period_start", "Từ ngày"),
    ("period_end", "Đến ngày"),
    ("version", "Lần công bố"),
    ("published_at", "Thời điểm công bố"),
    ("task", "Nhiệm vụ"),
    ("indicator", "Chỉ số"),
    ("scope", "Phạm vi"),
    ("op", "Phép so sánh"),
    ("target", "Chỉ tiêu"),
    ("due", "Hạn"),
    ("judge", "Cách đánh giá"),
    ("value", "Giá trị"),
    ("status", "Kết quả"),
    ("units_expected", "Số đơn vị phải báo cáo"),
    ("units_reported", "Số đơn vị đã báo cáo"),
    ("units_met", "Số đơn vị đạt"),
    ("basis", "Cơ sở số liệu"),
    ("structure", "Cơ cấu đơn vị"),
    ("licence", "Giấy phép"),
    ("restated_on", "Quy đổi theo cơ cấu ngày"),
]
SDMX_COLUMNS = ["DATAFLOW", "INDICATOR", "UNIT", "TIME_PERIOD", "OBS_VALUE", "STATUS", "BASIS",
                "STRUCTURE", "RESTATED_ON"]  # fmt: skip
BOM = "\ufeff"


@dataclass(frozen=True)
class OpenFile:
    name: str
    content_type: str
    body: bytes


FORMATS = ("csv", "en.csv", "json", "sdmx.csv")


def licence_of(publication: Publication) -> str:
    return province_profile(publication.province).open_data_licence


def rows(publication: Publication) -> list[dict[str, Any]]:
    doc = publication.document
    licence = licence_of(publication)
    return [
        {
            "province": doc["province"], "directive": doc["directive"]["code"],
            "period": doc["period"]["label"], "period_start": doc["period"]["starts_on"],
            "period_end": doc["period"]["ends_on"], "version": doc["version"],
            "published_at": doc["published_at"], "task": t["task"], "indicator": t["indicator"],
            "scope": " ".join(t["scope"]), "op": t["op"], "target": t["target"],
            "due": t["due"] or "", "judge": t["judge"],
            "value": "" if t["value"] is None else t["value"], "status": t["status"],
            "units_expected": t["units_expected"], "units_reported": t["units_reported"],
            "units_met": t["units_met"], "basis": doc["basis"], "structure": doc["structure"],
            "licence": licence, "restated_on": publication.restated_on or "",
        }
        for t in doc["targets"]
    ]  # fmt: skip


def _csv(header: list[str], lines: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(lines)
    return out.getvalue()


def _stem(publication: Publication) -> str:
    return f"cong-bo-{publication.pk}-v{publication.version}"


def open_file(publication: Publication, fmt: str) -> OpenFile:
    stem = _stem(publication)
    found = rows(publication)
    if fmt == "csv":
        text = _csv([vi for _key, vi in COLUMNS], [[r[k] for k, _vi in COLUMNS] for r in found])
        return OpenFile(f"{stem}.csv", "text/csv; charset=utf-8", (BOM + text).encode())
    if fmt == "en.csv":
        text = _csv([k for k, _vi in COLUMNS], [[r[k] for k, _vi in COLUMNS] for r in found])
        return OpenFile(f"{stem}.en.csv", "text/csv; charset=utf-8", text.encode())
    if fmt == "json":
        body = {**publication.document, "id": publication.pk, "licence": licence_of(publication)}
        text = json.dumps(body, ensure_ascii=False, indent=2)
        return OpenFile(f"{stem}.json", "application/json", text.encode())
    if fmt == "sdmx.csv":
        return OpenFile(f"{stem}.sdmx.csv", "text/csv; charset=utf-8", _sdmx(publication).encode())
    raise ValueError(fmt)


def _sdmx(publication: Publication) -> str:
    doc = publication.document
    flow = f"CHITIEU:{doc['province']}_{doc['directive']['id']}(1.0)"
    lines = [
        [flow, t["indicator"], "+".join(t["scope"]) or doc["province"], doc["period"]["sdmx"],
         "" if t["value"] is None else t["value"], t["status"], doc["basis"], doc["structure"],
         publication.restated_on or ""]
        for t in doc["targets"]
    ]  # fmt: skip
    return _csv(SDMX_COLUMNS, lines)
