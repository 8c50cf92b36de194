"""Planning meetings: propose, answer, change, cancel, mark what happened, log one that
already did; repeating series from a stored rule, one occurrence moved or skipped, a series
changed from a given date on.

Each change that a calendar must learn of raises the meeting's (or series') ``sequence``
and queues ``tasks.meeting_changed`` after the commit; the member always comes from the
signed-in person (``get_membership_for_user``), never from a form.

What members write about a meeting — its agenda, notes and action items — is ``content``.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil import rrule
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from relationships.models import MatchMember
from relationships.services import editable_check

from .. import tasks
from ..models import MAX_MINUTES, MIN_MINUTES, Format, Meeting, Response, Series

MAX_OCCURRENCES = 200

# What the repeat choices on the form mean, as RRULE parts.
REPEATS = {
    "weekly": "FREQ=WEEKLY;INTERVAL=1",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
    "every_four_weeks": "FREQ=WEEKLY;INTERVAL=4",
    "monthly": "FREQ=MONTHLY;INTERVAL=1",
}


def _day(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def length_check(minutes: int | None) -> None:
    if minutes is None or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError(_("A meeting lasts between 15 minutes and 8 hours."), code="length")


def window_check(member: MatchMember, starts_at: datetime, minutes: int) -> None:
    """Within the programme's dates, as the programme's own time zone reads them."""
    length_check(minutes)
    programme = member.match.programme
    start = timezone.localtime(starts_at).date()
    end = timezone.localtime(starts_at + timedelta(minutes=minutes)).date()
    if start < programme.starts_on:
        raise ValidationError(
            _("The programme starts on %(day)s: choose a day from then on.")
            % {"day": _day(programme.starts_on)},
            code="before_programme",
        )
    if end > programme.ends_on:
        raise ValidationError(
            _("The programme ends on %(day)s: choose a day before then.")
            % {"day": _day(programme.ends_on)},
            code="after_programme",
        )


def format_check(format: str) -> None:
    if format not in Format.values:
        raise ValidationError(_("Choose in person, video or phone."), code="format")


def own_meeting_check(member: MatchMember, meeting: Meeting) -> None:
    """The meeting is of the member's relationship (views look it up there already)."""
    if meeting.match_id != member.match_id:
        raise ValidationError(_("This meeting is not of your relationship."), code="foreign")


def _others(member: MatchMember):
    return MatchMember.objects.filter(match_id=member.match_id, current=True).exclude(pk=member.pk)


def _changed(meeting: Meeting, what: str, by: MatchMember | None = None) -> None:
    """Announce the change after the commit: who made it (not told of their own change)
    and the change's number, read now — a later change must not take its place."""
    if not isinstance(meeting.sequence, int):  # an F() expression after a save
        meeting.refresh_from_db(fields=["sequence"])
    tasks.meeting_changed.delay_on_commit(
        meeting.pk, what, by.pk if by is not None else None, meeting.sequence
    )


@transaction.atomic
def meeting_propose(
    *, member: MatchMember, starts_at: datetime, minutes: int, format: str, place: str = ""
) -> Meeting:
    """A meeting the others are asked to accept; planned once every other member has."""
    editable_check(member)
    window_check(member, starts_at, minutes)
    format_check(format)
    meeting = Meeting.objects.create(
        match_id=member.match_id,
        proposed_by=member,
        starts_at=starts_at,
        minutes=minutes,
        format=format,
        place=(place or "").replace("\x00", "").strip(),
    )
    _plan_if_alone(meeting)
    _changed(meeting, "proposed", by=member)
    return meeting


def _plan_if_alone(meeting: Meeting) -> None:
    """Nobody else to ask (the others have left a group): it is planned at once."""
    if not _others(meeting.proposed_by).exists():
        meeting.status = Meeting.Status.PLANNED
        meeting.save(update_fields=["status", "updated_at"])


def _locked(meeting: Meeting) -> Meeting:
    # Only the meeting row is locked: FOR UPDATE cannot reach the nullable side of a join.
    return (
        Meeting.objects.select_for_update(of=("self",)).select_related("series").get(pk=meeting.pk)
    )


