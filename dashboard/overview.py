"""Reads for the coordinators' dashboard: one programme's, or the roll-up of every programme
a coordinator runs.

Everything here is facts *about* relationships — dates, counts, statuses, health and its
reasons — never what anyone wrote: no note, message, goal, report or answer text reaches
the dashboard or its exports. Each read is a fixed number of queries, whatever the number of
relationships (counts come from grouped queries and subqueries, never from a join that
repeats rows), and the tests hold it to that at 10 and at 2,000 relationships.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncMonth
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from evaluations.health import STATE_LABELS, Health, State, assess, site_day
from evaluations.review_selectors import report_counts, reports_overdue
from evaluations.selectors import member_names, open_follow_ups
from evaluations.survey_selectors import (
    nps_counts,
    satisfaction_by_role,
    survey_results,
    surveys_overdue,
)
from goals.models import Goal
from intake.models import Application
from meetings.models import Meeting
from programs.models import Enrolment, Programme
from relationships.models import Match, MatchMember

# Rows an inbox section lists; the rest are a link away.
INBOX_ROWS = 50


@dataclass(frozen=True)
class Step:
    """One step of the funnel: how many people reached it, and their share of the first."""

    label: str
    count: int
    share: float | None


@dataclass
class InboxRow:
    """Something that needs a coordinator: what, about whom, why, and what to do."""

    match_id: int | None
    programme: Programme
    names: str
    health: Health | None = None
    reasons: list[str] = field(default_factory=list)
    due_on: date | None = None
    actions: list[tuple[str, str]] = field(default_factory=list)  # (label, url)


@dataclass
class Section:
    key: str
    title: str
    rows: list[InboxRow]
    total: int
    more_url: str = ""
    nudge: bool = False  # rows can be nudged in bulk
    capped: bool = True  # a row each, the first INBOX_ROWS of ``total``
    dated: bool = False  # rows have a day they were due


@dataclass(frozen=True)
class EarlyEnds:
    category: str  # a Match.EndCategory, or "" for an early end without one
    label: str
    count: int
    by_member: int
    by_coordinator: int


def early_ends_by_category(early: list[tuple[str, bool]]) -> list[EarlyEnds]:
    """``early``: (category, ended by a member) per relationship that ended early."""
    rows = []
    for category, label in [*Match.EndCategory.choices, ("", _("No category recorded"))]:
        found = [by_member for value, by_member in early if value == category]
        if found or category:
            rows.append(
                EarlyEnds(
                    category=category,
                    label=str(label),
                    count=len(found),
                    by_member=sum(found),
                    by_coordinator=len(found) - sum(found),
                )
            )
    return rows


@dataclass
class Outcomes:
    ended: int
    completed: int
    ended_early: int
    early_by_member: int
    early_by_coordinator: int
    average_days: float | None
    goals_total: int
    goals_completed: int
    relationships: int
    reached_minimum: int
    average_held: float | None
    average_minimum: float | None
    reports_due: int = 0
    reports_written: int = 0
    report_mean: float | None = None
    # Ended early by category: one row per category (in the list's order, "no category
    # recorded" last), with who ended them, as the measure above splits them.
    early_by_category: list[EarlyEnds] = field(default_factory=list)

    @property
    def early_rate(self) -> float | None:
        return self.ended_early / self.ended if self.ended else None

    @property
    def goals_rate(self) -> float | None:
        return self.goals_completed / self.goals_total if self.goals_total else None

    @property
    def reports_rate(self) -> float | None:
        return self.reports_written / self.reports_due if self.reports_due else None

    @property
    def minimum_rate(self) -> float | None:
        return self.reached_minimum / self.relationships if self.relationships else None


@dataclass
class ProgrammeRow:
    """The roll-up's line for one programme."""

    programme: Programme
    relationships: int
    states: dict[str, int]
    held: int


