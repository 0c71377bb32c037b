from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from notifications.calendar import upcoming_duties
from units.selectors import home_links_for, role_summary


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "links": home_links_for(request.user),
            "roles": role_summary(request.user),
            "duties": upcoming_duties(user=request.user, today=timezone.localdate()),
        },
    )
