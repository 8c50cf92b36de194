"""One function per e-mail about meetings, in the recipient's language and time zone.

Each carries the calendar entry it is about (``calendar``): an invitation
(``text/calendar; method=REQUEST``) that the recipient's calendar program adds or
updates, or a cancellation (``method=CANCEL``) that removes it, made in the recipient's
language when the e-mail is rendered."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications import emails, kinds

from . import calendar
from .models import Meeting, Series

kinds.register(
    kinds.Kind(
        "meeting-updates",
        _("Meetings planned, changed or cancelled"),
        (
            "meeting-proposed",
            "meeting-planned",
            "meeting-changed",
            "meeting-cancelled",
            "series-proposed",
            "series-planned",
            "series-shortened",
        ),
        _("With the calendar entry, so your calendar stays up to date."),
        digest=False,
        order=20,
    )
)


def _reader(match_id: int, to: User, method: str) -> calendar.Reader | None:
    members = calendar.members_of(match_id)
    mine = next((m for m in members if m.enrolment.user_id == to.pk), None)
    return calendar.Reader(member=mine, members=members, method=method) if mine else None


def _attachment(filename: str, content: bytes | None, method: str) -> list:
    if content is None:
        return []
    return [(filename, content, f"text/calendar; method={method}")]


def meeting_invitation(meeting: Meeting, to: User) -> list:
    """The meeting's entry for ``to``'s calendar: REQUEST, or CANCEL once cancelled."""
    method = calendar.CANCEL if meeting.status == Meeting.Status.CANCELLED else calendar.REQUEST
    reader = _reader(meeting.match_id, to, method)
    if reader is None:
        return []
    reader.member.match = meeting.match
    return _attachment("meeting.ics", calendar.meeting_ics(meeting, reader), method)


def series_invitation(series: Series, to: User, what: str) -> list:
    """The whole series (REQUEST); after it was shortened, a CANCEL of the meetings the
    change took away (or, when it took none, the shortened series)."""
    meetings = list(series.meetings.prefetch_related("agenda", "responses"))
    reader = _reader(series.match_id, to, calendar.REQUEST)
    if reader is None:
        return []
    reader.member.match = series.match
    if what == "shortened":
        cancel = calendar.Reader(reader.member, reader.members, calendar.CANCEL)
        removed = calendar.removed_ics(series, meetings, cancel)
        if removed is not None:
            return _attachment("meetings.ics", removed, calendar.CANCEL)
    return _attachment(
        "meetings.ics", calendar.series_ics(series, meetings, reader), calendar.REQUEST
    )


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
        attachments=lambda: meeting_invitation(meeting, to),
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
        attachments=lambda: series_invitation(series, to, what),
    )
