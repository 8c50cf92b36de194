"""Who is due a reminder about a meeting (``notifications.jobs`` claims and sends them).

- **Meeting reminder**: every member, ``MEETING_REMINDER_HOURS`` (24) before a planned
  meeting by their own clock, with the agenda. Not for a meeting planned or changed after
  that moment (its own e-mail has just told them), nor to a member who asked for another
  time.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications import emails, jobs, kinds
from notifications.models import Delivery
from relationships.models import Match, MatchMember

from .models import Meeting, Response

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
    return timedelta(hours=settings.MEETING_REMINDER_HOURS)


def _planned_members(now: datetime, horizon: timedelta):
    """(meeting, member) rows of planned meetings starting within ``horizon``, in running
    relationships, to current members who have not asked for another time."""
    declined = Response.objects.filter(
        meeting=OuterRef("match__meetings"),
        member=OuterRef("pk"),
        answer=Response.Answer.DECLINED,
    )
    return (
        MatchMember.objects.filter(
            current=True,
            match__status__in=Match.RUNNING,
            match__meetings__status=Meeting.Status.PLANNED,
            match__meetings__starts_at__gt=now,
            match__meetings__starts_at__lte=now + horizon,
        )
        .exclude(Exists(declined))
        .values_list(
            "match__meetings__id",
            "match__meetings__starts_at",
            "match__meetings__updated_at",
            "match__programme_id",
            "enrolment__user_id",
            "enrolment__user__time_zone",
        )
    )


def find_meeting_reminders(now: datetime) -> list[jobs.Due]:
    # Two hours beyond the reminder's span: by a recipient's clock, "a day before" may be
    # 23 or 25 hours when the clocks change in between.
    rows = _planned_members(now, _reminder_hours() + timedelta(hours=2))
    due = []
    for meeting_id, starts_at, updated_at, programme_id, user_id, zone in rows:
        remind_at = jobs.wall_clock_before(starts_at, zone, _reminder_hours())
        if remind_at <= now and updated_at < remind_at:
            # The start is the occasion: a meeting moved is reminded of again.
            due.append(
                jobs.Due(
                    user_id, f"meetings.meeting:{meeting_id}", starts_at.isoformat(), programme_id
                )
            )
    return due


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
            "others": [
                m.enrolment.user.public_name
                for m in meeting.match.members.filter(current=True)
                .exclude(enrolment__user=to)
                .select_related("enrolment__user")
            ],
            "meeting_url": emails.absolute_url(
                reverse("meetings:detail", kwargs={"pk": meeting.match_id, "meeting": meeting.pk})
            ),
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
