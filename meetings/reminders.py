"""Who is due a reminder about a meeting (``notifications.jobs`` claims and sends them).

- **Meeting reminder**: every member, ``MEETING_REMINDER_HOURS`` (24) before a planned
  meeting by their own clock, with the agenda. Not for a meeting planned or changed after
  that moment (its own e-mail has just told them), nor to a member who asked for another
  time.
- **Agenda reminder**: the mentees (every peer, in a peer programme) — those invited to set
  the agenda first — ``AGENDA_REMINDER_DAYS`` (3) days before a planned meeting by their
  own clock, while its agenda is empty, with a few ideas from the topic bank. The same
  exceptions as the meeting reminder; a topic added meanwhile stops it.
- **"Did you meet?"**: every current member, once per meeting, after a planned meeting's
  end: ``MEETING_CHECK_AFTER_MINUTES`` (60) after it, if that falls between nine in the
  morning and nine in the evening by their clock, else at nine the next morning — a
  meeting that ends at 18:00 is asked about at 19:00 the same evening, one that ends at
  22:00 at 09:00 the day after. Its two links answer without signing in
  (``services.check``). Once the meeting is marked held or missed, by anyone, no more go
  out; a meeting still planned ``MEETING_CHECK_UNTIL_DAYS`` (14) days after its end is
  left alone.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import emails, jobs, kinds
from notifications.models import Delivery
from relationships.models import Match, MatchMember

from . import selectors
from .agenda import AGENDA_SETTERS
from .models import MAX_MINUTES, MIN_MINUTES, AgendaItem, Meeting, Response, Topic
from .services import check

MEETING_REMINDER = "meeting-reminder"

kinds.register(
    kinds.Kind(
        MEETING_REMINDER,
        _("Reminder the day before a meeting"),
        (MEETING_REMINDER,),
        _("When and where you meet, with the agenda."),
        digest=False,
        order=21,
    )
)


def _reminder_hours() -> timedelta:
    return timedelta(hours=getattr(settings, "MEETING_REMINDER_HOURS", 24))


@dataclass(frozen=True)
class Row:
    """One meeting and one member to remind of it (with their clock)."""

    meeting_id: int
    starts_at: datetime
    minutes: int
    updated_at: datetime
    programme_id: int
    user_id: int
    zone: str


def members_of(meetings: QuerySet[Meeting], *, roles=None, but_declined: bool = True) -> list[Row]:
    """A row for each of ``meetings`` and each current member of its relationship (only
    ``roles``, when given; not one who asked for another time, with ``but_declined``).

    Three queries, the meetings, their relationships' members and the answers, joined
    here: a join from the members through ``match__meetings`` would repeat each row once
    per meeting of the relationship that a later ``Exists(OuterRef(...))`` joins again —
    rows of meetings that are not due."""
    found = list(
        meetings.values_list(
            "pk", "match_id", "starts_at", "minutes", "updated_at", "match__programme_id"
        ).order_by()
    )
    if not found:
        return []
    matches = meetings.values("match_id")
    members = MatchMember.objects.filter(current=True, match__in=matches)
    if roles is not None:
        members = members.filter(role__in=roles)
    by_match: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for member_id, match_id, user_id, zone in members.values_list(
        "pk", "match_id", "enrolment__user_id", "enrolment__user__time_zone"
    ).order_by():
        by_match[match_id].append((member_id, user_id, str(zone or "")))
    declined = set()
    if but_declined:
        declined = set(
            Response.objects.filter(
                meeting__in=meetings.values("pk"), answer=Response.Answer.DECLINED
            ).values_list("meeting_id", "member_id")
        )
    return [
        Row(meeting_id, starts_at, minutes, updated_at, programme_id, user_id, zone)
        for meeting_id, match_id, starts_at, minutes, updated_at, programme_id in found
        for member_id, user_id, zone in by_match[match_id]
        if (meeting_id, member_id) not in declined
    ]


def _planned(now: datetime, horizon: timedelta) -> QuerySet[Meeting]:
    """Planned meetings of running relationships that start within ``horizon``."""
    return Meeting.objects.filter(
        status=Meeting.Status.PLANNED,
        starts_at__gt=now,
        starts_at__lte=now + horizon,
        match__status__in=Match.RUNNING,
    )


def find_meeting_reminders(now: datetime) -> list[jobs.Due]:
    # Two hours beyond the reminder's span: by a recipient's clock, "a day before" may be
    # 23 or 25 hours when the clocks change in between.
    rows = members_of(_planned(now, _reminder_hours() + timedelta(hours=2)))
    return [
        # The start is the occasion: a meeting moved is reminded of again.
        _due(row)
        for row in rows
        if _remind_now(row, now, _reminder_hours())
    ]


def _remind_now(row: Row, now: datetime, before: timedelta) -> bool:
    """``before`` the start by the member's clock has come — and the meeting was not
    planned or changed after that moment (its own e-mail has just told them)."""
    remind_at = jobs.wall_clock_before(row.starts_at, row.zone, before)
    return remind_at <= now and row.updated_at < remind_at


def _due(row: Row, occasion: str | None = None) -> jobs.Due:
    return jobs.Due(
        row.user_id,
        f"meetings.meeting:{row.meeting_id}",
        row.starts_at.isoformat() if occasion is None else occasion,
        row.programme_id,
    )


def _meeting(delivery: Delivery) -> Meeting | None:
    return (
        Meeting.objects.select_related("match__programme")
        .filter(pk=jobs.about_pk(delivery))
        .first()
    )


def _others(meeting: Meeting, to) -> list[str]:
    return [
        m.enrolment.user.public_name
        for m in meeting.match.members.filter(current=True)
        .exclude(enrolment__user=to)
        .select_related("enrolment__user")
    ]


def _meeting_url(meeting: Meeting) -> str:
    return emails.absolute_url(
        reverse("meetings:detail", kwargs={"pk": meeting.match_id, "meeting": meeting.pk})
    )


def send_meeting_reminder(delivery: Delivery) -> None:
    meeting = (
        Meeting.objects.select_related("match__programme")
        .prefetch_related("agenda__topic")
        .filter(pk=jobs.about_pk(delivery))
        .first()
    )
    to = delivery.recipient
    still_due = (
        meeting is not None
        and meeting.status == Meeting.Status.PLANNED
        and meeting.starts_at.isoformat() == delivery.occasion
        and meeting.match.status in Match.RUNNING
        and meeting.match.members.filter(current=True, enrolment__user=to).exists()
    )
    if not still_due:
        jobs.drop(delivery)
        return
    emails.send(
        MEETING_REMINDER,
        to=to,
        about=meeting,
        occasion=delivery.occasion,
        programme_id=meeting.match.programme_id,
        context={
            "meeting": meeting,
            "programme": meeting.match.programme,
            "others": _others(meeting, to),
            "meeting_url": _meeting_url(meeting),
        },
    )


jobs.register(
    jobs.Job(
        name=MEETING_REMINDER,
        email=MEETING_REMINDER,
        label=_("Reminder the day before a meeting"),
        timing=_("24 hours before, by each member's clock (MEETING_REMINDER_HOURS)"),
        find=find_meeting_reminders,
        send=send_meeting_reminder,
        every_minutes=5,
    )
)


# --- Agenda reminder -----------------------------------------------------------------------
AGENDA_REMINDER = "agenda-reminder"
IDEAS = 3  # topics from the bank offered in the e-mail

kinds.register(
    kinds.Kind(
        AGENDA_REMINDER,
        _("Reminder to set the agenda"),
        (AGENDA_REMINDER,),
        _("A few days before a meeting whose agenda is still empty, with ideas for topics."),
        digest=False,  # it matters before the meeting, not in next week's digest
        order=22,
    )
)


def _agenda_days() -> timedelta:
    return timedelta(days=getattr(settings, "AGENDA_REMINDER_DAYS", 3))


def find_agenda_reminders(now: datetime) -> list[jobs.Due]:
    # Two hours beyond the span, as for the meeting reminder: a change of the clocks.
    empty = _planned(now, _agenda_days() + timedelta(hours=2)).exclude(
        Exists(AgendaItem.objects.filter(meeting=OuterRef("pk")))
    )
    rows = members_of(empty, roles=AGENDA_SETTERS)
    return [_due(row) for row in rows if _remind_now(row, now, _agenda_days())]


def agenda_ideas(meeting: Meeting) -> list[Topic]:
    """A few discussion topics of the programme's bank the relationship has not had on an
    agenda yet (one query)."""
    used = AgendaItem.objects.filter(meeting__match_id=meeting.match_id, topic=OuterRef("pk"))
    return list(
        selectors.topics_for(meeting.match.programme)
        .filter(kind=Topic.Kind.TOPIC)
        .exclude(Exists(used))[:IDEAS]
    )


def send_agenda_reminder(delivery: Delivery) -> None:
    meeting = _meeting(delivery)
    to = delivery.recipient
    still_due = (
        meeting is not None
        and meeting.status == Meeting.Status.PLANNED
        and meeting.starts_at.isoformat() == delivery.occasion
        and meeting.starts_at > timezone.now()
        and meeting.match.status in Match.RUNNING
        and meeting.match.members.filter(
            current=True, enrolment__user=to, role__in=AGENDA_SETTERS
        ).exists()
        and not meeting.agenda.exists()  # a topic added since the claim: nothing to ask
    )
    if not still_due:
        jobs.drop(delivery)
        return
    emails.send(
        AGENDA_REMINDER,
        to=to,
        about=meeting,
        occasion=delivery.occasion,
        programme_id=meeting.match.programme_id,
        context={
            "meeting": meeting,
            "programme": meeting.match.programme,
            "others": _others(meeting, to),
            "ideas": agenda_ideas(meeting),
            "meeting_url": _meeting_url(meeting) + "#agenda",
        },
    )


jobs.register(
    jobs.Job(
        name=AGENDA_REMINDER,
        email=AGENDA_REMINDER,
        label=_("Reminder to set the agenda"),
        timing=_(
            "3 days before a meeting whose agenda is empty, by the mentee's clock "
            "(AGENDA_REMINDER_DAYS)"
        ),
        find=find_agenda_reminders,
        send=send_agenda_reminder,
    )
)


# --- "Did you meet?" -----------------------------------------------------------------------
MEETING_CHECK = "meeting-check"

kinds.register(
    kinds.Kind(
        MEETING_CHECK,
        _("“Did you meet?” after a meeting"),
        (MEETING_CHECK,),
        _("One click says whether a planned meeting took place, so that it counts."),
        digest=False,  # a week later nobody remembers, and its links are the point
        order=23,
    )
)


def _check_after() -> timedelta:
    return timedelta(minutes=getattr(settings, "MEETING_CHECK_AFTER_MINUTES", 60))


def _check_until() -> timedelta:
    return timedelta(days=getattr(settings, "MEETING_CHECK_UNTIL_DAYS", 14))


def check_due(ends_at: datetime, zone, now: datetime) -> bool:
    """Whether the check of a meeting that ended at ``ends_at`` goes out ``now`` to someone
    in ``zone``: from ``MEETING_CHECK_AFTER_MINUTES`` after the end, between nine in the
    morning and nine in the evening by their clock, until ``MEETING_CHECK_UNTIL_DAYS``
    after the end."""
    asked_from = ends_at + _check_after()
    if not asked_from <= now < ends_at + _check_until():
        return False
    # ``morning_of`` also lets a later day's small hours through: not for this question.
    awake = now.astimezone(jobs.zone_of(zone)).time() >= jobs.MORNING
    return awake and jobs.morning_of(jobs.local_date(asked_from, zone), zone, now)


def find_meeting_checks(now: datetime) -> list[jobs.Due]:
    # Bounds on the start from the shortest and the longest meeting; exact in Python.
    ended = Meeting.objects.filter(
        status=Meeting.Status.PLANNED,
        starts_at__lte=now - _check_after() - timedelta(minutes=MIN_MINUTES),
        starts_at__gt=now - _check_until() - timedelta(minutes=MAX_MINUTES),
        match__status__in=Match.RUNNING,
    )
    return [
        # No occasion: a meeting is asked about once, whatever happens to it after.
        _due(row, occasion="")
        for row in members_of(ended, but_declined=False)
        if check_due(row.starts_at + timedelta(minutes=row.minutes), row.zone, now)
    ]


def send_meeting_check(delivery: Delivery) -> None:
    meeting = _meeting(delivery)
    to = delivery.recipient
    now = timezone.now()
    still_due = (
        meeting is not None
        and meeting.status == Meeting.Status.PLANNED  # not marked held or missed meanwhile
        and meeting.ends_at <= now < meeting.ends_at + _check_until()
        and meeting.match.status in Match.RUNNING
        and meeting.match.members.filter(current=True, enrolment__user=to).exists()
    )
    if not still_due:
        jobs.drop(delivery)
        return
    link = emails.absolute_url(check.check_path(user_id=to.pk, meeting=meeting))
    emails.send(
        MEETING_CHECK,
        to=to,
        about=meeting,
        occasion=delivery.occasion,
        programme_id=meeting.match.programme_id,
        context={
            "meeting": meeting,
            "programme": meeting.match.programme,
            "others": _others(meeting, to),
            "held_url": link + "?answer=held",
            "missed_url": link + "?answer=missed",
            "meeting_url": _meeting_url(meeting),
        },
    )


jobs.register(
    jobs.Job(
        name=MEETING_CHECK,
        email=MEETING_CHECK,
        label=_("“Did you meet?” after a meeting"),
        timing=_(
            "1 hour after a planned meeting's end, between 9:00 and 21:00 by each member's "
            "clock, else the next morning at 9:00 (MEETING_CHECK_AFTER_MINUTES); not after "
            "14 days (MEETING_CHECK_UNTIL_DAYS)"
        ),
        find=find_meeting_checks,
        send=send_meeting_check,
    )
)
