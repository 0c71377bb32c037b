"""Nothing under MEDIA_ROOT is served as is, not even with DEBUG on (the demo runs so): uploaded
files leave only through views that check permission and record the download."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.urls import Resolver404, clear_url_caches, resolve, reverse

import config.urls
from reports.submissions.models import EvidenceFile, IndicatorValue
from tests.conftest import Province
from tests.factories import user_with_role
from tests.reports.submissions.reporting_fixtures import district_directive, start
from units.models import Role, User

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def _reload_urls() -> None:
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def debug_on_disk(tmp_path: Path) -> Iterator[Path]:
    """DEBUG on, uploads on disk under MEDIA_ROOT, and the URLs as DEBUG builds them."""
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    try:
        with override_settings(DEBUG=True, MEDIA_ROOT=tmp_path, STORAGES=storages):
            _reload_urls()
            yield tmp_path
    finally:
        _reload_urls()  # as the other tests' settings build them


def test_an_evidence_file_on_disk_is_not_served_from_media_url_with_debug_on(
    debug_on_disk: Path, province: Province, outsider: User
) -> None:
    setup = district_directive(province)
    draft = start(setup, province)
    value = IndicatorValue.objects.create(submission=draft, indicator=setup.officers, value=2)
    evidence = EvidenceFile.objects.create(
        value=value,
        file=ContentFile(PDF, name="qd.pdf"),
        original_name="qd.pdf",
        size=len(PDF),
        content_type="application/pdf",
    )
    assert (debug_on_disk / evidence.file.name).read_bytes() == PDF  # really there
    path = "/media/" + evidence.file.name
    assert Client().get(path).status_code == 404
    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(path).status_code == 404

    # Its own view still hands it to the people of the report.
    reporter = Client()
    reporter.force_login(user_with_role(Role.REPORTER, province.district))
    url = reverse("reports:evidence_download", args=[draft.pk, evidence.pk])
    assert b"".join(reporter.get(url).streaming_content) == PDF


def test_no_url_pattern_serves_media_with_debug_on(debug_on_disk: Path) -> None:
    with pytest.raises(Resolver404):
        resolve("/media/evidence/2026/12/qd.pdf")
