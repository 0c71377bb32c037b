"""Scripts authenticate with a token (django-rest-knox, `Authorization: Token <key>`): from
`drf_create_token` (the contract) or from POST /api/v1/auth/token/ with a username and password,
throttled per client address."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from tests.factories import api_token, user_with_role
from units.models import Role

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem"  # tests.factories.UserFactory's
VIETNAMESE = {"Không thể đăng nhập với thông tin đã nhập.", "Trường này là bắt buộc."}


@pytest.fixture
def reviewer(province):
    return user_with_role(Role.REVIEWER, province.root, username="canbo")


def test_a_script_gets_a_token_and_uses_it(reviewer) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "canbo", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert AuthToken.objects.get(user=reviewer).token_key == token[:15]  # only its hash is kept
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/units/").json()["count"] == 7


def test_a_form_encoded_request_works_too_for_curl(reviewer) -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", "username=canbo&password=" + PASSWORD,
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["token"]


def test_the_command_of_the_contract_prints_a_working_token(reviewer) -> None:
    out = io.StringIO()
    call_command("drf_create_token", "canbo", stdout=out)
    key = out.getvalue().split()[2]
    assert AuthToken.objects.get(user=reviewer).token_key == key[:15]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/units/").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"username": "canbo", "password": "sai"},
        {"username": "khong-co", "password": PASSWORD},
        {"username": "canbo"},
    ],
)
def test_wrong_credentials_are_a_400_in_vietnamese(reviewer, body: dict) -> None:
    response = APIClient().post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 400
    messages = [m for field in response.json().values() for m in field]
    assert messages and all(m in VIETNAMESE for m in messages)
    assert not AuthToken.objects.exists()


def test_a_deactivated_user_gets_no_token_and_an_old_token_stops_working(reviewer) -> None:
    token = api_token(reviewer)
    reviewer.is_active = False
    reviewer.save()
    body = {"username": "canbo", "password": PASSWORD}
    assert APIClient().post("/api/v1/auth/token/", body, format="json").status_code == 400
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/v1/units/")
    assert response.status_code == 401 and response.json()["detail"]


def test_a_bad_token_is_a_401(db) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0000")
    response = client.get("/api/v1/units/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Mã xác thực không hợp lệ."}


def test_guessing_passwords_is_throttled(reviewer, monkeypatch) -> None:
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "auth", "3/minute")
    wrong = {"username": "canbo", "password": "sai"}
    statuses = [
        APIClient().post("/api/v1/auth/token/", wrong, format="json").status_code for _ in range(4)
    ]
    assert statuses == [400, 400, 400, 429]
    right = {"username": "canbo", "password": PASSWORD}
    throttled = APIClient().post("/api/v1/auth/token/", right, format="json")
    assert throttled.status_code == 429 and "giây" in throttled.json()["detail"]
