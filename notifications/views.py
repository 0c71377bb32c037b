"""A user's notifications (the list, opening one marks it read, preferences) and calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.paging import paginate
from notifications import selectors, services
from notifications.calendar import duties
from notifications.forms import PreferencesForm
from notifications.home import home_page
from notifications.ical import duties_ics
from notifications.models import CalendarFeed
from units.models import User
from units.selectors import home_links_for, province_profile_for_user, role_summary


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.notification_list(user=request.user))
    return render(request, "notifications/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    # Someone else's notification answers 404, like a missing one.
    notification = get_object_or_404(selectors.notification_list(user=request.user), pk=pk)
    services.notification_mark_read(notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=request.user)
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.preferences_set(user=request.user, enabled=set(form.cleaned_data["kinds"]))
            messages.success(request, _("Đã lưu tùy chọn thông báo."))
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(
            initial={"kinds": sorted(selectors.enabled_kinds(user=request.user))}
        )
    return render(request, "notifications/preferences.html", {"form": form})


@require_GET
@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    feed = services.calendar_feed_for(user=request.user)
    url = request.build_absolute_uri(reverse("notifications:calendar_feed", args=[feed.token]))
    return render(request, "notifications/calendar.html", {"feed_url": url})


@require_POST
@login_required
def calendar_regenerate(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_regenerate(user=request.user)
    messages.success(request, _("Đã tạo địa chỉ lịch mới; địa chỉ cũ không còn dùng được."))
    return redirect("notifications:calendar")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No session: calendar clients fetch this with the secret address alone."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    now = timezone.now()
    body = duties_ics(
        duties(user=feed.user, today=timezone.localdate(now)),
        name=_calendar_name(feed.user),
        now=now,
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "links": home_links_for(request.user),
            "roles": role_summary(request.user),
            "home": home_page(user=request.user, today=timezone.localdate()),
        },
    )


def _calendar_name(user: User) -> str:
    """The calendar as the user's calendar app lists it: whose duties, in which province."""
    profile = province_profile_for_user(user)
    if profile is None:
        return _("chitieu — lịch công việc của %(user)s") % {"user": user}
    return _("chitieu %(province)s — lịch công việc của %(user)s") % {
        "province": profile.display_name,
        "user": user,
    }
