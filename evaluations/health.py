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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from goals.models import Goal
from meetings.models import Meeting
from programs.models import Programme
from relationships.models import FitCheck, Match, MatchMember

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
    """The day ``moment`` falls on in the site's ``TIME_ZONE`` (read once, not per call:
    the health of thousands of relationships asks it several times each)."""
    return moment.astimezone(timezone.get_default_timezone()).date()


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


# --- Health: a state for each relationship, with its reasons in words -----------------
#
# Each rule reads one fact per relationship (all of them in one query, ``_facts``) and
# compares it with the programme's threshold (``Programme.health_*``; the coordinators'
# guide lists them):
#
# =====================  ==========================================  =================
# rule                   when                                        makes it
# =====================  ==========================================  =================
# no meeting             days since the last meeting (or the start,  needs attention,
#                        or the return from a pause), nothing        at risk
#                        planned ahead                               (two thresholds)
# fit check              a member answered "no" / "not sure"         at risk / attention
# goals off track        at least N of its goals are off track       needs attention
# agreement unsigned     not signed by everyone N days after the     needs attention
#                        match (where the programme asks for one)
# mid-point review       not written by every member N days after    needs attention
#                        the programme's mid-point (or the match,
#                        if later)
# latest report          the lowest "how it is going" of the         1: at risk,
#                        members' latest reports is 1 or 2           2: attention
# =====================  ==========================================  =================
#
# The last two are the mid-point review's and the reports' (``review_health``), added
# through ``extra_facts``, ``extra_reads`` and ``extra_rules``.
#
# A relationship with no reason is *on track*, or *too early to tell* in its first days
# (``health_too_early_days``). A paused one is judged too, but its days without a meeting
# count from its return date.


class State:
    ON_TRACK = "on_track"
    ATTENTION = "attention"
    AT_RISK = "at_risk"
    TOO_EARLY = "too_early"

    # Worst first: the order of the inbox and of the charts.
    ORDER = (AT_RISK, ATTENTION, TOO_EARLY, ON_TRACK)


STATE_LABELS = {
    State.ON_TRACK: _("On track"),
    State.ATTENTION: _("Needs attention"),
    State.AT_RISK: _("At risk"),
    State.TOO_EARLY: _("Too early to tell"),
}


#: Each rule's words, by its code, with the reason's number as ``n``. Later parts of
#: evaluations add theirs (``review_health``).
REASON_WORDS = {
    "no_meeting": ngettext_lazy("No meeting in %(n)d day", "No meeting in %(n)d days", "n"),
    "fit_no": ngettext_lazy(
        "Fit check: %(n)d member answered no", "Fit check: %(n)d members answered no", "n"
    ),
    "fit_not_sure": ngettext_lazy(
        "Fit check: %(n)d member is not sure", "Fit check: %(n)d members are not sure", "n"
    ),
    "goals_off_track": ngettext_lazy("%(n)d goal off track", "%(n)d goals off track", "n"),
    "agreement_unsigned": ngettext_lazy(
        "Agreement unsigned after %(n)d day", "Agreement unsigned after %(n)d days", "n"
    ),
}


@dataclass(frozen=True)
class Reason:
    """One reason in words. ``code`` names the rule (for filters and tests), ``severity``
    is the state it makes, ``number`` the figure it reports."""

    code: str
    severity: str
    number: int = 0

    def __str__(self) -> str:
        words = REASON_WORDS.get(self.code)
        return str(words % {"n": self.number}) if words is not None else self.code


@dataclass(frozen=True)
class Health:
    match_id: int
    programme_id: int
    state: str
    reasons: tuple[Reason, ...]

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def needs_action(self) -> bool:
        return self.state in (State.AT_RISK, State.ATTENTION)


#: ``(match_ref) -> {name: expression}``: facts a later part of evaluations adds (the
#: mid-point reviews written), read in the same query.
extra_facts: list[Callable[[OuterRef], dict]] = []
#: ``name -> (match ids) -> {match id: value}``: facts read in one more query each (the
#: latest reports), put in each row under ``name`` (None where there is none).
extra_reads: dict[str, Callable] = {}
#: ``(facts row, programme row, today) -> Reason | None``: the rules over those facts.
extra_rules: list[Callable] = []


