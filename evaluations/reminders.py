"""Who is due a follow-up e-mail (``notifications.jobs`` claims and sends them).

- **Follow-ups due** (``follow-up-due``): each coordinator, once a morning from 9:00 in
  their own time zone, when a follow-up in their programmes fell due (today or earlier)
  that they have not been told of: one e-mail listing every follow-up due or overdue. The
  programme's scheduled follow-ups (``follow_up_offsets``) are made then, as they fall due.
- **The quiet ladder** (``evaluations.health`` says what quiet is):
  1. ``quiet-nudge``: every current member, 9:00 their time on the day the spell began,
     once per spell (the occasion is that day, so a later spell nudges again);
  2. ``quiet-escalation``: still quiet N weeks later, a follow-up for the relationship
     (once per spell) and an e-mail to each of the programme's coordinators, 9:00 theirs.
- **Evaluation due** (``evaluation-due``): every current member of a running relationship,
  9:00 their time on the programme's mid-point (occasion ``midpoint``) and
  ``FINAL_EVALUATION_DAYS_BEFORE`` (7) days before its end (``final``). A relationship that
  began after the day is not reminded of it; a mid-point not told by the final day, or a
  final one by the programme's end, is left out rather than sent late.

No step goes out after the programme's end date, and none to a relationship that is paused
or has ended: each ``send`` checks again that what was claimed is still due.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import jobs
from notifications.models import Delivery
from programs.models import Programme
from relationships.models import Match, MatchMember

from . import emails
from .health import Spell, quiet_members, quiet_spells, site_day
from .models import FollowUp
from .selectors import (
    coordinator_rows,
    member_names,
    open_follow_ups,
    programmes_of,
    scheduled_due,
    with_names,
)
from .services import follow_ups_schedule, quiet_follow_up_open

# Rows listed in one morning's e-mail; the rest are a link away.
FOLLOW_UP_EMAIL_ROWS = 30


def _about(match_id: int) -> str:
    return f"relationships.match:{match_id}"


def _match(delivery: Delivery) -> Match | None:
    members = MatchMember.objects.select_related("enrolment__user")
    return (
        Match.objects.select_related("programme")
        .prefetch_related(Prefetch("members", queryset=members))
        .filter(pk=jobs.about_pk(delivery))
        .first()
    )


def _is_member(match: Match, user_id: int) -> bool:
    return any(m.current and m.enrolment.user_id == user_id for m in match.members.all())


def _spell_now(match: Match) -> Spell | None:
    found = quiet_spells(timezone.now(), Match.objects.filter(pk=match.pk))
    return found[0] if found else None


# --- Follow-ups due, to coordinators --------------------------------------------------


def find_follow_ups_due(now: datetime) -> list[jobs.Due]:
    """Coordinators in their morning with a follow-up due they have not been told of.

    "Told" is read from their earlier e-mails of this kind: the last one's day and moment.
    A follow-up is news when it fell due after that day, or was made after that moment (a
    follow-up asked for today, a scheduled one of a relationship back from a pause)."""
    programmes: dict[int, set[int]] = defaultdict(set)
    mornings: dict[int, date] = {}
    for programme_id, user_id, zone in coordinator_rows():
        programmes[user_id].add(programme_id)
        day = jobs.local_date(now, zone)
        if jobs.morning_of(day, zone, now):
            mornings[user_id] = day
    if not mornings:
        return []
    wanted = set().union(*(programmes[user_id] for user_id in mornings))
    latest = max(mornings.values())
    # Per programme: each day follow-ups fell due, and when the latest of them was made.
    pending: dict[int, dict[date, datetime]] = defaultdict(dict)
    rows = (
        open_follow_ups(wanted, latest)
        .exclude(reason=FollowUp.Reason.QUIET)  # their coordinators were told at once
        .order_by()
        .values("match__programme_id", "due_on")
        .annotate(made=Max("created_at"))
        .values_list("match__programme_id", "due_on", "made")
    )
    for programme_id, due_on, made in rows:
        pending[programme_id][due_on] = made
    for item in scheduled_due(latest, wanted):
        pending[item.programme_id][item.due_on] = now  # made when told: news to everyone
    told = {
        user_id: (day, at)
        for user_id, day, at in Delivery.objects.filter(
            kind=emails.FOLLOW_UP_DUE, recipient_id__in=list(mornings)
        )
        .order_by()
        .values("recipient")
        .annotate(day=Max("occasion"), at=Max("created_at"))
        .values_list("recipient", "day", "at")
    }
    due = []
    for user_id, day in mornings.items():
        told_day, told_at = told.get(user_id, ("", None))
        news = any(
            due_on <= day and (told_at is None or due_on.isoformat() > told_day or made > told_at)
            for programme_id in programmes[user_id]
            for due_on, made in pending[programme_id].items()
        )
        if news:
            own = programmes[user_id]
            programme_id = next(iter(own)) if len(own) == 1 else None
            due.append(jobs.Due(user_id, f"accounts.user:{user_id}", day.isoformat(), programme_id))
    return due


def send_follow_ups_due(delivery: Delivery) -> None:
    to = delivery.recipient
    try:
        day = date.fromisoformat(delivery.occasion)
    except ValueError:
        jobs.drop(delivery)
        return
    own = programmes_of(to)
    if not own:
        jobs.drop(delivery)  # no longer a coordinator
        return
    follow_ups_schedule(until=day, programme_ids=own, at=delivery.created_at)
    listed = with_names(open_follow_ups(own, day)).order_by("due_on", "pk")
    total = listed.count()
    if not total:
        jobs.drop(delivery)  # done meanwhile
        return
    rows = [
        {
            "names": member_names(follow_up.match),
            "programme": follow_up.match.programme,
            "follow_up": follow_up,
            "overdue": follow_up.due_on < day,
            "url": emails.follow_up_url(follow_up),
        }
        for follow_up in listed[:FOLLOW_UP_EMAIL_ROWS]
    ]
    emails.follow_ups_due(
        to=to,
        day=day,
        rows=rows,
        more=max(total - len(rows), 0),
        programme_id=own[0] if len(own) == 1 else None,
    )


# --- The quiet ladder ------------------------------------------------------------------


def find_quiet_nudges(now: datetime) -> list[jobs.Due]:
    return [
        jobs.Due(user_id, _about(spell.match_id), spell.since.isoformat(), spell.programme_id)
        for spell, user_id, zone in quiet_members(now)
        if spell.since <= spell.ends_on and jobs.morning_of(spell.since, zone, now)
    ]


def send_quiet_nudge(delivery: Delivery) -> None:
    match = _match(delivery)
    spell = _spell_now(match) if match is not None else None
    if (
        spell is None
        or spell.since.isoformat() != delivery.occasion
        or not _is_member(match, delivery.recipient_id)
    ):
        jobs.drop(delivery)  # they met or planned since, paused, ended, or left
        return
    emails.quiet_nudge(to=delivery.recipient, match=match, spell=spell, occasion=delivery.occasion)


def find_quiet_escalations(now: datetime) -> list[jobs.Due]:
    today = site_day(now)
    spells = [
        s for s in quiet_spells(now) if s.escalates_on <= min(today, s.ends_on)
    ]  # still quiet N weeks after the nudge, within the programme
    if not spells:
        return []
    coordinators = defaultdict(list)
    for programme_id, user_id, zone in coordinator_rows({s.programme_id for s in spells}):
        coordinators[programme_id].append((user_id, zone))
    return [
        jobs.Due(user_id, _about(spell.match_id), spell.since.isoformat(), spell.programme_id)
        for spell in spells
        for user_id, zone in coordinators[spell.programme_id]
        if jobs.morning_of(spell.escalates_on, zone, now)
    ]


def send_quiet_escalation(delivery: Delivery) -> None:
    match = _match(delivery)
    spell = _spell_now(match) if match is not None else None
    if (
        spell is None
        or spell.since.isoformat() != delivery.occasion
        or spell.escalates_on > site_day(timezone.now())
        or match.programme_id not in programmes_of(delivery.recipient)
    ):
        jobs.drop(delivery)
        return
    follow_up = quiet_follow_up_open(
        match_id=match.pk, quiet_since=spell.since, due_on=spell.escalates_on
    )
    emails.quiet_escalation(
        to=delivery.recipient,
        match=match,
        spell=spell,
        follow_up=follow_up,
        names=member_names(match),
        occasion=delivery.occasion,
    )


# --- Evaluation due ----------------------------------------------------------------------


def final_days_before() -> int:
    return getattr(settings, "FINAL_EVALUATION_DAYS_BEFORE", 7)


def evaluation_days(programme: Programme) -> tuple[date, date]:
    """The programme's mid-point and the day of its final evaluation (a week before the
    end, by default; never on or before the mid-point)."""
    midpoint = programme.midpoint
    final = programme.ends_on - timedelta(days=final_days_before())
    return midpoint, min(max(final, midpoint + timedelta(days=1)), programme.ends_on)


def _evaluation(occasion: str, programme: Programme, began: date, today: date) -> date | None:
    """The day of ``occasion``, if it is still due on ``today`` for a relationship that
    began on ``began``."""
    midpoint, final = evaluation_days(programme)
    if occasion == "midpoint" and began <= midpoint <= today < final:
        return midpoint
    if occasion == "final" and began <= final <= today <= programme.ends_on:
        return final
    return None


def find_evaluations_due(now: datetime) -> list[jobs.Due]:
    today = site_day(now)
    rows = MatchMember.objects.filter(
        current=True,
        match__status__in=Match.RUNNING,
        match__programme__starts_on__lte=today + timedelta(days=1),
        match__programme__ends_on__gte=today - timedelta(days=1),
    ).values_list(
        "match",
        "match__programme",
        "match__started_at",
        "match__programme__starts_on",
        "match__programme__ends_on",
        "match__programme__midpoint_on",
        "enrolment__user_id",
        "enrolment__user__time_zone",
    )
    programmes: dict[int, Programme] = {}
    due = []
    for match_id, programme_id, started_at, starts, ends, midpoint, user_id, zone in rows:
        programme = programmes.setdefault(
            programme_id, Programme(starts_on=starts, ends_on=ends, midpoint_on=midpoint)
        )
        local_today = jobs.local_date(now, zone)
        for occasion in ("midpoint", "final"):
            day = _evaluation(occasion, programme, site_day(started_at), local_today)
            if day is not None and jobs.morning_of(day, zone, now):
                due.append(jobs.Due(user_id, _about(match_id), occasion, programme_id))
    return due


def send_evaluation_due(delivery: Delivery) -> None:
    match = _match(delivery)
    to = delivery.recipient
    day = None
    if match is not None and match.status in Match.RUNNING and _is_member(match, to.pk):
        today = jobs.local_date(timezone.now(), to.time_zone)
        day = _evaluation(delivery.occasion, match.programme, site_day(match.started_at), today)
    if day is None:
        jobs.drop(delivery)
        return
    emails.evaluation_due(to=to, match=match, occasion=delivery.occasion, day=day)


jobs.register(
    jobs.Job(
        name="follow-up-due",
        email=emails.FOLLOW_UP_DUE,
        label=_("Follow-ups due, to coordinators"),
        timing=_(
            "Each morning from 9:00 in the coordinator's time zone, when a follow-up fell "
            "due; scheduled ones at the programme's follow-ups (days after its start)"
        ),
        find=find_follow_ups_due,
        send=send_follow_ups_due,
    )
)
jobs.register(
    jobs.Job(
        name="quiet-nudge",
        email=emails.QUIET_NUDGE,
        label=_("Nudge when a relationship has gone quiet"),
        timing=_(
            "9:00 in each member's time zone, N weeks without a meeting held or planned "
            "(the programme's quiet weeks, else twice the agreed or the programme's cadence)"
        ),
        find=find_quiet_nudges,
        send=send_quiet_nudge,
    )
)
jobs.register(
    jobs.Job(
        name="quiet-escalation",
        email=emails.QUIET_ESCALATION,
        label=_("Quiet relationship, to coordinators"),
        timing=_("9:00 in the coordinator's time zone, N weeks after the nudge if still quiet"),
        find=find_quiet_escalations,
        send=send_quiet_escalation,
    )
)
jobs.register(
    jobs.Job(
        name="evaluation-due",
        email=emails.EVALUATION_DUE,
        label=_("Mid-point review and final evaluation due"),
        timing=_(
            "9:00 in each member's time zone on the programme's mid-point, and "
            "FINAL_EVALUATION_DAYS_BEFORE (7) days before its end"
        ),
        find=find_evaluations_due,
        send=send_evaluation_due,
    )
)

# Registered on import: the other parts of evaluations.
from . import review_reminders, survey_reminders  # noqa: E402, F401