@dataclass
class Dashboard:
    programmes: list[Programme]
    funnel: list[Step]
    states: list[tuple[str, str, int]]  # (state, label, count), worst first
    inbox: list[Section]
    meetings_by_month: list[tuple[date, int]]
    expected_per_month: float | None
    goals_by_status: list[tuple[str, str, int]]  # (status, label, count)
    outcomes: Outcomes
    rows: list[ProgrammeRow]
    surveys: list = field(default_factory=list)  # SurveyResult, each survey × occasion opened
    satisfaction: dict = field(default_factory=dict)  # role -> (mean 1–5, answers)
    nps: tuple[int, int, int] = (0, 0, 0)  # promoters, passives, detractors

    @property
    def funnel_base(self) -> int:
        """The funnel's widest step, which its bars are drawn against."""
        return max((step.count for step in self.funnel), default=0) or 1

    @property
    def relationship_count(self) -> int:
        return sum(count for _state, _label, count in self.states)


def _admin(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


def _match_url(match_id: int) -> str:
    return _admin("relationships_match_change", match_id)


# --- The funnel -----------------------------------------------------------------------


def funnel(programme_ids: list[int]) -> list[Step]:
    """Applied (or enrolled directly) → accepted → matched → agreement signed → active →
    completed, in people: four queries. A person counts once at each step, however many
    relationships they were in (``COUNT(DISTINCT …)`` over members, each joined to its
    one relationship)."""
    sent = Application.objects.filter(programme_id__in=programme_ids).exclude(
        status=Application.Status.DRAFT
    )
    own = sent.filter(programme=OuterRef("programme"), user=OuterRef("user"))
    enrolled = Enrolment.objects.filter(programme_id__in=programme_ids).aggregate(
        accepted=Count("pk"), direct=Count("pk", filter=~Q(Exists(own)))
    )
    # Everyone who came in: by an application, or enrolled by the coordinator (an import).
    applied = sent.count() + enrolled["direct"]
    accepted = enrolled["accepted"]

    def people(**where):
        return Count("enrolment", distinct=True, filter=Q(**where) if where else None)

    members = MatchMember.objects.filter(match__programme_id__in=programme_ids).aggregate(
        matched=people(),
        signed=people(match__agreement_signed_at__isnull=False),
        active=people(current=True, match__status__in=(Match.Status.ACTIVE, Match.Status.PAUSED)),
        completed=people(match__status=Match.Status.COMPLETED),
    )
    counts = [
        (_("Applied or enrolled directly"), applied),
        (_("Accepted"), accepted),
        (_("Matched"), members["matched"]),
        (_("Agreement signed"), members["signed"]),
        (_("Active"), members["active"]),
        (_("Completed"), members["completed"]),
    ]
    first = applied
    return [Step(str(label), n, n / first if first else None) for label, n in counts]


# --- The inbox ------------------------------------------------------------------------


def _names(match_ids: list[int]) -> dict[int, str]:
    """Each relationship's members as coordinators name it: one query."""
    members = MatchMember.objects.select_related("enrolment__user")
    matches = Match.objects.filter(pk__in=match_ids).prefetch_related(
        Prefetch("members", queryset=members)
    )
    return {match.pk: member_names(match) for match in matches}


def _health_section(healths: list[Health], programmes: dict[int, Programme]) -> Section:
    needing = [h for h in healths if h.needs_action]
    needing.sort(key=lambda h: (State.ORDER.index(h.state), -len(h.reasons), h.match_id))
    shown = needing[:INBOX_ROWS]
    names = _names([h.match_id for h in shown])
    rows = []
    for health in shown:
        follow_up = _admin("evaluations_followup_add") + f"?match={health.match_id}"
        rows.append(
            InboxRow(
                match_id=health.match_id,
                programme=programmes[health.programme_id],
                names=names.get(health.match_id, ""),
                health=health,
                reasons=[str(reason) for reason in health.reasons],
                actions=[
                    (str(_("Open")), _match_url(health.match_id)),
                    (str(_("Log a follow-up")), follow_up),
                    (
                        str(_("End and rematch")),
                        _admin("relationships_match_end_early", health.match_id),
                    ),
                ],
            )
        )
    return Section(
        "health",
        str(_("Relationships that need you")),
        rows,
        len(needing),
        more_url=_admin("relationships_match_changelist"),
        nudge=True,
    )


def _follow_ups_section(programme_ids, programmes, today: date) -> Section:
    due = open_follow_ups(programme_ids, today).order_by("due_on", "pk")
    total = due.count()
    shown = list(due.select_related("match")[:INBOX_ROWS])
    names = _names([f.match_id for f in shown])
    rows = [
        InboxRow(
            match_id=f.match_id,
            programme=programmes[f.match.programme_id],
            names=names.get(f.match_id, ""),
            reasons=[str(f.get_reason_display())],
            due_on=f.due_on,
            actions=[
                (str(_("Log it")), _admin("evaluations_followup_change", f.pk)),
                (str(_("Open")), _match_url(f.match_id)),
            ],
        )
        for f in shown
    ]
    more = _admin("evaluations_followup_changelist") + "?state=open"
    return Section("follow_ups", str(_("Follow-ups due")), rows, total, more_url=more, dated=True)


# A report not yet written is listed once this many days or fewer are left to write it.
REPORT_DAYS_LEFT = 7


def _reports_section(programme_ids, programmes, today: date) -> Section:
    """Relationships whose members have not yet written the report of the period open
    now and have a week or less left to (its period closes when the next opens), a row per
    relationship with the last day to write it: three queries."""
    by_match: dict[int, list] = defaultdict(list)
    last_day: dict[int, date] = {}
    for row in reports_overdue(programme_ids, today):
        weeks = programmes[row.programme_id].report_every_weeks or 1
        until = row.due_on + timedelta(weeks=weeks, days=-1)
        if (until - today).days <= REPORT_DAYS_LEFT:
            by_match[row.match_id].append(row)
            last_day[row.match_id] = min(until, last_day.get(row.match_id, until))
    shown = sorted(by_match, key=lambda m: (last_day[m], m))[:INBOX_ROWS]
    users = {r.user_id for m in shown for r in by_match[m]}
    people = (
        dict(User.objects.filter(pk__in=users).values_list("pk", "display_name")) if users else {}
    )
    names = _names(shown)
    rows = []
    for match_id in shown:
        missing = by_match[match_id]
        rows.append(
            InboxRow(
                match_id=match_id,
                programme=programmes[missing[0].programme_id],
                names=names.get(match_id, ""),
                reasons=[
                    _("Report %(period)d not yet written by %(names)s")
                    % {
                        "period": missing[0].period,
                        "names": ", ".join(sorted(people.get(r.user_id) or "–" for r in missing)),
                    }
                ],
                due_on=last_day[match_id],
                actions=[(str(_("Open")), _match_url(match_id))],
            )
        )
    more = _admin("evaluations_participantreport_changelist")
    return Section(
        "reports",
        str(_("Reports to write within a week")),
        rows,
        len(by_match),
        more_url=more,
        nudge=True,
        dated=True,
    )


def _surveys_section(programme_ids, programmes, today: date, results) -> Section:
    """Each survey occasion open now with members who have not answered it: how many of
    how many, and when it closes (who has not answered, never what anyone answered)."""
    missing: dict[tuple[int, str], int] = defaultdict(int)
    first: dict[tuple[int, str], object] = {}
    for row in surveys_overdue(programme_ids, today):
        missing[(row.survey_id, row.occasion)] += 1
        first.setdefault((row.survey_id, row.occasion), row)
    invited = {(r.survey_id, r.occasion): r.invited for r in results}
    rows = []
    for key in sorted(missing, key=lambda k: (first[k].closes_on, k)):
        row = first[key]
        rows.append(
            InboxRow(
                match_id=None,
                programme=programmes[row.programme_id],
                names=str(row.title),
                reasons=[
                    _("%(missing)d of %(invited)d have not answered")
                    % {"missing": missing[key], "invited": invited.get(key, missing[key])}
                ],
                due_on=row.closes_on,
                actions=[
                    (
                        str(_("Results")),
                        _admin("evaluations_survey_results", row.survey_id)
                        + f"?occasion={row.occasion}",
                    )
                ],
            )
        )
    return Section(
        "surveys",
        str(_("Surveys open, not yet answered by all")),
        rows[:INBOX_ROWS],
        len(rows),
        more_url=_admin("evaluations_survey_changelist"),
        dated=True,
    )


# Names listed per programme and role among the people still unmatched.
UNMATCHED_NAMES = 5


def _unmatched_section(programme_ids, programmes) -> Section:
    """Per programme and role, how many active people have no current relationship, the
    first few by name, and the way to the programme's matching: two queries."""
    current = MatchMember.objects.filter(enrolment=OuterRef("pk"), current=True)
    waiting = (
        Enrolment.objects.filter(
            programme_id__in=programme_ids,
            status=Enrolment.Status.ACTIVE,
            programme__status__in=(Programme.Status.MATCHING, Programme.Status.RUNNING),
        )
        .filter(~Exists(current))
        .order_by()
    )
    groups = list(
        waiting.values_list("programme_id", "role")
        .annotate(n=Count("pk"))
        .order_by("programme_id", "role")
    )
    names: dict[tuple[int, str], list[str]] = defaultdict(list)
    first = waiting.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("programme_id"), F("role")],
            order_by=[F("user__display_name").asc(), F("pk").asc()],
        )
    ).filter(rank__lte=UNMATCHED_NAMES)
    for programme_id, role, name, email in first.values_list(
        "programme_id", "role", "user__display_name", "user__email"
    ):
        names[(programme_id, role)].append(name or email)
    roles = dict(Enrolment.Role.choices)
    rows = []
    for programme_id, role, count in groups:
        shown = names[(programme_id, role)]
        listed = ", ".join(shown)
        if count > len(shown):
            listed = _("%(names)s and %(count)d more") % {
                "names": listed,
                "count": count - len(shown),
            }
        rows.append(
            InboxRow(
                match_id=None,
                programme=programmes[programme_id],
                names=listed,
                reasons=[f"{roles.get(role, role)}: {count}"],
                actions=[(str(_("Match")), _admin("matching_programme", programme_id))],
            )
        )
    total = sum(count for _p, _r, count in groups)
    return Section("unmatched", str(_("People still unmatched")), rows, total, capped=False)


