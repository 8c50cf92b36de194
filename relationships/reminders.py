"""Who is due a reminder about a relationship (``notifications.jobs`` claims and sends them).

- **Resume** (``relationship-resume``): a paused relationship resumes by itself on its
  return date, at nine in the morning by the first member's clock to reach it, and every
  current member gets a "welcome back" note that morning by their own clock. The pause's
  start names the occasion, so each pause welcomes each member back once — also when
  someone resumed it early (the note then goes out that day).
- **Agreement unsigned** (``agreement-reminder``): where the programme asks for a signed
  agreement, each current member who has not signed it as it stands, on the morning
  ``AGREEMENT_REMINDER_DAYS`` (7) after the latest of: the match, their joining, the
  agreement's last change, the return from a pause. Once per member and content (its
  digest), so a new version is a new reminder and a change undone is not.
- **Fit check unanswered** (``fit-check-reminder``): once the fit check is open for a
  member (``services.workspace.fit_check_open``: the first-meeting guide done since they
  joined, a meeting held, or three weeks after joining) and they have not answered, one
  reminder on the morning ``FIT_CHECK_REMINDER_DAYS`` (7) after it opened (or after the
  return from a pause). Once per membership.

Only running relationships (``Match.RUNNING``) get the two reminders: a paused one gets
none, an ended one never again.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from notifications import jobs, kinds
from notifications.models import Delivery

from . import emails, hooks
from .models import FirstMeetingGuide, FitCheck, Match, MatchMember, pause_key
from .services.agreement import agreements_now
from .services.lifecycle import match_resume
from .services.workspace import FIT_CHECK_AFTER, fit_check_open

RESUME = "relationship-resume"
WELCOME_BACK = "relationship-welcome-back"
AGREEMENT_REMINDER = "agreement-reminder"
FIT_CHECK_REMINDER = "fit-check-reminder"

# Members whose morning comes after the relationship resumed (their clock behind the first
# member's, or someone resumed it early) are welcomed back up to this long after the day it
# came back, no later.
WELCOME_BACK_WITHIN = timedelta(days=7)
DAY = timedelta(days=1)

kinds.register(
    kinds.Kind(
        AGREEMENT_REMINDER,
        _("Reminder to sign your agreement"),
        (AGREEMENT_REMINDER,),
        _(
            "When you have not signed your relationship's agreement a week after it started "
            "or changed."
        ),
        order=30,
    )
)
kinds.register(
    kinds.Kind(
        FIT_CHECK_REMINDER,
        _("Reminder to answer the fit check"),
        (FIT_CHECK_REMINDER,),
        _("When the fit check has waited a week for your answer."),
        order=31,
    )
)


def agreement_reminder_days() -> int:
    return getattr(settings, "AGREEMENT_REMINDER_DAYS", 7)


def fit_check_reminder_days() -> int:
    return getattr(settings, "FIT_CHECK_REMINDER_DAYS", 7)


def _current_members():
    """Current members, without the default ordering (which joins the user and match)."""
    return MatchMember.objects.filter(current=True).order_by()


def _day(moment: datetime | None, zone) -> date | None:
    return jobs.local_date(moment, zone) if moment is not None else None


def _due_day(days: int, *since: date | None) -> date:
    """``days`` after the latest of ``since`` (dates, by the member's clock)."""
    return max(day for day in since if day is not None) + timedelta(days=days)


# --- Resume -------------------------------------------------------------------------------


def find_returns(now: datetime) -> list[jobs.Due]:
    """Members of paused relationships whose return date has come by their clock, and of
    those that came back lately (someone else's morning came first, or it was resumed
    early), at nine in the morning."""
    recent = now.date() - WELCOME_BACK_WITHIN
    rows = (
        _current_members()
        .filter(match__paused_until__isnull=False)
        .filter(
            # A day ahead: the first clock to reach the date may be ahead of UTC.
            Q(match__status=Match.Status.PAUSED, match__paused_until__lte=now.date() + DAY)
            | Q(match__status__in=Match.RUNNING, match__paused_until__gte=recent)
        )
        .values_list(
            "match_id",
            "match__paused_until",
            "match__paused_at",
            "match__programme_id",
            "enrolment__user_id",
            "enrolment__user__time_zone",
        )
    )
    return [
        jobs.Due(
            user_id,
            f"relationships.match:{match_id}",
            pause_key(paused_at, until),
            programme_id,
        )
        for match_id, until, paused_at, programme_id, user_id, zone in rows
        if jobs.morning_of(until, zone, now)
    ]


def send_return(delivery: Delivery) -> None:
    """Resume the relationship if it is still paused (the first member's note does), then
    welcome this member back. Not if it was paused again since, or has ended."""
    match = Match.objects.select_related("programme").filter(pk=jobs.about_pk(delivery)).first()
    to = delivery.recipient
    if match is None or match.pause_key != delivery.occasion or not match.is_current:
        jobs.drop(delivery)
        return
    if not match.members.filter(current=True, enrolment__user=to).exists():
        jobs.drop(delivery)
        return
    if match.is_paused:
        try:
            match = match_resume(match=match, key=delivery.occasion, returned_on=match.paused_until)
        except ValidationError:
            match.refresh_from_db()  # another member's note resumed it (or it was paused anew)
            if match.pause_key != delivery.occasion or not match.is_running:
                jobs.drop(delivery)
                return
    emails.welcome_back(match=match, to=to, occasion=delivery.occasion)


# --- Agreement not signed -----------------------------------------------------------------


def find_unsigned(now: datetime) -> list[jobs.Due]:
    days = agreement_reminder_days()
    # Rows that may be due by some clock (a day's margin for the time zones); the exact
    # morning is the member's own, below.
    before = now - timedelta(days=days - 1)
    rows = (
        _current_members()
        .filter(
            match__status__in=Match.RUNNING,
            match__programme__agreement_required=True,
            match__agreement_signed_at__isnull=True,
            joined_at__lte=before,
            match__started_at__lte=before,
        )
        .filter(
            Q(match__agreement_changed_at__isnull=True) | Q(match__agreement_changed_at__lte=before)
        )
        .filter(Q(match__paused_until__isnull=True) | Q(match__paused_until__lte=before.date()))
        .values_list(
            "pk",
            "match_id",
            "match__programme_id",
            "enrolment__user_id",
            "enrolment__user__time_zone",
            "joined_at",
            "match__started_at",
            "match__agreement_changed_at",
            "match__paused_until",
        )
    )
    morning = []
    for member_id, match_id, programme_id, user_id, zone, joined, started, changed, back in rows:
        day = _due_day(days, _day(joined, zone), _day(started, zone), _day(changed, zone), back)
        if jobs.morning_of(day, zone, now):
            morning.append((member_id, match_id, programme_id, user_id))
    now_signed = {}
    matches = sorted({row[1] for row in morning})
    for start in range(0, len(matches), jobs.CHUNK):
        now_signed.update(agreements_now(matches[start : start + jobs.CHUNK]))
    due = []
    for member_id, match_id, programme_id, user_id in morning:
        key, signed = now_signed[match_id]
        if member_id not in signed:
            due.append(jobs.Due(user_id, f"relationships.match:{match_id}", key, programme_id))
    return due


def send_unsigned(delivery: Delivery) -> None:
    match = Match.objects.select_related("programme").filter(pk=jobs.about_pk(delivery)).first()
    member = (
        match.members.filter(current=True, enrolment__user=delivery.recipient)
        .select_related("enrolment__user")
        .first()
        if match is not None
        else None
    )
    still_due = (
        member is not None
        and match.is_running
        and match.programme.agreement_required
        and match.agreement_signed_at is None
    )
    if still_due:
        key, signed = agreements_now([match.pk])[match.pk]
        still_due = key == delivery.occasion and member.pk not in signed
    if not still_due:
        jobs.drop(delivery)
        return
    emails.agreement_reminder(match=match, member=member, occasion=delivery.occasion)


# --- Fit check not answered ---------------------------------------------------------------


def find_unanswered(now: datetime) -> list[jobs.Due]:
    days = fit_check_reminder_days()
    before = now - timedelta(days=days - 1)
    # The guide done since the member joined, and the first meeting held: since when each
    # opened the fit check, in SQL for every member at once.
    guide_done = FirstMeetingGuide.objects.filter(
        match=OuterRef("match_id"),
        completed_at__isnull=False,
        completed_at__gte=OuterRef("joined_at"),
    ).values("completed_at")[:1]
    rows = (
        _current_members()
        .filter(match__status__in=Match.RUNNING)
        .filter(~Exists(FitCheck.objects.filter(member=OuterRef("pk"))))
        .annotate(
            guide_done=Subquery(guide_done),
            first_held=hooks.first_meeting_held(OuterRef("match_id")),
        )
        .filter(
            Q(joined_at__lte=before - FIT_CHECK_AFTER)
            | Q(guide_done__lte=before)
            | Q(first_held__lte=before)
        )
        .filter(Q(match__paused_until__isnull=True) | Q(match__paused_until__lte=before.date()))
        .values_list(
            "pk",
            "match__programme_id",
            "enrolment__user_id",
            "enrolment__user__time_zone",
            "joined_at",
            "guide_done",
            "first_held",
            "match__paused_until",
        )
    )
    due = []
    for member_id, programme_id, user_id, zone, joined, guide, held, back in rows:
        opened = [joined + FIT_CHECK_AFTER, guide, max(held, joined) if held else None]
        opened_at = min(moment for moment in opened if moment is not None)
        day = _due_day(days, _day(opened_at, zone), back)
        if jobs.morning_of(day, zone, now):
            about = f"relationships.matchmember:{member_id}"
            due.append(jobs.Due(user_id, about, "", programme_id))
    return due


def send_unanswered(delivery: Delivery) -> None:
    member = (
        MatchMember.objects.select_related("match__programme", "enrolment__user")
        .filter(pk=jobs.about_pk(delivery), enrolment__user=delivery.recipient)
        .first()
    )
    still_due = (
        member is not None
        and member.current
        and member.match.is_running
        and not FitCheck.objects.filter(member=member).exists()
        and fit_check_open(member, FirstMeetingGuide.objects.filter(match=member.match).first())
    )
    if not still_due:
        jobs.drop(delivery)
        return
    emails.fit_check_reminder(member=member)


jobs.register(
    jobs.Job(
        name=RESUME,
        email=WELCOME_BACK,
        label=_("A paused relationship resumes, with a welcome back"),
        timing=_("On the return date from 9:00, by each member's clock"),
        find=find_returns,
        send=send_return,
        every_minutes=15,
    )
)
jobs.register(
    jobs.Job(
        name=AGREEMENT_REMINDER,
        email=AGREEMENT_REMINDER,
        label=_("Reminder to sign the agreement"),
        timing=_(
            "9:00, 7 days after the match, joining or the agreement's last change "
            "(AGREEMENT_REMINDER_DAYS)"
        ),
        find=find_unsigned,
        send=send_unsigned,
        every_minutes=15,
    )
)
jobs.register(
    jobs.Job(
        name=FIT_CHECK_REMINDER,
        email=FIT_CHECK_REMINDER,
        label=_("Reminder to answer the fit check"),
        timing=_("9:00, 7 days after the fit check opened (FIT_CHECK_REMINDER_DAYS)"),
        find=find_unanswered,
        send=send_unanswered,
        every_minutes=15,
    )
)
