"""Closure's e-mails (one function each; templates under ``templates/emails/``): the
invitation to the closing ceremony, and the alumni's invitation to come back as a mentor.
Neither can be turned off: each is sent once, to people who take part or asked for it."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from events.models import Event
from notifications import emails
from programs.models import Enrolment, Programme

from .alumni_models import Alumnus

CLOSING_EVENT_INVITATION = "closing-event-invitation"
ALUMNI_INVITATION = "alumni-invitation"


def closing_event_invitation(*, to: User, event: Event) -> bool:
    """To a member of a closed programme: come to the closing ceremony (once per event)."""
    return emails.send(
        CLOSING_EVENT_INVITATION,
        to=to,
        about=event,
        programme_id=event.programme_id,
        context={
            "event": event,
            "programme": event.programme,
            "event_url": emails.absolute_url(event.get_absolute_url()),
            "calendar_url": emails.absolute_url(event.get_calendar_url()),
            "after_url": emails.absolute_url(
                reverse("closure:after", kwargs={"slug": event.programme.slug})
            ),
        },
    )


def alumni_invitation(*, alumnus: Alumnus, next_programme: Programme) -> bool:
    """To an alumnus who asked to be invited back as a mentor: the next programme's intake
    is open (once per person and next programme, whichever programme they were in)."""
    apply_path = reverse(
        "intake:apply", kwargs={"slug": next_programme.slug, "role": Enrolment.Role.MENTOR}
    )
    return emails.send(
        ALUMNI_INVITATION,
        to=alumnus.user,
        about=next_programme,
        programme_id=alumnus.programme_id,
        context={
            "alumnus": alumnus,
            "programme": alumnus.programme,
            "next_programme": next_programme,
            "apply_url": emails.absolute_url(apply_path),
            "programme_url": emails.absolute_url(next_programme.get_absolute_url()),
            "after_url": emails.absolute_url(
                reverse("closure:after", kwargs={"slug": alumnus.programme.slug})
            ),
        },
    )
