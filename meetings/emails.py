"""One function per e-mail about meetings, in the recipient's language and time zone."""

from django.urls import reverse

from accounts.models import User
from notifications import emails

from .models import Meeting, Series


def meeting_notice(*, meeting: Meeting, to: User, what: str, sequence: int) -> None:
    """A meeting was proposed, planned, changed or cancelled: when, how, where, and a link
    to answer. Sent once per recipient and change (``sequence``)."""
    match = meeting.match
    emails.send(
        f"meeting-{what}",
        to=to,
        about=meeting,
        occasion=f"{what}:{sequence}",
        programme_id=match.programme_id,
        context={
            "meeting": meeting,
            "programme": match.programme,
            "by": meeting.proposed_by.enrolment.user.public_name,
            "meeting_url": emails.absolute_url(
                reverse("meetings:detail", kwargs={"pk": match.pk, "meeting": meeting.pk})
            ),
        },
    )


def series_notice(*, series: Series, to: User, what: str, sequence: int) -> None:
    match = series.match
    emails.send(
        f"series-{what}",
        to=to,
        about=series,
        occasion=f"{what}:{sequence}",
        programme_id=match.programme_id,
        context={
            "series": series,
            "programme": match.programme,
            "by": series.created_by.enrolment.user.public_name,
            "meetings_url": emails.absolute_url(reverse("meetings:list", kwargs={"pk": match.pk})),
        },
    )
