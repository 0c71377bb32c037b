"""Sessions last a working day and end when the browser closes (office PCs are shared)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from units.models import User

pytestmark = pytest.mark.django_db


def test_a_login_session_lasts_a_working_day_and_ends_with_the_browser(
    client: Client, unit_user: User
) -> None:
    response = client.post(
        reverse("login"), {"username": unit_user.username, "password": "mat-khau-thu-nghiem"}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert cookie["httponly"]
    assert client.session.get_expiry_age() == 8 * 3600


def test_an_expired_session_sends_the_user_back_to_the_login_page(
    client: Client, unit_user: User, time_machine
) -> None:
    time_machine.move_to("2026-03-02 08:00 +07:00", tick=False)
    client.force_login(unit_user)
    assert client.get(reverse("home")).status_code == 200
    time_machine.move_to("2026-03-02 16:01 +07:00", tick=False)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
