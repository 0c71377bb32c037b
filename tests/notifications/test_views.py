"""The notifications page: own notifications only, opening marks read, preferences."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from notifications import services
from notifications.models import Kind, Notification, Preference
from tests.conftest import Province
from tests.factories import user_with_role
from units.models import Role, User

pytestmark = pytest.mark.django_db
LIST = reverse("notifications:list")


def tell(user: User, title: str = "Báo cáo sắp đến hạn", url: str = "/reports/") -> Notification:
    return Notification.objects.create(
        user=user, kind=Kind.REPORT_DUE_SOON, title=title, body="Còn 7 ngày.", url=url
    )


@pytest.fixture
def reporter(province: Province) -> User:
    return user_with_role(Role.REPORTER, province.district)


def test_the_header_counts_unread_notifications_and_the_page_lists_them(
    client: Client, reporter: User
) -> None:
    tell(reporter, "Báo cáo Quý II sắp đến hạn")
    read = tell(reporter, "Báo cáo Quý I quá hạn")
    services.notification_mark_read(notification=read)
    client.force_login(reporter)
    html = client.get(LIST).content.decode()
    assert 'data-unread="1"' in html
    assert "Báo cáo Quý II sắp đến hạn" in html and "Báo cáo Quý I quá hạn" in html
    assert html.count("Chưa đọc") == 1


def test_opening_a_notification_marks_it_read_and_goes_to_the_thing_concerned(
    client: Client, reporter: User
) -> None:
    notification = tell(reporter, url="/reports/review/12/")
    client.force_login(reporter)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/reports/review/12/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'data-unread="0"' in client.get(LIST).content.decode()


def test_an_outside_link_is_not_followed(client: Client, reporter: User) -> None:
    notification = tell(reporter, url="https://example.com/")
    client.force_login(reporter)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == LIST


def test_someone_elses_notification_answers_404_and_stays_unread(
    client: Client, reporter: User, outsider: User
) -> None:
    notification = tell(reporter)
    client.force_login(outsider)
    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert "Báo cáo sắp đến hạn" not in client.get(LIST).content.decode()
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opening_needs_post_and_the_list_needs_a_login(client: Client, reporter: User) -> None:
    notification = tell(reporter)
    assert client.get(LIST).status_code == 302
    client.force_login(reporter)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405


def test_mark_all_read_touches_only_the_users_own(
    client: Client, reporter: User, outsider: User
) -> None:
    tell(reporter)
    theirs = tell(outsider)
    client.force_login(reporter)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=reporter, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_preferences_turn_kinds_off_and_on(client: Client, reporter: User) -> None:
    client.force_login(reporter)
    url = reverse("notifications:preferences")
    assert 'value="report_due_soon"' in client.get(url).content.decode()
    client.post(url, {"kinds": [Kind.REPORT_LATE, Kind.REPORT_DUE_TODAY]})
    off = set(
        Preference.objects.filter(user=reporter, enabled=False).values_list("kind", flat=True)
    )
    assert off == set(Kind.values) - {Kind.REPORT_LATE, Kind.REPORT_DUE_TODAY}


def test_the_list_costs_the_same_queries_for_many_notifications(
    client: Client, reporter: User, django_assert_num_queries
) -> None:
    client.force_login(reporter)
    tell(reporter)
    client.get(LIST)
    # Session, user, the page's count and rows, the header's menu rights and unread count.
    with django_assert_num_queries(8):
        client.get(LIST)
    for n in range(30):
        tell(reporter, f"Thông báo {n}")
    with django_assert_num_queries(8):
        client.get(LIST)
