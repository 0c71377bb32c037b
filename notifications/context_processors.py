from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from notifications.selectors import unread_count
from units import permissions
from units.permissions import Action


def portal(request: HttpRequest) -> dict[str, object]:
    return {
        "owner_name": settings.CHITIEU_OWNER_NAME,
        "province_name": settings.CHITIEU_PROVINCE_NAME,
        # Lazy: pages that never show the menu never load the user's memberships.
        "may_review": lambda: permissions.allowed(request.user, Action.REVIEW),
        "may_manage_periods": lambda: permissions.allowed(request.user, Action.PERIOD_MANAGE),
        "may_see_task_board": lambda: permissions.allowed(request.user, Action.TASK_BOARD),
        "unread_notifications": lambda: unread_count(user=request.user),
        "may_export": lambda: permissions.allowed(request.user, Action.EXPORT),
    }
