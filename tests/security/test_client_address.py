"""One reading of the client's address for the lock-out, the change log and the API throttles:
X-Forwarded-For counts only behind the configured number of trusted proxies."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from config.client_address import client_address
from tests.conftest import Province
from tests.reports.submissions.reporting_fixtures import FILLED, district_directive, start
from units.models import User

pytestmark = pytest.mark.django_db


def _request(forwarded: str | None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, None, "10.0.0.1"),
        (0, "6.6.6.6", "10.0.0.1"),  # no proxy: the header is the client's own writing
        (1, None, "10.0.0.1"),
        (1, "203.0.113.9", "203.0.113.9"),  # what the proxy appended
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a forged entry stands to the left
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies: not believed
    ],
)
def test_the_client_address_believes_only_the_trusted_proxies(
    proxies: int, forwarded: str | None, address: str
) -> None:
    with override_settings(CHITIEU_TRUSTED_PROXIES=proxies):
        assert client_address(_request(forwarded)) == address


def test_rotating_a_forged_header_does_not_escape_the_login_lock_out(
    client: Client, unit_user: User
) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": unit_user.username, "password": "sai-mat-khau"},
            REMOTE_ADDR="10.0.0.7",
            HTTP_X_FORWARDED_FOR=f"6.6.6.{attempt}",
        )
    response = client.post(
        reverse("login"),
        {"username": unit_user.username, "password": "mat-khau-thu-nghiem"},
        REMOTE_ADDR="10.0.0.7",
        HTTP_X_FORWARDED_FOR="6.6.6.99",
    )
    assert response.status_code == 429


def test_rotating_a_forged_header_does_not_escape_the_token_throttle(
    province: Province, monkeypatch
) -> None:
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "auth", "3/minute")
    wrong = {"username": "canbo", "password": "sai"}
    statuses = [
        APIClient()
        .post("/api/v1/auth/token/", wrong, format="json", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}")
        .status_code
        for n in range(4)
    ]
    assert statuses == [400, 400, 400, 429]


@pytest.mark.parametrize(("proxies", "logged"), [(0, "10.0.0.7"), (1, "203.0.113.9")])
def test_the_change_log_records_the_address_the_request_came_from(
    client: Client, province: Province, unit_user: User, proxies: int, logged: str
) -> None:
    submission = start(district_directive(province), province, by=unit_user)
    client.force_login(unit_user)
    with override_settings(CHITIEU_TRUSTED_PROXIES=proxies):
        response = client.post(
            reverse("reports:save", args=[submission.pk]),
            {**FILLED, "version": "1"},
            REMOTE_ADDR="10.0.0.7",
            HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
        )
    assert response.status_code == 302
    entries = LogEntry.objects.filter(content_type__model="indicatorvalue")
    assert entries.exists()
    assert set(entries.values_list("remote_addr", "actor")) == {(logged, unit_user.pk)}