def _count_of(queryset, path: str = "match"):
    counted = queryset.order_by().values(path).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _facts(matches: QuerySet[Match], now: datetime) -> QuerySet:
    ref = OuterRef("pk")
    ahead = Meeting.objects.filter(match=ref, status__in=Meeting.UPCOMING, starts_at__gt=now)
    met = (
        Meeting.objects.filter(
            match=ref,
            status__in=(Meeting.Status.HELD, Meeting.Status.PLANNED),
            starts_at__lte=now,
        )
        .order_by()
        .values("match")
        .annotate(at=Max("starts_at"))
        .values("at")[:1]
    )
    answers = FitCheck.objects.filter(match=ref, member__current=True)
    extra = {}
    for facts in extra_facts:
        extra.update(facts(ref))
    return matches.annotate(
        h_ahead=Exists(ahead),
        h_last_met=Subquery(met),
        h_fit_no=_count_of(answers.filter(answer=FitCheck.Answer.NO)),
        h_fit_not_sure=_count_of(answers.filter(answer=FitCheck.Answer.NOT_SURE)),
        h_off_track=_count_of(Goal.objects.filter(match=ref, status=Goal.Status.OFF_TRACK)),
        h_members=_count_of(MatchMember.objects.filter(match=ref, current=True)),
        **extra,
    )


_PROGRAMME_FIELDS = (
    "agreement_required",
    "starts_on",
    "ends_on",
    "midpoint_on",
    "health_attention_days",
    "health_risk_days",
    "health_agreement_days",
    "health_goals_off_track",
    "health_review_grace_days",
    "health_too_early_days",
)


def _rules(row: dict, today: date) -> list[Reason]:
    reasons = []
    p = row["programme"]
    since = max(
        day
        for day in (
            site_day(row["started_at"]),
            site_day(row["h_last_met"]) if row["h_last_met"] else None,
            row["paused_until"] if row["paused_until"] and row["paused_until"] <= today else None,
        )
        if day is not None
    )
    quiet_days = (today - since).days
    paused = row["status"] == Match.Status.PAUSED
    if not row["h_ahead"] and not paused:
        if quiet_days >= p["health_risk_days"]:
            reasons.append(Reason("no_meeting", State.AT_RISK, quiet_days))
        elif quiet_days >= p["health_attention_days"]:
            reasons.append(Reason("no_meeting", State.ATTENTION, quiet_days))
    if row["h_fit_no"]:
        reasons.append(Reason("fit_no", State.AT_RISK, row["h_fit_no"]))
    if row["h_fit_not_sure"]:
        reasons.append(Reason("fit_not_sure", State.ATTENTION, row["h_fit_not_sure"]))
    if row["h_off_track"] >= p["health_goals_off_track"]:
        reasons.append(Reason("goals_off_track", State.ATTENTION, row["h_off_track"]))
    age = (today - site_day(row["started_at"])).days
    if (
        p["agreement_required"]
        and row["agreement_signed_at"] is None
        and age >= p["health_agreement_days"]
    ):
        reasons.append(Reason("agreement_unsigned", State.ATTENTION, age))
    for rule in extra_rules:
        reason = rule(row, p, today)
        if reason is not None:
            reasons.append(reason)
    return reasons


def _state(reasons: list[Reason], age: int, too_early: int) -> str:
    if any(r.severity == State.AT_RISK for r in reasons):
        return State.AT_RISK
    if reasons:
        return State.ATTENTION
    return State.TOO_EARLY if age < too_early else State.ON_TRACK


def assess(matches: QuerySet[Match], now: datetime) -> dict[int, Health]:
    """The health of every current relationship of ``matches`` (ended ones have none),
    keyed by match id: two queries and one for each of ``extra_reads``, whatever their
    number."""
    queryset = _facts(matches.filter(status__in=Match.CURRENT), now).order_by()
    facts = ["h_ahead", "h_last_met", "h_fit_no", "h_fit_not_sure", "h_off_track", "h_members"]
    for extra in extra_facts:
        facts.extend(extra(OuterRef("pk")))
    rows = list(
        queryset.values(
            "pk",
            "programme_id",
            "status",
            "started_at",
            "paused_until",
            "agreement_signed_at",
            *facts,
        )
    )
    for name, read in extra_reads.items():
        found = read([row["pk"] for row in rows])
        for row in rows:
            row[name] = found.get(row["pk"])
    programmes = {
        row["pk"]: row
        for row in Programme.objects.filter(pk__in={r["programme_id"] for r in rows}).values(
            "pk", *_PROGRAMME_FIELDS
        )
    }
    today = site_day(now)
    found = {}
    for row in rows:
        row["programme"] = programmes[row["programme_id"]]
        reasons = _rules(row, today)
        reasons.sort(key=lambda r: State.ORDER.index(r.severity))
        age = (today - site_day(row["started_at"])).days
        state = _state(reasons, age, row["programme"]["health_too_early_days"])
        found[row["pk"]] = Health(row["pk"], row["programme_id"], state, tuple(reasons))
    return found


def health_of(match: Match, now: datetime | None = None) -> Health | None:
    """One relationship's health (None once it has ended)."""
    found = assess(Match.objects.filter(pk=match.pk), now or timezone.now())
    return found.get(match.pk)
