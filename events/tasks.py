"""E-mails about events, sent by a worker after the answer is committed."""

from notifications.tasks import email_task

from . import emails
from .models import RSVP


@email_task
def email_rsvp_confirmed(rsvp_id: int, occasion: str = "") -> bool:
    """``occasion``: when the person answered, so each new "going" is confirmed once."""
    rsvp = RSVP.objects.select_related("event", "user").filter(pk=rsvp_id).first()
    # By the time a worker runs, the person may have changed their mind (and perhaps back:
    # then the later answer's own task confirms it, and this one stays silent).
    if rsvp is None or rsvp.status != RSVP.Status.GOING:
        return False
    if occasion and occasion != rsvp.answered_at.isoformat():
        return False
    emails.rsvp_confirmed(rsvp, occasion)
    return True


@email_task
def email_place_offered(rsvp_id: int, occasion: str = "") -> bool:
    """``occasion``: when the place was given."""
    rsvp = RSVP.objects.select_related("event", "user").filter(pk=rsvp_id).first()
    if rsvp is None or rsvp.status != RSVP.Status.GOING:
        return False
    emails.place_offered(rsvp, occasion)
    return True
