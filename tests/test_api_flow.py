"""The whole flow through the API alone: import the units and a directive, open a period, two
districts fill in and send what their report expects, a reviewer accepts both, and the
compliance figures that follow from these two reports are read back (GET
/api/v1/dashboard/compliance/: the pooled ratio, units reported and expected, completeness)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reports.submissions.models import Submission
from tests.api_client import client_for
from tests.factories import UserFactory, user_with_role
from units.models import Role, Unit

pytestmark = pytest.mark.django_db
DATA = Path(settings.BASE_DIR) / "data"
DISTRICTS = ["VP-VINHYEN", "VP-PHUCYEN"]


def figures_for(report: dict, share: int) -> dict:
    """A complete body for PATCH: every expected indicator and task, by indicator kind."""
    values = []
    for indicator in report["expected"]["indicators"]:
        if indicator["kind"] == "ratio":
            values.append({"indicator": indicator["code"], "numerator": share, "denominator": 100})
        elif indicator["kind"] == "boolean":
            values.append({"indicator": indicator["code"], "value": True})
        else:
            values.append({"indicator": indicator["code"], "value": share})
    tasks = [{"task": t["number"], "status": "in_progress", "note": "Đang triển khai"}
             for t in report["expected"]["tasks"]]  # fmt: skip
    return {"version": report["version"], "values": values, "task_updates": tasks}


def send_file(client: APIClient, what: str, path: Path):
    file = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(f"/api/v1/{what}/import/", {"file": file}, format="multipart")


def test_two_districts_report_and_a_reviewer_accepts_through_the_api_alone(
    django_capture_on_commit_callbacks,
) -> None:
    admin = client_for(UserFactory(is_superuser=True))
    units = send_file(admin, "units", DATA / "units" / "vinh_phuc.csv")
    assert units.status_code == 200 and units.json()["created"] == 73

    reviewer = client_for(user_with_role(Role.REVIEWER, Unit.objects.get(code="VP")))
    path = DATA / "directives" / "vinh_phuc_chi_thi_ung_dung_cntt_2015.yaml"
    directive = send_file(reviewer, "directives", path)
    assert directive.status_code == 201, directive.json()
    period = reviewer.post("/api/v1/periods/", {"kind": "half_year", "year": 2024, "number": 1},
                           format="json")  # fmt: skip
    assert period.status_code == 201

    for share, code in zip((90, 60), DISTRICTS, strict=True):
        head = client_for(user_with_role(Role.UNIT_HEAD, Unit.objects.get(code=code)))
        draft = head.post("/api/v1/submissions/", {"unit": code, "period": period.json()["id"],
                                                   "directive": directive.json()["id"]}, format="json")  # fmt: skip
        assert draft.status_code == 201 and draft.json()["expected"]["indicators"]
        url = f"/api/v1/submissions/{draft.json()['id']}/"
        saved = head.patch(url, figures_for(draft.json(), share), format="json")
        assert saved.status_code == 200, saved.json()
        assert head.post(url + "submit/", {}, format="json").json()["status"] == "submitted"
        # The acceptance queues a refresh of the figures after its commit (run here in-process).
        with django_capture_on_commit_callbacks(execute=True):
            accept = reviewer.post(url + "accept/", {}, format="json")
        assert accept.json()["status"] == "accepted"

    accepted = reviewer.get("/api/v1/submissions/?status=accepted").json()["results"]
    assert sorted(r["unit"] for r in accepted) == sorted(DISTRICTS)
    ratios = {(r["unit"], v["indicator"]): v["value"] for r in accepted for v in r["values"]
              if v["numerator"] is not None}  # fmt: skip
    assert ratios and set(ratios.values()) == {"90.0000", "60.0000"}
    assert Submission.objects.filter(status="accepted").count() == 2

    # Compliance read back: a pooled ratio is (90 + 60) / (100 + 100) = 75% from the two accepted
    # reports; the other units of its scope (departments, districts) are expected and silent.
    compliance = reviewer.get("/api/v1/dashboard/compliance/", {
        "directive": directive.json()["id"], "period": period.json()["id"]})  # fmt: skip
    assert compliance.status_code == 200, compliance.json()
    body = compliance.json()
    reported = {indicator for _, indicator in ratios}
    pooled = [t for t in body["targets"] if "@district" in t["scope"] and t["judge"] == "pooled"
              and t["indicator"] in reported]  # fmt: skip
    assert pooled, body["targets"]
    for target in pooled:
        levels = [s.removeprefix("@") for s in target["scope"]]
        expected = Unit.objects.filter(level__code__in=levels).count()
        assert (target["value"], target["units_reported"], target["units_expected"]) == (
            "75.000000", 2, expected,
        )  # fmt: skip
    assert body["computed_at"] and body["completeness"]["units_accepted"] == 2
