"""An event as an iCalendar file, for people's own calendars (and as one entry of a
person's calendar feed, ``dashboard.feed``)."""

from datetime import UTC

import icalendar

from notifications.emails import absolute_url, site_host

from .models import Event


def event_uid(event: Event) -> str:
    # Stable for the event's life, so a second download updates the calendar entry.
    return f"event-{event.pk}@{site_host()}"


def event_component(event: Event) -> icalendar.Event:
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
    return entry


def event_calendar(event: Event) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Mentorship//Programme events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event_component(event))
    return calendar.to_ical()
