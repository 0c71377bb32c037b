"""Evidence files come back as downloads a browser will neither render nor sniff."""

from __future__ import annotations

from email.message import Message

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reports.submissions.models import EvidenceFile
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive, start
from units.models import Role

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize(
    "name",
    ['anh"; filename="x.html"><img src=x onerror=alert(1)>.png', "ảnh chụp.png", "a;b=c.png"],
)
def test_a_hostile_file_name_cannot_break_out_of_the_download_headers(
    client: Client, province: Province, name: str
) -> None:
    submission = start(district_directive(province), province)
    client.force_login(user_with_role(Role.REPORTER, province.district))
    client.post(
        reverse("reports:evidence_upload", args=[submission.pk]),
        {"code": "DOCS_SIGNED", "file": SimpleUploadedFile(name, PNG)},
    )
    evidence = EvidenceFile.objects.get()
    response = client.get(reverse("reports:evidence_download", args=[submission.pk, evidence.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    # The download's own policy, not the pages' one: a sandbox runs nothing even if opened.
    assert response["Content-Security-Policy"] == "sandbox"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename")
    header = Message()
    header["Content-Disposition"] = disposition
    assert header.get_filename() == evidence.original_name  # one name, quotes kept inside it
    assert b"".join(response.streaming_content) == PNG
