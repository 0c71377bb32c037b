"""scripts/backup.sh and scripts/restore.sh: a backup restored into a fresh database and fresh
folders holds every report, figure and file of the original."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from reports.exports.models import Export
from reports.submissions.evidence import evidence_add
from reports.submissions.services import (
    submission_accept,
    submission_save,
    submission_start,
    submission_submit,
)
from reports.submissions.validation import TaskInput, ValueInput
from tests.reports.submissions.reporting_fixtures import district_directive
from tests.worker import database_url

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
BASH = shutil.which("bash") or "/bin/bash"
# What a restore must give back whole: the reports, their figures, files and the exports.
TABLES = {
    "reports_submission": "id, unit_id, period_id, directive_id, status, version, submitted_at",
    "reports_indicatorvalue": "id, submission_id, indicator_id, value, numerator, denominator",
    "reports_taskupdate": "id, submission_id, task_id, status, progress",
    "reports_evidencefile": "id, value_id, file, original_name, size, content_type",
    "reports_export": "id, status, file",
}


def _rows(cursor, table: str) -> list[tuple]:
    cursor.execute(f"select {TABLES[table]} from {table} order by id")  # noqa: S608
    return cursor.fetchall()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _admin(sql: str) -> None:
    admin = psycopg2.connect(database_url("postgres"))
    admin.autocommit = True
    try:
        admin.cursor().execute(sql)
    finally:
        admin.close()


@pytest.fixture
def folders(tmp_path: Path, settings):
    """The portal's media and export files on disk (tests otherwise keep them in memory)."""
    media, exports = tmp_path / "media", tmp_path / "exports"
    file_system = "django.core.files.storage.FileSystemStorage"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": file_system, "OPTIONS": {"location": str(media)}},
        "exports": {"BACKEND": file_system, "OPTIONS": {"location": str(exports)}},
    }
    return media, exports


@pytest.fixture
def restored_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    _admin(f'drop database if exists "{name}"')
    _admin(f'create database "{name}"')
    yield name
    _admin(f'drop database if exists "{name}" with (force)')


def _reports_with_evidence(province) -> None:
    setup = district_directive(province)
    for unit, signed in ((province.district, 60), (province.other_district, 20)):
        submission = submission_start(
            unit=unit, period=setup.period, directive=setup.directive, by=None
        )
        submission_save(
            submission=submission, version=1, by=None,
            values=[ValueInput("DOCS_SIGNED", numerator=Decimal(signed), denominator=Decimal(60)),
                    ValueInput("IT_OFFICERS", value=Decimal(1))],
            tasks=[TaskInput("1", "in_progress", progress="Đang triển khai ký số"),
                   *([TaskInput("2", "in_progress", progress="Duy trì")]
                     if unit == province.district else [])],
        )  # fmt: skip
        for n, (name, head) in enumerate((("quyết định.pdf", b"%PDF-1.4\n"),
                                          ("ảnh chụp.png", b"\x89PNG\r\n\x1a\n"))):  # fmt: skip
            body = head + os.urandom(2048 + n)
            evidence_add(submission=submission, indicator_code="DOCS_SIGNED", by=None,
                         upload=SimpleUploadedFile(name, body))  # fmt: skip
        submission = submission_submit(submission=submission, version=2, by=None)
        if unit == province.district:
            submission_accept(submission=submission, by=None)
    name = storages["exports"].save(
        "exports/2016/06/1-bao-cao.pdf", ContentFile(b"%PDF-1.7\n" + os.urandom(4096))
    )
    Export.objects.create(
        format="pdf", directive=setup.directive, period=setup.period, area=province.root,
        status="done", progress=100, file=name,
    )  # fmt: skip


def test_a_backup_restored_into_a_fresh_database_has_every_report_and_file(
    province, folders, restored_database, tmp_path: Path
) -> None:
    media, exports = folders
    _reports_with_evidence(province)
    backup = tmp_path / "backup"
    source = {"DJANGO_MEDIA_ROOT": str(media), "CHITIEU_EXPORT_ROOT": str(exports)}
    subprocess.run(
        [BASH, "scripts/backup.sh", str(backup)], cwd=ROOT, check=True,
        env={**os.environ, "DATABASE_URL": database_url(), **source},
    )  # fmt: skip
    assert sorted(p.name for p in backup.iterdir()) == [
        "SHA256SUMS", "database.dump", "exports.tar.gz", "media.tar.gz"
    ]  # fmt: skip

    new_media, new_exports = tmp_path / "new-media", tmp_path / "new-exports"
    target = {
        "DATABASE_URL": database_url(restored_database),
        "DJANGO_MEDIA_ROOT": str(new_media),
        "CHITIEU_EXPORT_ROOT": str(new_exports),
    }
    subprocess.run([BASH, "scripts/restore.sh", str(backup)], cwd=ROOT, check=True,
                   env={**os.environ, **target})  # fmt: skip

    with connection.cursor() as cursor:
        original = {table: _rows(cursor, table) for table in TABLES}
    restored_connection = psycopg2.connect(target["DATABASE_URL"])
    try:
        restored = {table: _rows(restored_connection.cursor(), table) for table in TABLES}
    finally:
        restored_connection.close()
    assert len(original["reports_submission"]) == 2
    assert len(original["reports_evidencefile"]) == 4
    assert restored == original
    files = [(media, new_media, row[2]) for row in original["reports_evidencefile"]]
    files += [(exports, new_exports, row[2]) for row in original["reports_export"]]
    for old_root, new_root, name in files:
        assert _sha256(new_root / name) == _sha256(old_root / name), name
    # The restored schema is the code's: nothing left to migrate.
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check", "--settings=config.settings.test"],
        cwd=ROOT, check=True, capture_output=True, env={**os.environ, **target},
    )  # fmt: skip


def test_restore_refuses_a_database_that_already_has_tables(folders, tmp_path: Path) -> None:
    media, exports = folders
    backup = tmp_path / "backup"
    env = {**os.environ, "DATABASE_URL": database_url(),
           "DJANGO_MEDIA_ROOT": str(media), "CHITIEU_EXPORT_ROOT": str(exports)}  # fmt: skip
    subprocess.run([BASH, "scripts/backup.sh", str(backup)], cwd=ROOT, check=True, env=env)
    refused = subprocess.run([BASH, "scripts/restore.sh", str(backup)], cwd=ROOT, env=env,
                             capture_output=True, text=True)  # fmt: skip
    assert refused.returncode == 2
    assert "restore into an empty one" in refused.stderr
