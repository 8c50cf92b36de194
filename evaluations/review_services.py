"""Writes for the mid-point review and the participants' reports, and the reads their pages
and the job share about one member: is it open, which period, how many meetings since.

Each write checks, in this order: the relationship is current and the writer a current
member of it (``relationships.services.editable_check``), the occasion is open, the range of
each value; the database's constraints are the backstop for "once", and their violation
comes back as the rule's message.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meetings.models import Meeting
from relationships.models import MatchMember
from relationships.services import editable_check

from .health import site_day
from .review_models import (
    HOW_GOING_MAX,
    HOW_GOING_MIN,
    MEETINGS_SINCE_MAX,
    REPORT_TEXT_MAX_LENGTH,
    REVIEW_TEXT_MAX_LENGTH,
    MidpointReview,
    ParticipantReport,
    ReportRead,
)
from .review_periods import Period, current_period, next_period, review_open


def _clean(text: str | None) -> str:
    return (text or "").replace("\x00", "").strip()


def member_today(member: MatchMember) -> date:
    """Today on the site's clock: every member of a relationship shares its occasions."""
    return site_day(timezone.now())


# --- The mid-point review ---------------------------------------------------------------


def review_is_open(member: MatchMember, today: date | None = None) -> bool:
    programme = member.match.programme
    return review_open(programme.midpoint, programme.ends_on, today or member_today(member))


def review_refusal(member: MatchMember, today: date | None = None) -> str | None:
    """Why this member cannot write their review now, or None."""
    today = today or member_today(member)
    programme = member.match.programme
    if today < programme.midpoint:
        return _("The mid-point review opens on %(day)s, halfway through the programme.") % {
            "day": date_format(programme.midpoint, "DATE_FORMAT")
        }
    if today > programme.ends_on:
        return _("The mid-point review closed when the programme ended.")
    return None


@transaction.atomic
def midpoint_review_write(
    *, member: MatchMember, good: str, better: str, change: str = ""
) -> MidpointReview:
    """The member's own review, once: it cannot be changed after the others may read it."""
    editable_check(member)
    refusal = review_refusal(member)
    if refusal:
        raise ValidationError(refusal, code="closed")
    good, better, change = _clean(good), _clean(better), _clean(change)
    if not good or not better:
        raise ValidationError(
            _("Write what has been good and what can be better."), code="required"
        )
    if max(len(good), len(better), len(change)) > REVIEW_TEXT_MAX_LENGTH:
        raise ValidationError(
            _("Keep each answer under %(n)d characters.") % {"n": REVIEW_TEXT_MAX_LENGTH},
            code="max_length",
        )
    try:
        with transaction.atomic():
            return MidpointReview.objects.create(
                match_id=member.match_id, member=member, good=good, better=better, change=change
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You have written your mid-point review already."), code="once"
        ) from error


# --- Reports to the coordinator ---------------------------------------------------------


def _periods_args(member: MatchMember, today: date):
    match = member.match
    programme = match.programme
    return (
        programme.report_every_weeks,
        programme.starts_on,
        programme.ends_on,
        site_day(match.started_at),
        today,
    )


def open_period(member: MatchMember, today: date | None = None) -> Period | None:
    return current_period(*_periods_args(member, today or member_today(member)))


def coming_period(member: MatchMember, today: date | None = None) -> Period | None:
    return next_period(*_periods_args(member, today or member_today(member)))


def meetings_since_last_report(member: MatchMember) -> int:
    """Meetings held since the member's last report (since the relationship began if none),
    capped at the form's maximum: the form's suggestion, which they may correct."""
    last = (
        ParticipantReport.objects.filter(member=member)
        .order_by("-written_at")
        .values_list("written_at", flat=True)
        .first()
    )
    since = last or member.match.started_at
    held = Meeting.objects.filter(
        match_id=member.match_id,
        status=Meeting.Status.HELD,
        starts_at__gte=since,
        starts_at__lte=timezone.now(),
    ).count()
    return min(held, MEETINGS_SINCE_MAX)


def report_refusal(member: MatchMember, period: int, today: date | None = None) -> str | None:
    """Why this member cannot report for ``period`` now, or None: only the open period's
    report can be written; an earlier one has closed, a later one is not open yet."""
    today = today or member_today(member)
    if not member.match.programme.report_every_weeks:
        return _("This programme does not ask for reports.")
    now = open_period(member, today)
    if now is not None and now.number == period:
        return None
    coming = coming_period(member, today)
    if coming is not None and period >= coming.number:
        return _("This report is not open yet: the next one opens on %(day)s.") % {
            "day": date_format(coming.due_on, "DATE_FORMAT")
        }
    if period >= 1 and (now is not None or coming is None):
        return _("This report's period has closed.")
    return _("There is no report to write now.")


@transaction.atomic
def participant_report_write(
    *,
    member: MatchMember,
    period: int,
    how_going: int,
    meetings_since: int,
    to_coordinator: str = "",
) -> ParticipantReport:
    """The member's report for the open period, once; only coordinators read it."""
    editable_check(member)
    refusal = report_refusal(member, period)
    if refusal:
        raise ValidationError(refusal, code="closed")
    if isinstance(how_going, bool) or how_going not in range(HOW_GOING_MIN, HOW_GOING_MAX + 1):
        raise ValidationError(_("Choose how it is going, from 1 to 5."), code="range")
    if isinstance(meetings_since, bool) or meetings_since not in range(0, MEETINGS_SINCE_MAX + 1):
        raise ValidationError(
            _("Meetings since last time: a number from 0 to %(n)d.") % {"n": MEETINGS_SINCE_MAX},
            code="range",
        )
    text = _clean(to_coordinator)
    if len(text) > REPORT_TEXT_MAX_LENGTH:
        raise ValidationError(
            _("Keep it under %(n)d characters.") % {"n": REPORT_TEXT_MAX_LENGTH},
            code="max_length",
        )
    try:
        with transaction.atomic():
            return ParticipantReport.objects.create(
                match_id=member.match_id,
                member=member,
                period=period,
                how_going=how_going,
                meetings_since=meetings_since,
                to_coordinator=text,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You have written your report for this period."), code="once"
        ) from error


def report_read_log(*, report: ParticipantReport, reader) -> ReportRead:
    """A coordinator opened the report's text: logged, for the coordinators to see."""
    return ReportRead.objects.create(report=report, reader=reader)
