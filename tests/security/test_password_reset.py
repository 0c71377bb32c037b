"""Password reset by e-mail, with Django's views and the portal's Vietnamese templates."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from units.models import User

pytestmark = pytest.mark.django_db


def _link_in(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/password-reset/[^/\s]+/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_the_login_page_links_to_password_reset(client: Client) -> None:
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_a_user_resets_the_password_from_the_link_in_a_vietnamese_mail(client: Client) -> None:
    user = UserFactory(email="baocao@vinhyen.gov.vn")
    response = client.post(reverse("password_reset"), {"email": "baocao@vinhyen.gov.vn"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert "Hãy kiểm tra hộp thư" in client.get(response.url).content.decode()

    message = mail.outbox[0]
    assert message.to == ["baocao@vinhyen.gov.vn"]
    assert message.subject.startswith("Đặt lại mật khẩu chitieu")
    assert f"Tên đăng nhập của bạn: {user.username}" in message.body
    form = client.get(_link_in(message.body), follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Vinh-Yen-bao-cao-2026", "new_password2": "Vinh-Yen-bao-cao-2026"},
    )
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Vinh-Yen-bao-cao-2026")


def test_a_used_link_does_not_work_twice(client: Client) -> None:
    UserFactory(email="truong@snv.gov.vn")
    client.post(reverse("password_reset"), {"email": "truong@snv.gov.vn"})
    link = _link_in(mail.outbox[0].body)
    form = client.get(link, follow=True)
    new = {"new_password1": "So-Noi-vu-2026-moi", "new_password2": "So-Noi-vu-2026-moi"}
    client.post(form.redirect_chain[-1][0], new)
    again = client.get(link, follow=True).content.decode()
    assert "không còn dùng được" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client: Client) -> None:
    response = client.post(reverse("password_reset"), {"email": "ai-do@example.com"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Ngan-1", "quá ngắn"),
        ("1234567890123", "toàn là số"),
        ("password1234", "quá phổ biến"),
    ],
)
def test_a_weak_new_password_is_refused_in_vietnamese(
    client: Client, password: str, reason: str
) -> None:
    user: User = UserFactory(email="canbo@stttt.gov.vn")
    client.post(reverse("password_reset"), {"email": "canbo@stttt.gov.vn"})
    form = client.get(_link_in(mail.outbox[0].body), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("mat-khau-thu-nghiem")
