"""Telling members about their meetings, after the transaction commits: one dispatcher per
change, one e-mail task per recipient (each sent once: ``notifications`` keeps the record,
keyed by the change's sequence number)."""

from celery import shared_task

from notifications.tasks import email_task


def _recipients(match_id: int, *, but: int | None, about=()) -> list[int]:
    """The current members' users, but the one who made the change — unless an earlier
    e-mail about ``about`` put it in their calendar too, which must now be updated."""
    from notifications.emails import sent_before
    from relationships.models import MatchMember

    members = list(
        MatchMember.objects.filter(match_id=match_id, current=True).values_list(
            "pk", "enrolment__user"
        )
    )
    return [
        user_id
        for member_id, user_id in members
        if member_id != but or (about and sent_before(user_id, about))
    ]


@shared_task
def meeting_changed(
    meeting_id: int, what: str, by: int | None = None, sequence: int | None = None
) -> None:
    """``what``: proposed, planned, changed or cancelled; ``by``: the member who did it
    (told only if an earlier e-mail put the meeting in their calendar); ``sequence``: the
    change's number, which keys each e-mail so that every change is announced once."""
    from .models import Meeting

    meeting = Meeting.objects.select_related("series").get(pk=meeting_id)
    if meeting.series_id and what == "proposed":
        return  # the series is announced as a whole
    if by is None and what != "planned":  # queued before ``by`` was passed
        by = {"proposed": meeting.proposed_by_id, "cancelled": meeting.cancelled_by_id}.get(what)
    about = [meeting, meeting.series] if meeting.series_id else [meeting]
    number = meeting.sequence if sequence is None else sequence
    for user_id in _recipients(meeting.match_id, but=by, about=about):
        send_meeting_notice.delay(meeting_id, user_id, what, number)


@shared_task
def series_changed(series_id: int, what: str) -> None:
    """``what``: proposed (a new series), planned (every meeting of it accepted) or
    shortened (it ends earlier now)."""
    from .models import Series

    series = Series.objects.get(pk=series_id)
    but = None if what == "planned" else series.created_by_id
    for user_id in _recipients(series.match_id, but=but, about=[series]):
        send_series_notice.delay(series_id, user_id, what, series.sequence)


@email_task
def send_meeting_notice(meeting_id: int, user_id: int, what: str, sequence: int = 0) -> None:
    from accounts.models import User

    from . import emails
    from .models import Meeting

    meeting = Meeting.objects.select_related(
        "match__programme", "proposed_by__enrolment__user", "series"
    ).prefetch_related("agenda__topic", "responses")  # the agenda travels in the e-mail
    emails.meeting_notice(
        meeting=meeting.get(pk=meeting_id),
        to=User.objects.get(pk=user_id),
        what=what,
        sequence=sequence,
    )


@email_task
def send_series_notice(series_id: int, user_id: int, what: str, sequence: int = 0) -> None:
    from accounts.models import User

    from . import emails
    from .models import Series

    series = Series.objects.select_related("match__programme", "created_by__enrolment__user")
    emails.series_notice(
        series=series.get(pk=series_id),
        to=User.objects.get(pk=user_id),
        what=what,
        sequence=sequence,
    )
