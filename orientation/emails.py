"""One function per e-mail about events (templates under ``templates/emails/event-*``)."""

from mentorship.emails import absolute_url, send

from .models import RSVP


def _context(rsvp: RSVP) -> dict:
    event = rsvp.event
    return {
        "rsvp": rsvp,
        "event": event,
        "event_url": absolute_url(event.get_absolute_url()),
        "calendar_url": absolute_url(event.get_calendar_url()),
    }


def rsvp_confirmed(rsvp: RSVP) -> None:
    send("event-rsvp-confirmed", to=rsvp.user, context=_context(rsvp))


def place_offered(rsvp: RSVP) -> None:
    """A place came free and the first person on the wait-list now has it."""
    send("event-place-offered", to=rsvp.user, context=_context(rsvp))
