"""Relationship health: when a running relationship has gone quiet, read for many at once.

A relationship is **quiet** when it is running (forming or active — a paused one is not
quiet, it said so), nothing is planned or proposed ahead of now, and nothing has happened
for N weeks. "Happened" is the latest of:

- the relationship's start,
- the start of its last meeting held — or of a meeting still *planned* whose time has
  passed: until someone says it did not take place, it is taken to have (the meetings'
  "did you meet?" check turns it into held or missed),
- its return date from a pause (``paused_until``), if it has one.

N is the programme's ``quiet_weeks`` if set, else twice the interval of the pair's agreed
cadence, else of the programme's (``CADENCE_WEEKS``). A quiet **spell** begins on the day
N weeks after that latest moment (a day in the site's time zone, so that every member and
coordinator speaks of the same spell); the ladder's first step, a nudge to the members, is
due that day, and its second, a follow-up for the coordinators, N weeks later. A meeting
held or planned ends the spell; the next one begins on a later day, so it is a new spell
and nudges again.

Everything is read with one query per call (subqueries and ``Exists``, never a join that
repeats rows); the dates are worked out in Python over the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, Max, OuterRef, QuerySet, Subquery

from meetings.models import Meeting
from notifications import jobs
from programs.models import Programme
from relationships.models import Match, MatchMember

# Twice the interval: a pair that meets monthly is quiet after two months without a meeting.
CADENCE_WEEKS = {
    Programme.Cadence.WEEKLY: 2,
    Programme.Cadence.FORTNIGHTLY: 4,
    Programme.Cadence.MONTHLY: 8,
    Programme.Cadence.FLEXIBLE: 8,
}
DEFAULT_WEEKS = 8


def weeks_for(programme_weeks: int | None, agreed: str | None, programme_cadence: str) -> int:
    """The relationship's N: the programme's setting, else the pair's cadence, else the
    programme's. At least one week (0 would make every relationship quiet at once)."""
    if programme_weeks:
        return max(programme_weeks, 1)
    return CADENCE_WEEKS.get(agreed or programme_cadence, DEFAULT_WEEKS)


@dataclass(frozen=True)
class Spell:
    """A relationship quiet now: since which day, after how many weeks, and when its
    coordinators are to hear of it."""

    match_id: int
    programme_id: int
    weeks: int
    since: date  # the day the spell began (its first step is due)
    escalates_on: date  # the day of its second step, N weeks later
    last_met: datetime | None  # the last meeting held (or taken to have been)
    started_at: datetime
    ends_on: date  # the programme's end: no step after it


def site_day(moment: datetime) -> date:
    return jobs.local_date(moment, None)  # the site's TIME_ZONE


def _quiet(queryset: QuerySet, match: str, now: datetime) -> QuerySet:
    """``queryset`` (of matches, ``match="pk"``, or of rows with a ``match`` foreign key)
    narrowed to running relationships with nothing ahead, each with ``last_met``."""
    ahead = Meeting.objects.filter(
        match=OuterRef(match), status__in=Meeting.UPCOMING, starts_at__gt=now
    )
    met = (
        Meeting.objects.filter(
            match=OuterRef(match),
            status__in=(Meeting.Status.HELD, Meeting.Status.PLANNED),
            starts_at__lte=now,
        )
        .order_by()
        .values("match")
        .annotate(at=Max("starts_at"))
        .values("at")[:1]
    )
    prefix = "" if match == "pk" else f"{match}__"
    return (
        queryset.filter(**{f"{prefix}status__in": Match.RUNNING})
        .filter(~Exists(ahead))
        .annotate(last_met=Subquery(met))
    )


# What each row carries about its relationship, from a match's point of view.
_MATCH_FIELDS = (
    "pk",
    "programme",
    "started_at",
    "last_met",
    "paused_until",
    "programme__quiet_weeks",
    "agreement__cadence",
    "programme__meeting_cadence",
    "programme__ends_on",
)


def _spell(row: tuple, now: datetime) -> Spell | None:
    match_id, programme_id, started_at, last_met, paused_until, weeks, agreed, cadence, ends = row
    weeks = weeks_for(weeks, agreed, cadence)
    latest = max(
        day
        for day in (
            site_day(started_at),
            site_day(last_met) if last_met else None,
            paused_until,
        )
        if day is not None
    )
    since = latest + timedelta(weeks=weeks)
    if since > site_day(now):
        return None
    return Spell(
        match_id=match_id,
        programme_id=programme_id,
        weeks=weeks,
        since=since,
        escalates_on=since + timedelta(weeks=weeks),
        last_met=last_met,
        started_at=started_at,
        ends_on=ends,
    )


def quiet_spells(now: datetime, matches: QuerySet[Match] | None = None) -> list[Spell]:
    """The relationships quiet now (of ``matches``, else of all), one query."""
    queryset = _quiet(Match.objects.all() if matches is None else matches, "pk", now)
    # None can be quiet sooner than a week after it began.
    queryset = queryset.filter(started_at__lte=now - timedelta(weeks=1))
    spells = (_spell(row, now) for row in queryset.values_list(*_MATCH_FIELDS).iterator())
    return [spell for spell in spells if spell is not None]


def quiet_members(now: datetime, matches: QuerySet[Match] | None = None):
    """``(spell, user id, time zone)`` for every current member of a relationship quiet now,
    one query."""
    members = MatchMember.objects.filter(current=True)
    if matches is not None:
        members = members.filter(match__in=matches)
    queryset = _quiet(members, "match", now).filter(match__started_at__lte=now - timedelta(weeks=1))
    fields = ["match", *(f"match__{name}" for name in _MATCH_FIELDS[1:])]
    fields[fields.index("match__last_met")] = "last_met"
    for row in queryset.values_list(
        *fields, "enrolment__user_id", "enrolment__user__time_zone"
    ).iterator():
        spell = _spell(row[:-2], now)
        if spell is not None:
            yield spell, row[-2], row[-1]
