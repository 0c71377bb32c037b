"""Reads of a user's notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from notifications.models import Kind, Notification, Preference

if TYPE_CHECKING:
    from units.models import User


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def enabled_kinds(*, user: User) -> set[str]:
    off = set(Preference.objects.filter(user=user, enabled=False).values_list("kind", flat=True))
    return set(Kind.values) - off
