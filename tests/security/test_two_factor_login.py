"""Two-factor login (django-otp, TOTP): an account with a confirmed device needs the code from
its authenticator app after the password; neither the admin's login nor the API's token request
can skip it; roles listed in CHITIEU_TWO_FACTOR_ROLES must enrol a device first."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import user_with_role
from units.models import Role, User

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def reviewer(province) -> User:
    return user_with_role(Role.REVIEWER, province.root)


@pytest.fixture
def device(reviewer: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=reviewer, name="Điện thoại", confirmed=True)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):0{device.digits}d}"


def _login(client: Client, user: User, code: str | None = None):
    data = {"username": user.username, "password": PASSWORD}
    if code is not None:
        data["otp_token"] = code
    return client.post(reverse("login"), data)


def test_where_no_role_requires_it_the_password_is_enough(client: Client, reviewer: User) -> None:
    response = _login(client, reviewer)
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_a_reviewer_without_a_device_is_led_to_enrol_before_anything_else(
    client: Client, reviewer: User, settings
) -> None:
    settings.CHITIEU_TWO_FACTOR_ROLES = ["reviewer", "admin"]
    _login(client, reviewer)
    for page in (reverse("home"), reverse("reports:review_queue"), "/admin/"):
        response = client.get(page)
        assert response.status_code == 302 and response.url == reverse("account:two_factor")
    assert client.get(reverse("account:two_factor")).status_code == 200
    assert client.get("/api/v1/units/").status_code == 403


def test_with_a_device_the_password_alone_is_refused_in_vietnamese(
    client: Client, reviewer: User, device: TOTPDevice
) -> None:
    response = _login(client, reviewer)
    assert response.status_code == 200
    assert "đã bật xác thực hai lớp" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused(client: Client, reviewer: User, device: TOTPDevice) -> None:
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = _login(client, reviewer, wrong)
    assert "Mã xác thực không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_right_code_logs_in_and_marks_the_session_verified(
    client: Client, reviewer: User, device: TOTPDevice
) -> None:
    response = _login(client, reviewer, _code(device))
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.session["otp_device_id"] == device.persistent_id
    # The same code cannot be used twice (replay).
    other = Client()
    _login(other, reviewer, _code(device))
    assert "_auth_user_id" not in other.session


def test_the_admin_login_goes_through_the_portal_login_so_it_is_throttled_too(
    client: Client,
) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/"


def _token(user: User, code: str | None = None):
    body = {"username": user.username, "password": PASSWORD}
    if code is not None:
        body["otp_token"] = code
    return APIClient().post(reverse("api-token"), body, format="json")


def test_a_role_that_requires_a_device_gets_no_api_token_before_enrolling(
    reviewer: User, settings
) -> None:
    settings.CHITIEU_TWO_FACTOR_ROLES = ["reviewer"]
    response = _token(reviewer)
    assert response.status_code == 400
    assert "phải bật xác thực hai lớp" in response.json()["otp_token"][0]
    assert not AuthToken.objects.exists()


def test_without_a_device_the_api_token_needs_only_the_password(reviewer: User) -> None:
    response = _token(reviewer)
    assert response.status_code == 200
    assert response.json()["token"][:15] == AuthToken.objects.get(user=reviewer).token_key


@pytest.mark.parametrize("code", [None, ""])
def test_with_a_device_the_api_gives_no_token_for_the_password_alone(
    reviewer: User, device: TOTPDevice, code: str | None
) -> None:
    response = _token(reviewer, code)
    assert response.status_code == 400
    assert "đã bật xác thực hai lớp" in response.json()["otp_token"][0]
    assert not AuthToken.objects.exists()


def test_with_a_device_the_api_refuses_a_wrong_code(reviewer: User, device: TOTPDevice) -> None:
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = _token(reviewer, wrong)
    assert response.status_code == 400
    assert response.json() == {
        "otp_token": [
            "Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã đang hiện trong ứng dụng."
        ]
    }
    assert not AuthToken.objects.exists()


def test_with_a_device_the_api_gives_the_token_for_the_current_code_once(
    reviewer: User, device: TOTPDevice
) -> None:
    code = _code(device)
    response = _token(reviewer, code)
    assert response.status_code == 200
    assert response.json()["token"][:15] == AuthToken.objects.get(user=reviewer).token_key
    replayed = _token(reviewer, code)
    assert replayed.status_code == 400 and "token" not in replayed.json()


def test_a_code_does_not_stand_in_for_a_wrong_password(reviewer: User, device: TOTPDevice) -> None:
    response = APIClient().post(
        reverse("api-token"),
        {"username": reviewer.username, "password": "sai", "otp_token": _code(device)},
        format="json",
    )
    assert response.status_code == 400 and not AuthToken.objects.exists()
    device.refresh_from_db()
    assert device.last_t == -1  # the code was never tried: it stays usable


def test_the_schema_documents_the_code_of_the_token_request(client: Client) -> None:
    schema = client.get(reverse("schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/auth/token/"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]
    assert {"username", "password", "otp_token"} <= set(fields)
    assert "otp_token" in operation["description"]