# --- Charts and outcomes --------------------------------------------------------------


def meetings_by_month(programme_ids: list[int]) -> list[tuple[date, int]]:
    rows = (
        Meeting.objects.filter(match__programme_id__in=programme_ids, status=Meeting.Status.HELD)
        .annotate(month=TruncMonth("starts_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    found: dict[date, int] = defaultdict(int)
    for row in rows:
        month = row["month"]
        found[month.date() if isinstance(month, datetime) else month] += row["n"]
    return sorted(found.items())


def _expected_per_month(programmes: list[Programme], relationships: dict[int, int]):
    """The meetings a month the programmes' minimums ask of their relationships."""
    total = 0.0
    for programme in programmes:
        months = max(programme.length_days / 30.44, 1)
        total += relationships.get(programme.pk, 0) * programme.min_meetings / months
    return round(total, 1) if total else None


def goals_by_status(programme_ids: list[int]) -> list[tuple[str, str, int]]:
    counts = dict(
        Goal.objects.filter(match__programme_id__in=programme_ids)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return [(status, str(label), counts.get(status, 0)) for status, label in Goal.Status.choices]


def outcomes(programme_ids: list[int], goals: list[tuple[str, str, int]]) -> Outcomes:
    held = (
        Meeting.objects.filter(match=OuterRef("pk"), status=Meeting.Status.HELD)
        .order_by()
        .values("match")
        .annotate(n=Count("pk"))
        .values("n")
    )
    by_member = MatchMember.objects.filter(
        match=OuterRef("pk"), enrolment__user=OuterRef("ended_by")
    )
    rows = list(
        Match.objects.filter(programme_id__in=programme_ids)
        .annotate(
            held=Coalesce(Subquery(held, output_field=IntegerField()), Value(0)),
            by_member=Exists(by_member),
        )
        .values_list(
            "status",
            "started_at",
            "ended_at",
            "held",
            "programme__min_meetings",
            "by_member",
            "end_category",
        )
    )
    ended = [r for r in rows if r[0] in (Match.Status.COMPLETED, Match.Status.ENDED_EARLY)]
    early = [r for r in ended if r[0] == Match.Status.ENDED_EARLY]
    days = [(r[2] - r[1]).total_seconds() / 86400 for r in ended if r[2] and r[1]]
    goal_counts = {status: n for status, _label, n in goals}
    reports = report_counts(programme_ids).values()
    written = sum(r.written for r in reports)
    means = [(r.mean_how_going, r.written) for r in reports if r.mean_how_going is not None]
    return Outcomes(
        reports_due=sum(r.due for r in reports),
        reports_written=written,
        report_mean=(
            round(sum(mean * n for mean, n in means) / written, 1) if means and written else None
        ),
        ended=len(ended),
        completed=len(ended) - len(early),
        ended_early=len(early),
        early_by_member=sum(1 for r in early if r[5]),
        early_by_coordinator=sum(1 for r in early if not r[5]),
        early_by_category=early_ends_by_category([(r[6], bool(r[5])) for r in early]),
        average_days=round(sum(days) / len(days), 1) if days else None,
        goals_total=sum(goal_counts.values()),
        goals_completed=goal_counts.get(Goal.Status.COMPLETED, 0),
        relationships=len(rows),
        reached_minimum=sum(1 for r in rows if r[3] >= r[4]),
        average_held=round(sum(r[3] for r in rows) / len(rows), 1) if rows else None,
        average_minimum=round(sum(r[4] for r in rows) / len(rows), 1) if rows else None,
    )


def _held_by_programme(programme_ids: list[int]) -> dict[int, int]:
    return dict(
        Meeting.objects.filter(match__programme_id__in=programme_ids, status=Meeting.Status.HELD)
        .order_by()
        .values_list("match__programme_id")
        .annotate(n=Count("pk"))
    )


# --- The whole ------------------------------------------------------------------------


def dashboard(programmes: list[Programme], now: datetime) -> Dashboard:
    """The dashboard of ``programmes`` (one, or a coordinator's every programme)."""
    ids = [p.pk for p in programmes]
    by_id = {p.pk: p for p in programmes}
    today = site_day(now)
    healths = list(assess(Match.objects.filter(programme_id__in=ids), now).values())
    counts = Counter(h.state for h in healths)
    per_programme: dict[int, Counter] = defaultdict(Counter)
    for health in healths:
        per_programme[health.programme_id][health.state] += 1
    relationships = {pk: sum(c.values()) for pk, c in per_programme.items()}
    held = _held_by_programme(ids)
    goals = goals_by_status(ids)
    results = survey_results(ids, today)
    board = Dashboard(
        programmes=programmes,
        funnel=funnel(ids),
        states=[(s, str(STATE_LABELS[s]), counts.get(s, 0)) for s in State.ORDER],
        inbox=[
            _health_section(healths, by_id),
            _follow_ups_section(ids, by_id, today),
            _reports_section(ids, by_id, today),
            _surveys_section(ids, by_id, today, results),
            _unmatched_section(ids, by_id),
        ],
        meetings_by_month=meetings_by_month(ids),
        expected_per_month=_expected_per_month(programmes, relationships),
        goals_by_status=goals,
        outcomes=outcomes(ids, goals),
        rows=[
            ProgrammeRow(
                programme=p,
                relationships=relationships.get(p.pk, 0),
                states={s: per_programme[p.pk].get(s, 0) for s in State.ORDER},
                held=held.get(p.pk, 0),
            )
            for p in programmes
        ],
    )
    board.surveys = results
    board.satisfaction = satisfaction_by_role(ids)
    board.nps = nps_counts(ids)
    return board


def nudgeable(programme_ids: list[int], match_ids: list[int]) -> list[Match]:
    """Of ``match_ids``, the running relationships of ``programme_ids`` (others are ignored)."""
    return list(
        Match.objects.filter(
            pk__in=match_ids, programme_id__in=programme_ids, status__in=Match.RUNNING
        ).select_related("programme")
    )
