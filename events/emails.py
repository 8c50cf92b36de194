"""One function per e-mail about events (templates under ``templates/emails/event-*``)."""

from notifications.emails import absolute_url, send

from .models import RSVP


def _context(rsvp: RSVP) -> dict:
    event = rsvp.event
    return {
        "rsvp": rsvp,
        "event": event,
        "event_url": absolute_url(event.get_absolute_url()),
        "calendar_url": absolute_url(event.get_calendar_url()),
    }


def rsvp_confirmed(rsvp: RSVP, occasion: str) -> None:
    """The person said they are coming; each new "going" answer is a new confirmation."""
    send(
        "event-rsvp-confirmed",
        to=rsvp.user,
        about=rsvp,
        occasion=occasion,
        programme_id=rsvp.event.programme_id,
        context=_context(rsvp),
    )


def place_offered(rsvp: RSVP, occasion: str) -> None:
    """A place came free and the first person on the wait-list now has it."""
    send(
        "event-place-offered",
        to=rsvp.user,
        about=rsvp,
        occasion=occasion,
        programme_id=rsvp.event.programme_id,
        context=_context(rsvp),
    )
