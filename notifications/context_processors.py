from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.home import may_report
from notifications.selectors import unread_count
from units import permissions
from units.permissions import Action
from units.selectors import province_profile_for_user


def portal(request: HttpRequest) -> dict[str, object]:
    return {
        # Lazy: a page that never shows the header never reads the profile.
        "header": SimpleLazyObject(lambda: _header(request)),
        # Lazy: pages that never show the menu never load the user's memberships.
        "may_review": lambda: permissions.allowed(request.user, Action.REVIEW),
        "may_manage_periods": lambda: permissions.allowed(request.user, Action.PERIOD_MANAGE),
        "may_see_task_board": lambda: permissions.allowed(request.user, Action.TASK_BOARD),
        "unread_notifications": lambda: unread_count(user=request.user),
        "may_export": lambda: permissions.allowed(request.user, Action.EXPORT),
        "may_report": lambda: may_report(request.user),
    }


def _header(request: HttpRequest) -> dict[str, str]:
    """The owning department and province of the user's province profile; the deployment's
    settings for a visitor not yet signed in or an account without a role."""
    profile = province_profile_for_user(request.user)
    if profile is None:
        return {"owner": settings.CHITIEU_OWNER_NAME, "province": settings.CHITIEU_PROVINCE_NAME}
    return {"owner": profile.owner_name, "province": profile.display_name}
