"""django-axes: five wrong passwords for one account from one address lock that pair out."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.test import Client
from django.urls import reverse

from units.models import User

pytestmark = pytest.mark.django_db
RIGHT = "mat-khau-thu-nghiem"


def _try(client: Client, user: User, password: str, address: str = "10.0.0.7"):
    return client.post(
        reverse("login"),
        {"username": user.username, "password": password},
        REMOTE_ADDR=address,
    )


def _fail_until_locked(client: Client, user: User) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _try(client, user, "sai-mat-khau")


def test_wrong_passwords_below_the_limit_only_say_the_password_is_wrong(
    client: Client, unit_user: User
) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _try(client, unit_user, "sai-mat-khau")
        assert response.status_code == 200
        assert "không đúng" in response.content.decode()
    assert _try(client, unit_user, RIGHT).status_code == 302


def test_too_many_wrong_passwords_lock_the_account_with_a_vietnamese_message(
    client: Client, unit_user: User
) -> None:
    _fail_until_locked(client, unit_user)
    response = _try(client, unit_user, RIGHT)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in page
    assert f"sai mật khẩu {settings.AXES_FAILURE_LIMIT} lần" in page
    assert "thử lại sau 15 phút" in page
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_the_same_address_only(client: Client, unit_user: User) -> None:
    _fail_until_locked(client, unit_user)
    assert _try(client, unit_user, RIGHT, address="10.0.0.8").status_code == 302


def test_the_lock_ends_after_the_cool_off(client: Client, unit_user: User, time_machine) -> None:
    time_machine.move_to("2026-03-02 08:00 +07:00", tick=False)
    _fail_until_locked(client, unit_user)
    assert _try(client, unit_user, RIGHT).status_code == 429
    time_machine.move_to("2026-03-02 08:16 +07:00", tick=False)
    assert _try(client, unit_user, RIGHT).status_code == 302


def test_a_successful_login_clears_the_failure_count(client: Client, unit_user: User) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _try(client, unit_user, "sai-mat-khau")
    assert _try(client, unit_user, RIGHT).status_code == 302
    client.post(reverse("logout"))
    assert _try(client, unit_user, "sai-mat-khau").status_code == 200
    assert _try(client, unit_user, RIGHT).status_code == 302


def test_every_login_is_recorded_with_its_address(client: Client, unit_user: User) -> None:
    _try(client, unit_user, "sai-mat-khau", address="10.0.0.9")
    _try(client, unit_user, RIGHT, address="10.0.0.9")
    failure = AccessFailureLog.objects.get()
    success = AccessLog.objects.get()
    assert (failure.username, failure.ip_address) == (unit_user.username, "10.0.0.9")
    assert (success.username, success.ip_address) == (unit_user.username, "10.0.0.9")
    # The counter is reset by the success; the failure itself stays on record.
    assert not AccessAttempt.objects.exists()
