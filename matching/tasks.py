"""Matching work that runs on a worker: large rounds, request e-mails and expiry."""

from celery import shared_task

from notifications.tasks import email_task


@shared_task
def run_matching(run_id: int) -> None:
    from .models import MatchingRun
    from .services import run_compute

    run_compute(run=MatchingRun.objects.select_related("programme").get(pk=run_id))


REQUEST_EMAILS = ("received", "accepted", "declined", "expired")


@email_task
def send_request_email(kind: str, request_id: int, following_id: int | None = None) -> None:
    """One e-mail about a request: to the mentor when it arrives, to the mentee after.

    ``following_id`` is the mentee's next request that went out in the same transaction,
    passed explicitly because by the time this runs it may itself have been answered.
    """
    from . import emails
    from .models import MatchRequest

    related = MatchRequest.objects.select_related("programme", "mentee__user", "mentor__user")
    match_request = related.get(pk=request_id)
    following = related.filter(pk=following_id).first() if following_id else None
    if kind == "received":
        emails.request_received(match_request=match_request)
    elif kind == "accepted":
        emails.request_accepted(match_request=match_request)
    elif kind == "declined":
        emails.request_declined(match_request=match_request, following=following)
    elif kind == "expired":
        emails.request_expired(match_request=match_request, following=following)
    else:
        raise ValueError(f"Unknown request e-mail: {kind}")


@shared_task
def expire_requests() -> int:
    """Every quarter of an hour (beat, see migration 0002): expire unanswered requests."""
    from .services.requests import requests_expire

    return requests_expire()
