"""API tokens (django-rest-knox): they expire, their owner lists and revokes them (a page and the
API), and they die with what proved who holds them: a password change or reset (the user's own
page, the e-mailed link, the admin's page) and the account's deactivation."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.admin_forms import admin_form_data
from tests.conftest import Province, signed_in
from tests.factories import UserFactory, api_token, user_with_role
from units.models import Role, User

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem"  # tests.factories.UserFactory's
NEW_PASSWORD = "Vinh-Yen-bao-cao-2026"


@pytest.fixture
def reporter(province: Province) -> User:
    return user_with_role(Role.REPORTER, province.district, email="baocao@vinhyen.gov.vn")


def _works(token: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    status = client.get("/api/v1/units/").status_code
    assert status in (200, 401)
    return status == 200


def test_each_request_gives_a_new_token_that_expires_after_the_configured_days(
    reporter: User, settings
) -> None:
    settings.CHITIEU_API_TOKEN_DAYS = 2
    body = {"username": reporter.username, "password": PASSWORD}
    first = APIClient().post("/api/v1/auth/token/", body, format="json").json()
    second = APIClient().post("/api/v1/auth/token/", body, format="json").json()
    assert first["token"] != second["token"] and _works(first["token"])
    expiry = dt.datetime.fromisoformat(first["expiry"])
    assert dt.timedelta(days=2) - dt.timedelta(minutes=1) < expiry - dt.datetime.now(dt.UTC)
    with time_machine.travel(expiry + dt.timedelta(seconds=1)):
        assert not _works(second["token"])


def test_the_owner_lists_their_tokens_without_their_keys(
    reporter: User, province: Province
) -> None:
    mine = api_token(reporter)
    api_token(user_with_role(Role.REPORTER, province.district))  # someone else's
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {mine}")
    listed = client.get("/api/v1/auth/tokens/").json()
    assert [t["token_key"] for t in listed] == [mine[:15]]
    assert mine not in str(listed)


def test_the_owner_revokes_a_token_through_the_api_but_not_someone_elses(
    reporter: User, province: Province
) -> None:
    mine, spare = api_token(reporter), api_token(reporter)
    theirs = api_token(user_with_role(Role.REPORTER, province.district))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {mine}")
    assert client.delete(f"/api/v1/auth/tokens/{theirs[:15]}/").status_code == 404
    assert client.delete(f"/api/v1/auth/tokens/{spare[:15]}/").status_code == 204
    assert (_works(mine), _works(spare), _works(theirs)) == (True, False, True)


def test_the_tokens_page_lists_and_revokes_them(reporter: User) -> None:
    first, second = api_token(reporter), api_token(reporter)
    client = signed_in(reporter)
    page = client.get(reverse("account:tokens")).content.decode()
    assert first[:8] in page and second[:8] in page and first not in page
    client.post(reverse("account:tokens"), {"token_key": first[:15]})
    assert (_works(first), _works(second)) == (False, True)
    answer = client.post(reverse("account:tokens"), {"token_key": "all"}, follow=True)
    assert "Đã thu hồi 1 mã truy cập API" in answer.content.decode()
    assert not AuthToken.objects.filter(user=reporter).exists()


def test_changing_the_password_revokes_every_token_but_keeps_the_session(reporter: User) -> None:
    token = api_token(reporter)
    client = signed_in(reporter)
    answer = client.post(
        reverse("account:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert answer.status_code == 302
    assert not _works(token)
    assert client.get(reverse("account:tokens")).status_code == 200


def test_a_wrong_current_password_changes_nothing(reporter: User) -> None:
    token = api_token(reporter)
    answer = signed_in(reporter).post(
        reverse("account:password_change"),
        {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert answer.status_code == 200 and _works(token)


def test_resetting_the_password_by_the_mailed_link_revokes_every_token(
    client: Client, reporter: User
) -> None:
    token = api_token(reporter)
    client.post(reverse("password_reset"), {"email": reporter.email})
    link = re.search(r"https?://[^/\s]+(/password-reset/[^/\s]+/[^/\s]+/)", mail.outbox[0].body)
    assert link
    form = client.get(link.group(1), follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    reporter.refresh_from_db()
    assert reporter.check_password(NEW_PASSWORD)
    assert not _works(token)


@pytest.fixture
def admin_client() -> Client:
    return signed_in(UserFactory(is_staff=True, is_superuser=True))


def test_an_admin_setting_a_password_revokes_the_users_tokens(
    admin_client: Client, reporter
) -> None:
    token = api_token(reporter)
    url = reverse("admin:auth_user_password_change", args=[reporter.pk])
    answer = admin_client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
                                     "usable_password": "true"})  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert not _works(token)


def test_deactivating_a_user_in_the_admin_revokes_their_tokens(
    admin_client: Client, reporter
) -> None:
    api_token(reporter)
    url = reverse("admin:units_user_change", args=[reporter.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"username": reporter.username, "date_joined_0": "2026-01-01",
                 "date_joined_1": "08:00:00", "is_active": "", "memberships-TOTAL_FORMS": "0",
                 "memberships-INITIAL_FORMS": "0"})  # fmt: skip
    data.pop("is_active")
    data.pop("groups", None), data.pop("user_permissions", None), data.pop("last_login", None)
    admin_client.post(url, data)
    reporter.refresh_from_db()
    assert not reporter.is_active
    assert not AuthToken.objects.filter(user=reporter).exists()


def test_a_password_changed_from_the_command_line_revokes_every_token(
    reporter: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.management import call_command

    token = api_token(reporter)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "mot-mat-khau-moi-rat-dai")
    call_command("changepassword", reporter.username, stdout=io.StringIO())
    assert not _works(token)


def test_a_device_added_or_removed_in_the_admin_revokes_the_owners_tokens(
    reporter: User,
) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = signed_in(UserFactory(is_superuser=True, is_staff=True))
    token = api_token(reporter)
    add = reverse("admin:otp_totp_totpdevice_add")
    form = admin_form_data(admin.get(add).content.decode())
    added = admin.post(add, {**form, "user": reporter.pk, "name": "Điện thoại"})
    assert added.status_code == 302, added.content.decode()[:500]
    assert not _works(token)
    token = api_token(reporter)
    device = TOTPDevice.objects.get(user=reporter)
    admin.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert not TOTPDevice.objects.filter(user=reporter).exists()
    assert not _works(token)
