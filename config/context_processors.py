from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, str]:
    return {
        "owner_name": settings.CHITIEU_OWNER_NAME,
        "province_name": settings.CHITIEU_PROVINCE_NAME,
    }