def _upcoming_check(meeting: Meeting) -> None:
    if not meeting.upcoming:
        raise ValidationError(
            _("This meeting is %(status)s: it can no longer be changed.")
            % {"status": meeting.get_status_display().lower()},
            code="settled",
        )


@transaction.atomic
def meeting_accept(*, member: MatchMember, meeting: Meeting, whole_series: bool = False) -> Meeting:
    """The member accepts the proposed time (and, for a series, every meeting still
    proposed in it). Planned when every other current member has accepted."""
    editable_check(member)
    own_meeting_check(member, meeting)
    meeting = _locked(meeting)
    _upcoming_check(meeting)
    if meeting.proposed_by_id == member.pk:
        raise ValidationError(_("You proposed this time yourself."), code="own")
    meetings = [meeting]
    if whole_series and meeting.series_id:
        meetings = list(
            Meeting.objects.select_for_update()
            .filter(series_id=meeting.series_id, status=Meeting.Status.PROPOSED)
            .exclude(proposed_by=member)
        )
    planned_in_series = 0
    for one in meetings:
        Response.objects.update_or_create(
            meeting=one, member=member, defaults={"answer": Response.Answer.ACCEPTED}
        )
        waiting = _others(one.proposed_by).exclude(
            pk__in=one.responses.filter(answer=Response.Answer.ACCEPTED).values("member")
        )
        if one.status == Meeting.Status.PROPOSED and not waiting.exists():
            one.status = Meeting.Status.PLANNED
            one.sequence = F("sequence") + 1
            one.save(update_fields=["status", "sequence", "updated_at"])
            if whole_series and meeting.series_id:
                planned_in_series += 1
            else:
                _changed(one, "planned")
    if planned_in_series:
        # One invitation for the whole series (its calendar entry turns CONFIRMED), not
        # one e-mail per meeting.
        _series_raised(meeting.series_id)
        tasks.series_changed.delay_on_commit(meeting.series_id, "planned")
    meeting.refresh_from_db()
    return meeting


def _series_raised(series_id: int) -> None:
    """The series' calendar entry changed (planned, a time taken out): SEQUENCE rises."""
    Series.objects.filter(pk=series_id).update(
        sequence=F("sequence") + 1, updated_at=timezone.now()
    )


@transaction.atomic
def meeting_change(
    *,
    member: MatchMember,
    meeting: Meeting,
    starts_at: datetime,
    minutes: int,
    format: str,
    place: str = "",
) -> Meeting:
    """Another time, length, format or place. A new time is a new proposal, from this
    member, that the others accept again; the rest keeps a planned meeting planned."""
    editable_check(member)
    own_meeting_check(member, meeting)
    meeting = _locked(meeting)
    _upcoming_check(meeting)
    window_check(member, starts_at, minutes)
    format_check(format)
    place = (place or "").replace("\x00", "").strip()
    new_time = (starts_at, minutes) != (meeting.starts_at, meeting.minutes)
    if not new_time and (format, place) == (meeting.format, meeting.place):
        return meeting
    meeting.starts_at, meeting.minutes, meeting.format, meeting.place = (
        starts_at,
        minutes,
        format,
        place,
    )
    if new_time:
        meeting.status, meeting.proposed_by = Meeting.Status.PROPOSED, member
        meeting.responses.all().delete()
    meeting.sequence += 1
    meeting.save()
    if new_time:
        _plan_if_alone(meeting)
    _changed(meeting, "changed", by=member)
    return meeting


@transaction.atomic
def meeting_cancel(*, member: MatchMember, meeting: Meeting, reason: str = "") -> Meeting:
    editable_check(member)
    own_meeting_check(member, meeting)
    meeting = _locked(meeting)
    _upcoming_check(meeting)
    meeting.status, meeting.cancelled_by = Meeting.Status.CANCELLED, member
    meeting.cancel_reason = (reason or "").replace("\x00", "").strip()[:500]
    meeting.sequence += 1
    meeting.save()
    if meeting.series_id:
        _series_raised(meeting.series_id)  # the series' entry gains an EXDATE
    _changed(meeting, "cancelled", by=member)
    return meeting


def _past_check(meeting: Meeting) -> None:
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _("This meeting has not started yet: mark it once it has taken place."),
            code="future",
        )


