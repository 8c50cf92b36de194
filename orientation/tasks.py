"""E-mails about events, sent by a worker after the answer is committed."""

from smtplib import SMTPException

from celery import shared_task

from . import emails
from .models import RSVP

RETRY = {"autoretry_for": (SMTPException, OSError), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def email_rsvp_confirmed(rsvp_id: int) -> bool:
    rsvp = RSVP.objects.select_related("event", "user").filter(pk=rsvp_id).first()
    # By the time a worker runs, the person may have changed their mind.
    if rsvp is None or rsvp.status != RSVP.Status.GOING:
        return False
    emails.rsvp_confirmed(rsvp)
    return True


@shared_task(**RETRY)
def email_place_offered(rsvp_id: int) -> bool:
    rsvp = RSVP.objects.select_related("event", "user").filter(pk=rsvp_id).first()
    if rsvp is None or rsvp.status != RSVP.Status.GOING:
        return False
    emails.place_offered(rsvp)
    return True
