"""An API client signed in as a user, every API list to walk, and the figures a report sends
through the API (shared by the API, audit and task report tests)."""

from __future__ import annotations

from rest_framework.test import APIClient


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def everything(client: APIClient, url: str) -> list[dict]:
    rows, page = [], url
    while page:
        body = client.get(page).json()
        rows += body["results"]
        page = body["next"]
    return rows


VALUES = [
    {"indicator": "DOCS_SIGNED", "numerator": 45, "denominator": 60, "note": "Theo phần mềm QLVB"},
    {"indicator": "IT_OFFICERS", "value": 2},
]


TASKS = [
    {"task": "1", "status": "in_progress", "note": "Đang cấp chứng thư số"},
    {"task": "2", "status": "in_progress", "note": "Duy trì hằng ngày"},
]


def start(head: APIClient, setup, unit: str = "VP-VINHYEN") -> dict:
    response = head.post("/api/v1/submissions/", {"unit": unit, "period": setup.period.pk,
                                                  "directive": setup.directive.pk}, format="json")  # fmt: skip
    assert response.status_code in (200, 201), response.json()
    return response.json()
