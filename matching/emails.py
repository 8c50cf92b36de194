"""One function per e-mail about mentees' requests."""

from django.urls import reverse

from notifications import emails

from .models import MatchRequest


def _request_context(match_request: MatchRequest) -> dict:
    programme = match_request.programme
    return {
        "match_request": match_request,
        "programme": programme,
        "mentee": match_request.mentee.user,
        "mentor": match_request.mentor.user,
        "request_url": emails.absolute_url(
            reverse("matching:request_detail", kwargs={"pk": match_request.pk})
        ),
        "requests_url": emails.absolute_url(reverse("matching:requests")),
        "find_url": emails.absolute_url(
            reverse("matching:mentor_list", kwargs={"slug": programme.slug})
        ),
    }


def request_received(*, match_request: MatchRequest) -> None:
    """Tell the mentor a mentee asks them, with the mentee's message and the deadline."""
    emails.send(
        "request-received",
        to=match_request.mentor.user,
        about=match_request,
        context={
            **_request_context(match_request),
            "received_url": emails.absolute_url(reverse("matching:requests_received")),
        },
    )


def request_accepted(*, match_request: MatchRequest) -> None:
    """Tell the mentee the mentor said yes; the introduction e-mail follows separately."""
    emails.send(
        "request-accepted",
        to=match_request.mentee.user,
        about=match_request,
        context=_request_context(match_request),
    )


def request_declined(*, match_request: MatchRequest, following: MatchRequest | None) -> None:
    """Tell the mentee the mentor said no (with the note), and whether a next request went out."""
    emails.send(
        "request-declined",
        to=match_request.mentee.user,
        about=match_request,
        context={**_request_context(match_request), "following": following},
    )


def request_expired(*, match_request: MatchRequest, following: MatchRequest | None) -> None:
    """Tell the mentee the mentor did not answer in time, and what happens next."""
    emails.send(
        "request-expired",
        to=match_request.mentee.user,
        about=match_request,
        context={**_request_context(match_request), "following": following},
    )
