"""Users enrol and remove their own TOTP device: a QR code (inline, under the CSP), a code from
the app to confirm, one-use backup codes shown once; both changes revoke the user's API tokens."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import Province, signed_in
from tests.factories import api_token, user_with_role
from units.models import Role, User

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def reviewer(province: Province) -> User:
    return user_with_role(Role.REVIEWER, province.root)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):0{device.digits}d}"


def _token_works(token: str) -> bool:
    client = Client()
    return client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def _enrol(client: Client, user: User):
    page = client.get(reverse("account:two_factor"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post(reverse("account:two_factor"), {"otp_token": _code(device)})


def test_a_user_enrols_with_a_code_from_the_app_and_gets_backup_codes_once(reviewer: User) -> None:
    token = api_token(reviewer)
    client = signed_in(reviewer)
    answer = _enrol(client, reviewer)
    html = answer.content.decode()
    codes = list(StaticToken.objects.filter(device__user=reviewer).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in html for code in codes)
    assert TOTPDevice.objects.get(user=reviewer).confirmed
    assert not _token_works(token)  # made before the second factor: revoked
    again = client.get(reverse("account:two_factor")).content.decode()
    assert codes[0] not in again and "đang bật" in again


def test_a_wrong_code_enrols_nothing(reviewer: User) -> None:
    client = signed_in(reviewer)
    client.get(reverse("account:two_factor"))
    device = TOTPDevice.objects.get(user=reviewer)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    answer = client.post(reverse("account:two_factor"), {"otp_token": wrong})
    assert answer.status_code == 400 and "Mã xác thực không đúng" in answer.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert not StaticToken.objects.exists()


def test_after_enrolling_the_login_asks_for_the_code_and_takes_a_backup_code(
    reviewer: User,
) -> None:
    _enrol(signed_in(reviewer), reviewer)
    backup = StaticToken.objects.filter(device__user=reviewer).first().token
    client = Client()
    data = {"username": reviewer.username, "password": PASSWORD}
    assert "đã bật xác thực hai lớp" in client.post(reverse("login"), data).content.decode()
    answer = client.post(reverse("login"), {**data, "otp_token": backup})
    assert answer.status_code == 302 and answer.url == reverse("home")
    assert not StaticToken.objects.filter(token=backup).exists()  # used once


def test_an_enrolled_reviewer_who_must_use_it_reaches_the_pages(reviewer: User, settings) -> None:
    settings.CHITIEU_TWO_FACTOR_ROLES = ["reviewer"]
    client = signed_in(reviewer)
    assert client.get(reverse("home")).url == reverse("account:two_factor")
    _enrol(client, reviewer)
    assert client.get(reverse("home")).status_code == 200


def test_the_user_removes_the_device_with_a_current_code_and_tokens_are_revoked(
    reviewer: User,
) -> None:
    client = signed_in(reviewer)
    _enrol(client, reviewer)
    device = TOTPDevice.objects.get(user=reviewer)
    device.last_t = -1  # the enrolment's code was used; the next one is wanted
    device.save()
    token = api_token(reviewer)
    wrong_code = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    wrong = client.post(
        reverse("account:two_factor_remove"), {"otp_token": wrong_code}, follow=True
    )
    assert "Mã xác thực không đúng" in wrong.content.decode()
    assert TOTPDevice.objects.filter(user=reviewer).exists() and _token_works(token)
    client.post(reverse("account:two_factor_remove"), {"otp_token": _code(device)})
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    assert not StaticToken.objects.filter(device__user=reviewer).exists()
    assert not _token_works(token)


def test_production_requires_it_of_reviewers_and_admins_unless_told_otherwise() -> None:
    script = "from django.conf import settings; print(','.join(settings.CHITIEU_TWO_FACTOR_ROLES))"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.prod",
           "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "chitieu.example"}  # fmt: skip
    env.pop("CHITIEU_TWO_FACTOR_ROLES", None)
    command = [sys.executable, "-c", f"import django; django.setup(); {script}"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "reviewer,admin"
