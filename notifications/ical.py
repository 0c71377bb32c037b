"""The iCalendar (RFC 5545) rendering of a user's duties: all-day events on each due date."""

from __future__ import annotations

import datetime

from django.conf import settings
from icalendar import Calendar, Event

from notifications.calendar import Duty


def duties_ics(duties: list[Duty], *, name: str, now: datetime.datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//chitieu//lich cong viec//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    base = settings.CHITIEU_BASE_URL.rstrip("/")
    for duty in duties:
        event = Event()
        event.add("uid", f"{duty.uid}@chitieu")
        event.add("dtstamp", now)
        event.add("dtstart", duty.day)
        event.add("dtend", duty.day + datetime.timedelta(days=1))
        event.add("summary", f"{duty.title} — {duty.unit}")
        event.add("url", f"{base}{duty.url}")
        calendar.add_component(event)
    return calendar.to_ical()
