"""DRF's own messages in Vietnamese (its catalogue translates 21 of 125; locale-drf/vi completes
it), English when the user chose English, and unreadable bodies explained."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
import rest_framework
from django.conf import settings

from tests.api_client import client_for
from tests.factories import user_with_role
from units.models import Role

CATALOGUE = Path(settings.BASE_DIR) / "locale-drf" / "vi" / "LC_MESSAGES"
DRF_MESSAGES = Path(rest_framework.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.mo"


def test_every_drf_message_has_a_vietnamese_translation() -> None:
    drf = {key for key in gettext.GNUTranslations(DRF_MESSAGES.open("rb"))._catalog if key}
    ours = gettext.GNUTranslations((CATALOGUE / "django.mo").open("rb"))._catalog
    assert drf and not [key for key in drf if not ours.get(key)]


def test_the_vietnamese_catalogue_is_compiled_from_the_current_po(tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed (scripts/system-packages.sh test installs it)"
    compiled = tmp_path / "django.mo"
    subprocess.run([msgfmt, "-o", str(compiled), str(CATALOGUE / "django.po")], check=True)
    assert compiled.read_bytes() == (CATALOGUE / "django.mo").read_bytes()


@pytest.fixture
def reviewer(province):
    return client_for(user_with_role(Role.REVIEWER, province.root))


def test_field_errors_are_vietnamese_by_default(reviewer) -> None:
    body = reviewer.post("/api/v1/periods/", {"year": "abc"}, format="json").json()
    assert body == {"kind": ["Trường này là bắt buộc."], "year": ["Cần một số nguyên hợp lệ."]}


def test_field_errors_are_english_for_a_user_who_chose_english(reviewer) -> None:
    reviewer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = reviewer.post("/api/v1/periods/", {"year": "abc"}, format="json").json()
    assert body == {"kind": ["This field is required."], "year": ["A valid integer is required."]}


def test_anonymous_scripts_are_told_in_vietnamese_to_authenticate(db) -> None:
    from rest_framework.test import APIClient

    response = APIClient().get("/api/v1/units/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Chưa cung cấp thông tin xác thực."}


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"kind": "year",', "dòng 1, cột 17"),
        (b'{"kind": "year", "note": "H\xe0 N\xf4i"}', "UTF-8 (byte 0xe0 ở vị trí 27)"),
    ],
)
def test_an_unreadable_body_is_a_400_that_says_where(reviewer, body: bytes, says: str) -> None:
    response = reviewer.post("/api/v1/periods/", body, content_type="application/json")
    assert response.status_code == 400 and says in response.json()["detail"]


def test_a_json_body_over_the_limit_is_a_413(reviewer, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"kind": "year", "year": 2026, "pad": "%s"}' % ("x" * 1000)
    response = reviewer.post("/api/v1/periods/", body, content_type="application/json")
    assert response.status_code == 413 and "1000" in response.json()["detail"]


def test_an_unknown_id_in_the_path_is_a_404_in_vietnamese(reviewer) -> None:
    for path in ("/api/v1/submissions/999999/", "/api/v1/directives/999999/", "/api/v1/units/XX/"):
        response = reviewer.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Không tìm thấy."}, path
