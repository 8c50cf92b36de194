"""The coordinators' weekly overview: what needs them in their running programmes.

Monday from nine in the morning (the coordinator's clock), once per week, one e-mail per
coordinator: relationships at risk (gone quiet, a fit-check "no" or "not sure"), follow-ups
due this week or overdue, agreements unsigned after a week, relationships paused and when
they return, and the events of the next two weeks. Counts and names only — never what
anyone wrote. Nothing to tell, no e-mail. Read in a fixed number of queries per
coordinator, however large the programmes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from evaluations.health import quiet_spells
from evaluations.models import FollowUp
from events.models import RSVP, Event
from notifications import emails, jobs, kinds
from notifications.models import Delivery
from programs.models import Programme
from relationships.models import FitCheck, Match, MatchMember

EMAIL = "coordinator-digest"
UNSIGNED_AFTER = timedelta(days=7)
EVENTS_AHEAD = timedelta(days=14)
LISTED = 20  # rows per section; the rest as a count, with the admin link

kinds.register(
    kinds.Kind(
        EMAIL,
        _("Weekly overview of your programmes (coordinators)"),
        (EMAIL,),
        _(
            "On Monday morning: relationships at risk, follow-ups due, unsigned agreements, "
            "pauses and the coming events."
        ),
        digest=False,
        audience="coordinators",
        order=210,
    )
)

ACTIVE_PROGRAMMES = (Programme.Status.RUNNING, Programme.Status.CLOSING)


def _week(day) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def find(now: datetime) -> list[jobs.Due]:
    rows = (
        Programme.coordinators.through.objects.filter(
            user__is_staff=True, user__is_active=True, programme__status__in=ACTIVE_PROGRAMMES
        )
        .values_list("user_id", "user__time_zone")
        .distinct()
    )
    due = []
    for user_id, zone in rows:
        day = jobs.local_date(now, zone)
        if day.weekday() == 0 and jobs.morning_of(day, zone, now):
            due.append(jobs.Due(user_id, f"accounts.user:{user_id}", _week(day)))
    return due


@dataclass
class Row:
    label: str
    detail: str = ""
    url: str = ""


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)
    total: int = 0
    more_url: str = ""

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


def _admin(name: str, *args, query: str = "") -> str:
    return emails.absolute_url(reverse(f"admin:{name}", args=args) + query)


def _names(match: Match) -> str:
    return " · ".join(m.enrolment.user.public_name for m in match.members.all() if m.current)


def _matches(ids):
    members = MatchMember.objects.filter(current=True).select_related("enrolment__user")
    return Match.objects.filter(pk__in=ids).prefetch_related(Prefetch("members", queryset=members))


def overview(user: User, now: datetime) -> list[Section]:
    """The sections of ``user``'s overview, empty ones left out."""
    programmes = list(
        Programme.objects.filter(coordinators=user, status__in=ACTIVE_PROGRAMMES).values_list(
            "pk", flat=True
        )
    )
    today = jobs.local_date(now, user.time_zone)
    mine = Match.objects.filter(programme_id__in=programmes)
    sections = []

    spells = sorted(quiet_spells(now, mine), key=lambda spell: spell.since)
    doubts = (
        FitCheck.objects.filter(
            match__in=mine.filter(status__in=Match.CURRENT),
            member__current=True,
            answer__in=(FitCheck.Answer.NO, FitCheck.Answer.NOT_SURE),
        )
        .order_by("answer", "-answered_at")
        .values_list("match_id", "answer")
    )
    doubts = list(doubts)
    at_risk_ids = [spell.match_id for spell in spells] + [m for m, _a in doubts]
    by_id = {match.pk: match for match in _matches(at_risk_ids[: 2 * LISTED])}
    risk = Section(
        str(_("Relationships at risk")),
        total=len(set(at_risk_ids)),
        more_url=_admin("relationships_match_changelist"),
    )
    seen = set()
    for spell in spells:
        if spell.match_id in by_id and len(risk.rows) < LISTED:
            seen.add(spell.match_id)
            weeks = (today - spell.since).days // 7 + spell.weeks
            risk.rows.append(
                Row(
                    _names(by_id[spell.match_id]),
                    ngettext(
                        "no meeting held or planned for %(weeks)d week",
                        "no meeting held or planned for %(weeks)d weeks",
                        weeks,
                    )
                    % {"weeks": weeks},
                    _admin("relationships_match_change", spell.match_id),
                )
            )
    labels = dict(FitCheck.Answer.choices)
    for match_id, answer in doubts:
        if match_id in by_id and match_id not in seen and len(risk.rows) < LISTED:
            seen.add(match_id)
            risk.rows.append(
                Row(
                    _names(by_id[match_id]),
                    str(_("fit check: %(answer)s")) % {"answer": str(labels[answer]).lower()},
                    _admin("relationships_match_change", match_id),
                )
            )
    sections.append(risk)

    open_follow_ups = FollowUp.objects.filter(
        match__in=mine, done_on__isnull=True, due_on__lte=today + timedelta(days=6)
    )
    follow = Section(
        str(_("Follow-ups due this week")),
        total=open_follow_ups.count(),
        more_url=_admin("evaluations_followup_changelist", query="?state=open"),
    )
    listed = list(
        open_follow_ups.order_by("due_on", "pk").values_list("pk", "match_id", "due_on")[:LISTED]
    )
    by_id = {match.pk: match for match in _matches([m for _pk, m, _d in listed])}
    for pk, match_id, due_on in listed:
        follow.rows.append(
            Row(
                _names(by_id[match_id]),
                str(_("overdue since %(day)s") if due_on < today else _("due %(day)s"))
                % {"day": _day(due_on)},
                _admin("evaluations_followup_change", pk),
            )
        )
    sections.append(follow)

    unsigned = mine.filter(
        status=Match.Status.FORMING, started_at__lte=now - UNSIGNED_AFTER
    ).order_by("started_at")
    agreements = Section(
        str(_("Agreements unsigned after a week")),
        total=unsigned.count(),
        more_url=_admin("relationships_match_changelist", query="?status__exact=forming"),
    )
    for match in _matches(list(unsigned.values_list("pk", flat=True)[:LISTED])).order_by(
        "started_at"
    ):
        agreements.rows.append(
            Row(
                _names(match),
                str(_("matched %(day)s")) % {"day": _day(timezone.localdate(match.started_at))},
                _admin("relationships_match_change", match.pk),
            )
        )
    sections.append(agreements)

    paused = mine.filter(status=Match.Status.PAUSED).order_by("paused_until")
    pauses = Section(
        str(_("Paused")),
        total=paused.count(),
        more_url=_admin("relationships_match_changelist", query="?status__exact=paused"),
    )
    for match in _matches(list(paused.values_list("pk", flat=True)[:LISTED])).order_by(
        "paused_until"
    ):
        pauses.rows.append(
            Row(
                _names(match),
                str(_("back on %(day)s")) % {"day": _day(match.paused_until)}
                if match.paused_until
                else "",
                _admin("relationships_match_change", match.pk),
            )
        )
    sections.append(pauses)

    going = (
        RSVP.objects.filter(event=OuterRef("pk"), status=RSVP.Status.GOING)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    coming = (
        Event.objects.filter(
            programme_id__in=programmes,
            published=True,
            starts_at__gte=now,
            starts_at__lte=now + EVENTS_AHEAD,
        )
        .annotate(going=Coalesce(Subquery(going), 0))
        .order_by("starts_at")
    )
    events = Section(
        str(_("Events in the next two weeks")),
        total=coming.count(),
        more_url=_admin("events_event_changelist"),
    )
    for event in coming[:LISTED]:
        events.rows.append(
            Row(
                event.title,
                str(_("%(when)s, %(going)d going"))
                % {"when": _moment(event.starts_at), "going": event.going},
                _admin("events_event_change", event.pk),
            )
        )
    sections.append(events)
    return [section for section in sections if section.total]


def _day(day) -> str:
    return date_format(day, "MONTH_DAY_FORMAT")


def _moment(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def send(delivery: Delivery) -> None:
    user = delivery.recipient
    if not user.is_staff or not user.is_active:
        jobs.drop(delivery)
        return
    # Read in the coordinator's language and zone: the sections' words and dates too.
    with translation.override(user.preferred_language), timezone.override(user.time_zone):
        sections = overview(user, timezone.now())
    if not sections:
        jobs.drop(delivery)  # nothing needs them this week
        return
    emails.send(
        EMAIL,
        to=user,
        about=user,
        occasion=delivery.occasion,
        context={
            "sections": sections,
            "admin_url": emails.absolute_url(reverse("admin:index")),
        },
    )


jobs.register(
    jobs.Job(
        name=EMAIL,
        email=EMAIL,
        label=_("Weekly overview for coordinators"),
        timing=_("Mondays from 9:00 in each coordinator's time zone"),
        find=find,
        send=send,
        every_minutes=30,
    )
)
