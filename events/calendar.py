"""An event as an iCalendar file, for people's own calendars."""

from datetime import UTC
from urllib.parse import urlparse

import icalendar
from django.conf import settings

from notifications.emails import absolute_url

from .models import Event


def event_uid(event: Event) -> str:
    # Stable for the event's life, so a second download updates the calendar entry.
    host = urlparse(settings.SITE_URL).hostname or "mentorship"
    return f"event-{event.pk}@{host}"


def event_calendar(event: Event) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Mentorship//Programme events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = icalendar.Event()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", event.updated_at.astimezone(UTC))
    entry.add("dtstart", event.starts_at.astimezone(UTC))
    entry.add("dtend", event.ends_at.astimezone(UTC))
    entry.add("summary", event.title)
    description = event.description
    if event.video_url:
        description = f"{description}\n\n{event.video_url}".strip()
    if description:
        entry.add("description", description)
    entry.add("location", event.place or event.video_url)
    entry.add("url", event.video_url or absolute_url(event.get_absolute_url()))
    calendar.add_component(entry)
    return calendar.to_ical()
