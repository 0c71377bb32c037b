from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from units.selectors import home_links_for, role_summary


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {"links": home_links_for(request.user), "roles": role_summary(request.user)},
    )