@transaction.atomic
def meeting_held(*, member: MatchMember, meeting: Meeting, minutes: int | None = None) -> Meeting:
    """It took place (for how long: the planned length unless told)."""
    editable_check(member)
    own_meeting_check(member, meeting)
    meeting = _locked(meeting)
    if meeting.status not in (*Meeting.UPCOMING, Meeting.Status.MISSED, Meeting.Status.HELD):
        raise ValidationError(_("A cancelled meeting did not take place."), code="cancelled")
    _past_check(meeting)
    minutes = meeting.minutes if minutes is None else minutes
    if not 1 <= minutes <= MAX_MINUTES:
        raise ValidationError(_("A meeting lasts at most 8 hours."), code="length")
    meeting.status, meeting.held_minutes = Meeting.Status.HELD, minutes
    meeting.save(update_fields=["status", "held_minutes", "updated_at"])
    return meeting


@transaction.atomic
def meeting_missed(*, member: MatchMember, meeting: Meeting) -> Meeting:
    """It was planned but did not happen."""
    editable_check(member)
    own_meeting_check(member, meeting)
    meeting = _locked(meeting)
    if meeting.status not in (*Meeting.UPCOMING, Meeting.Status.HELD):
        raise ValidationError(_("A cancelled meeting did not take place."), code="cancelled")
    _past_check(meeting)
    meeting.status, meeting.held_minutes = Meeting.Status.MISSED, None
    meeting.save(update_fields=["status", "held_minutes", "updated_at"])
    return meeting


@transaction.atomic
def meeting_log(
    *, member: MatchMember, starts_at: datetime, minutes: int, format: str, place: str = ""
) -> Meeting:
    """A meeting that already happened, recorded in one step (for pairs that meet without
    planning here)."""
    editable_check(member)
    window_check(member, starts_at, minutes)
    format_check(format)
    if starts_at > timezone.now():
        raise ValidationError(
            _("Only a meeting that has already taken place can be logged."), code="future"
        )
    return Meeting.objects.create(
        match_id=member.match_id,
        proposed_by=member,
        status=Meeting.Status.HELD,
        starts_at=starts_at,
        minutes=minutes,
        held_minutes=minutes,
        format=format,
        place=(place or "").replace("\x00", "").strip(),
    )


# --- Series -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Repeat:
    """A series as the form gives it: the first start (in the member's time zone), how it
    repeats, until which day."""

    starts_at: datetime  # aware
    repeat: str  # a key of REPEATS
    until: date | None


def occurrences(rule: str, starts_at: datetime, zone: str, until: date) -> list[datetime]:
    """The starts a rule gives, in ``zone``'s wall-clock time (so 17:00 stays 17:00 across
    a change to summer time), as aware datetimes."""
    tz = zoneinfo.ZoneInfo(zone)
    local = timezone.localtime(starts_at, tz).replace(tzinfo=None)
    last = datetime.combine(until, time.max)
    found = rrule.rrulestr(rule, dtstart=local).between(local, last, inc=True)
    # Normalised through UTC: a wall-clock time that summer time skips (02:30 on the
    # last Sunday of March) becomes the real moment, equal to the one stored.
    return [moment.replace(tzinfo=tz).astimezone(UTC).astimezone(tz) for moment in found]


def _series_check(member, repeat: Repeat, minutes: int) -> date:
    if repeat.repeat not in REPEATS:
        raise ValidationError(_("Choose how often the meetings repeat."), code="repeat")
    if repeat.until is None:
        raise ValidationError(
            _("Say until when the meetings repeat (at the latest the programme's end)."),
            code="no_end",
        )
    programme = member.match.programme
    if repeat.until > programme.ends_on:
        raise ValidationError(
            _("The programme ends on %(day)s: the series must end by then.")
            % {"day": _day(programme.ends_on)},
            code="after_programme",
        )
    if repeat.until < timezone.localtime(repeat.starts_at).date():
        raise ValidationError(_("The series ends before its first meeting."), code="order")
    window_check(member, repeat.starts_at, minutes)
    return repeat.until


