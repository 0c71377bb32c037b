"""Writes for notifications: sending one (once), reading, preferences, the calendar feed."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import CalendarFeed, Kind, Notification, Preference, SentReminder
from units.selectors import province_profile_for_user

if TYPE_CHECKING:
    from units.models import User


def wants(user: User, kind: str) -> bool:
    row = Preference.objects.filter(user=user, kind=kind).values_list("enabled", flat=True)
    return next(iter(row), True)


def notify(
    *, user: User, kind: str, key: str, title: str, body: str = "", url: str = ""
) -> Notification | None:
    """Tell `user` once: a second call with the same key does nothing (the sent-log's unique
    key), nor does a call for a kind the user turned off. The e-mail leaves after the commit,
    so a rolled-back job sends nothing; a failed e-mail is not retried (at most once)."""
    if not user.is_active or not wants(user, kind):
        return None
    with transaction.atomic():
        _, created = SentReminder.objects.get_or_create(
            key=key, defaults={"user": user, "kind": kind}
        )
        if not created:
            return None
        notification = Notification.objects.create(
            user=user, kind=kind, title=title, body=body, url=url
        )
        if user.email:
            transaction.on_commit(lambda: send_notification_email(notification))
    return notification


def send_notification_email(notification: Notification) -> None:
    # Sent in the name of the user's province: its owning department signs and sends it.
    profile = province_profile_for_user(notification.user)
    context = {
        "notification": notification,
        "sender": f"{profile.owner_name} {profile.display_name}" if profile else "",
        "user": notification.user,
        "link": f"{settings.CHITIEU_BASE_URL.rstrip('/')}{notification.url}"
        if notification.url
        else "",
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("notifications/email/subject.txt", context)
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[notification.user.email],
        from_email=(profile.email_sender if profile else "") or None,
    )  # fmt: skip
    message.attach_alternative(html, "text/html")
    message.send()


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preferences_set(*, user: User, enabled: set[str]) -> None:
    """Turn on the kinds in `enabled` and off all others."""
    with transaction.atomic():
        for kind in Kind.values:
            Preference.objects.update_or_create(
                user=user, kind=kind, defaults={"enabled": kind in enabled}
            )


def calendar_feed_for(*, user: User) -> CalendarFeed:
    """The user's feed, made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


def calendar_feed_regenerate(*, user: User) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed = calendar_feed_for(user=user)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token", "created_at"])
    return feed
