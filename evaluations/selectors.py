"""Reads for follow-ups: who coordinates what, which follow-ups are due, for many at once.

Follow-ups are coordinators' work: they are reached through the programmes a coordinator
coordinates (``programs.selectors.coordinated``), never by participants.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from programs.models import Programme
from programs.selectors import coordinated
from relationships.models import Match, MatchMember

from .health import site_day
from .models import FollowUp


def coordinator_rows(programme_ids: Iterable[int] | None = None):
    """``(programme id, user id, time zone)`` of every coordinator with admin access (the
    one definition in ``programs.selectors``: named, staff, active), one query."""
    rows = Programme.coordinators.through.objects.filter(user__is_staff=True, user__is_active=True)
    if programme_ids is not None:
        rows = rows.filter(programme_id__in=list(programme_ids))
    return rows.values_list("programme_id", "user_id", "user__time_zone")


def follow_ups_for_coordinator(user: User) -> QuerySet[FollowUp]:
    return coordinated(FollowUp.objects.all(), user, "match__programme")


def with_names(follow_ups: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    """Each follow-up with its relationship, programme and members' names: a fixed number
    of queries for any number of rows."""
    members = MatchMember.objects.select_related("enrolment__user")
    return follow_ups.select_related("match__programme", "done_by").prefetch_related(
        Prefetch("match__members", queryset=members)
    )


def member_names(match: Match) -> str:
    """The relationship as coordinators name it: its current members (all, once ended)."""
    members = list(match.members.all())
    shown = [m for m in members if m.current] or members
    return " · ".join(m.enrolment.user.public_name for m in shown)


@dataclass(frozen=True)
class ScheduledDue:
    """A scheduled follow-up that is due and not yet made."""

    match_id: int
    programme_id: int
    offset: int
    due_on: date


def scheduled_due(until: date, programme_ids: Iterable[int] | None = None) -> list[ScheduledDue]:
    """The programme's follow-ups (``follow_up_offsets``, days after its start) due by
    ``until`` for running relationships that do not have them yet; two queries.

    An offset whose day came before the relationship began is not its own (a pair formed
    late is not owed the first month's call), nor one after the programme's end."""
    matches = Match.objects.filter(status__in=Match.RUNNING).exclude(
        programme__follow_up_offsets=[]
    )
    if programme_ids is not None:
        matches = matches.filter(programme_id__in=list(programme_ids))
    # Nothing is due before the programme began.
    matches = matches.filter(programme__starts_on__lte=until)
    rows = list(
        matches.values_list(
            "pk",
            "programme",
            "started_at",
            "programme__starts_on",
            "programme__ends_on",
            "programme__follow_up_offsets",
        )
    )
    if not rows:
        return []
    made = set(
        FollowUp.objects.filter(
            reason=FollowUp.Reason.SCHEDULED, match__in=matches, offset__isnull=False
        ).values_list("match_id", "offset")
    )
    due = []
    for match_id, programme_id, started_at, starts_on, ends_on, offsets in rows:
        began = site_day(started_at)
        for offset in offsets or ():
            if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
                continue  # the programme's form refuses these; an old row may hold one
            day = starts_on + timedelta(days=offset)
            if began <= day <= min(until, ends_on) and (match_id, offset) not in made:
                due.append(ScheduledDue(match_id, programme_id, offset, day))
    return due


def open_follow_ups(programme_ids: Iterable[int], until: date) -> QuerySet[FollowUp]:
    """Follow-ups not yet done and due by ``until``, of running relationships."""
    return FollowUp.objects.filter(
        done_on__isnull=True,
        due_on__lte=until,
        match__status__in=Match.RUNNING,
        match__programme_id__in=list(programme_ids),
    )


def programmes_of(user: User) -> list[int]:
    """The programmes ``user`` is named coordinator of and may reach in the admin (an
    administrator's other programmes are not theirs to follow up)."""
    return list(
        Programme.coordinators.through.objects.filter(
            user=user, user__is_staff=True, user__is_active=True
        ).values_list("programme_id", flat=True)
    )