def _fill(series: Series, member: MatchMember, starts: list[datetime]) -> None:
    if not starts:
        raise ValidationError(_("This repeat gives no meeting before the end."), code="empty")
    if len(starts) > MAX_OCCURRENCES:
        raise ValidationError(
            _("That would be %(count)s meetings; keep it to %(limit)s.")
            % {"count": len(starts), "limit": MAX_OCCURRENCES},
            code="too_many",
        )
    alone = not _others(member).exists()
    Meeting.objects.bulk_create(
        Meeting(
            match_id=series.match_id,
            series=series,
            occurrence=start,
            proposed_by=member,
            status=Meeting.Status.PLANNED if alone else Meeting.Status.PROPOSED,
            starts_at=start,
            minutes=series.minutes,
            format=series.format,
            place=series.place,
        )
        for start in starts
    )


@transaction.atomic
def series_create(
    *, member: MatchMember, repeat: Repeat, minutes: int, format: str, place: str = ""
) -> Series:
    """ "Every other Tuesday at 17:00 until the programme ends": the series and its
    meetings, proposed to the others (who may accept them all at once)."""
    editable_check(member)
    until = _series_check(member, repeat, minutes)
    format_check(format)
    zone = str(timezone.localtime(repeat.starts_at).tzinfo)
    user_zone = member.enrolment.user.time_zone
    if user_zone:
        zone = str(user_zone)
    series = Series.objects.create(
        match_id=member.match_id,
        created_by=member,
        rule=REPEATS[repeat.repeat],
        starts_at=repeat.starts_at,
        time_zone=zone,
        until=until,
        minutes=minutes,
        format=format,
        place=(place or "").replace("\x00", "").strip(),
    )
    _fill(series, member, occurrences(series.rule, series.starts_at, zone, until))
    tasks.series_changed.delay_on_commit(series.pk, "proposed")
    return series


@transaction.atomic
def occurrence_move(
    *, member: MatchMember, meeting: Meeting, starts_at: datetime, minutes: int | None = None
) -> Meeting:
    """One meeting of a series at another time; it stays part of the series."""
    if meeting.series_id is None:
        raise ValidationError(_("This meeting is not part of a series."), code="single")
    return meeting_change(
        member=member,
        meeting=meeting,
        starts_at=starts_at,
        minutes=minutes or meeting.minutes,
        format=meeting.format,
        place=meeting.place,
    )


@transaction.atomic
def occurrence_skip(*, member: MatchMember, meeting: Meeting) -> Meeting:
    """This one time the series does not meet."""
    if meeting.series_id is None:
        raise ValidationError(_("This meeting is not part of a series."), code="single")
    return meeting_cancel(member=member, meeting=meeting, reason=_("Skipped this time."))


@transaction.atomic
def series_change_from(
    *,
    member: MatchMember,
    series: Series,
    from_day: date,
    repeat: Repeat,
    minutes: int,
    format: str,
    place: str = "",
) -> Series:
    """The series changes from ``from_day`` on: the old one ends the day before (its
    meetings from then on that nobody has marked go), and a new series carries on."""
    editable_check(member)
    if series.match_id != member.match_id:
        raise ValidationError(_("This series is not of your relationship."), code="foreign")
    series = Series.objects.select_for_update().get(pk=series.pk)
    if from_day <= timezone.localtime(series.starts_at).date():
        raise ValidationError(
            _("Change the whole series from its first meeting instead: choose a later day."),
            code="first",
        )
    if timezone.localtime(repeat.starts_at).date() < from_day:
        raise ValidationError(_("The new times start before the day of the change."), code="order")
    later = Meeting.objects.filter(
        series=series, starts_at__date__gte=from_day, status__in=Meeting.UPCOMING
    )
    for meeting in later.select_for_update():
        meeting.status, meeting.cancelled_by = Meeting.Status.CANCELLED, member
        meeting.cancel_reason = _("The series changed from %(day)s.") % {"day": _day(from_day)}
        meeting.sequence += 1
        meeting.save()
    series.until = from_day - timedelta(days=1)
    series.sequence += 1
    series.save(update_fields=["until", "sequence", "updated_at"])
    tasks.series_changed.delay_on_commit(series.pk, "shortened")
    return series_create(member=member, repeat=repeat, minutes=minutes, format=format, place=place)
