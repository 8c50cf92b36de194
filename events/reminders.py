"""Who is due a reminder about an event (``notifications.jobs`` claims and sends them).

- **Event reminder**: everyone going (RSVP "going", so holding a place — not the
  wait-list), ``EVENT_REMINDER_HOURS`` (24) before a published event by their own clock,
  with the time, the place or video link, and links to the event's page and calendar file.

The event's start is the occasion, so an event moved is reminded of again. Not for an
event unpublished (called off) or deleted, nor to someone who is no longer going; nor to
someone who said they are going only after the reminder's moment — their confirmation has
just told them everything the reminder would.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import emails, jobs, kinds
from notifications.models import Delivery

from .models import RSVP, Event

EVENT_REMINDER = "event-reminder"

kinds.register(
    kinds.Kind(
        EVENT_REMINDER,
        _("Reminder the day before an event"),
        (EVENT_REMINDER,),
        _("When and where an event you are going to takes place."),
        digest=False,  # of use only on time
        order=30,
    )
)


def reminder_hours() -> timedelta:
    return timedelta(hours=getattr(settings, "EVENT_REMINDER_HOURS", 24))


def find_event_reminders(now: datetime) -> list[jobs.Due]:
    # Two hours beyond the reminder's span: by a recipient's clock, "a day before" may be
    # 23 or 25 hours when the clocks change in between.
    horizon = reminder_hours() + timedelta(hours=2)
    rows = RSVP.objects.filter(
        status=RSVP.Status.GOING,
        user__is_active=True,
        event__published=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + horizon,
    ).values_list(
        "event_id",
        "event__starts_at",
        "event__programme_id",
        "user_id",
        "user__time_zone",
        "answered_at",
    )
    due = []
    for event_id, starts_at, programme_id, user_id, zone, answered_at in rows:
        remind_at = jobs.wall_clock_before(starts_at, zone, reminder_hours())
        if remind_at <= now and answered_at < remind_at:
            # The start is the occasion (in UTC, as the send compares it): a moved event
            # is reminded of again.
            occasion = starts_at.astimezone(UTC).isoformat()
            due.append(jobs.Due(user_id, f"events.event:{event_id}", occasion, programme_id))
    return due


def send_event_reminder(delivery: Delivery) -> None:
    event = Event.objects.select_related("programme").filter(pk=jobs.about_pk(delivery)).first()
    still_due = (
        event is not None
        and event.published
        and event.starts_at.astimezone(UTC).isoformat() == delivery.occasion
        and event.starts_at > timezone.now()
        and RSVP.objects.filter(
            event=event, user_id=delivery.recipient_id, status=RSVP.Status.GOING
        ).exists()
    )
    if not still_due:
        jobs.drop(delivery)  # unpublished, moved, over, or they are no longer going
        return
    emails.send(
        EVENT_REMINDER,
        to=delivery.recipient,
        about=event,
        occasion=delivery.occasion,
        programme_id=event.programme_id,
        context={
            "event_url": emails.absolute_url(event.get_absolute_url()),
            "calendar_url": emails.absolute_url(event.get_calendar_url()),
            "event": event,
            "programme": event.programme,
        },
    )


jobs.register(
    jobs.Job(
        name=EVENT_REMINDER,
        email=EVENT_REMINDER,
        label=_("Reminder the day before an event"),
        timing=_("24 hours before, by each participant's clock (EVENT_REMINDER_HOURS)"),
        find=find_event_reminders,
        send=send_event_reminder,
        every_minutes=5,
    )
)
