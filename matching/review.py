"""Reads for the coordinator's matching page, in a fixed number of queries.

Everything the page states is read from the round as it is now — its suggestions after
every lock, exclusion and hand pair — never from the figures stored when it was computed,
which go stale at the first change. The stored summary only keeps *why* the engine left
someone out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from intake.models import Application
from programs.models import Enrolment, Programme
from relationships.models import MatchMember
from relationships.selectors import free_places, with_places_taken

from .models import MatchingRun, MatchingSettings, Suggestion, settings_for, stable_offered
from .reasons import describe, describe_all
from .selectors import active_mentors, unmatched, unmatched_reason

SUGGESTIONS_PER_PAGE = 25
# The lists of people left over show this many, with the count of all of them.
LIST_CAP = 30
PEOPLE_PER_SEARCH = 20


def waiting_role(programme: Programme) -> str:
    """Who waits to be matched: peers in a peer programme, mentees elsewhere."""
    return Enrolment.Role.PEER if programme.kind == Programme.Kind.PEER else Enrolment.Role.MENTEE


def mentors_with_room(programme: Programme, run: MatchingRun | None = None) -> QuerySet:
    """Active mentors with a place left, with ``left`` on each row: their room, less their
    current mentees and, with ``run``, less the places the round's suggestions give them."""
    suggested = Value(0)
    if run is not None:
        in_round = (
            Suggestion.objects.filter(run=run, second=OuterRef("pk"))
            .values("second")
            .annotate(n=Count("pk"))
            .values("n")
        )
        suggested = Coalesce(Subquery(in_round), 0)
    return (
        with_places_taken(active_mentors(programme))
        .annotate(suggested=suggested)
        .annotate(left=F("capacity") - F("places_taken") - F("suggested"))
        .filter(left__gt=0)
        .order_by("user__display_name", "pk")
    )


def waiting_without_suggestion(run: MatchingRun) -> QuerySet[Enrolment]:
    """People waiting for a match whom no suggestion of the round names now."""
    named = run.suggestions.filter(
        Q(first=OuterRef("pk")) | Q(second=OuterRef("pk")) | Q(third=OuterRef("pk"))
    )
    return unmatched(run.programme, waiting_role(run.programme)).filter(~Exists(named))


@dataclass(frozen=True)
class RoundSummary:
    """The round as it stands: what the flash messages and the page's header both say."""

    suggested: int  # suggestions (pairs, trios, mentees for a group)
    locked: int
    total_score: float
    waiting: int  # mentees or peers without a current match
    without_suggestion: int

    @property
    def everyone_suggested(self) -> bool:
        return self.without_suggestion == 0


def round_summary(run: MatchingRun) -> RoundSummary:
    """Three queries, whatever the size of the round."""
    figures = run.suggestions.aggregate(
        suggested=Count("pk"),
        locked=Count("pk", filter=Q(locked=True)),
        total=Coalesce(Sum("score"), 0.0),
    )
    return RoundSummary(
        suggested=figures["suggested"],
        locked=figures["locked"],
        total_score=round(figures["total"], 1),
        waiting=unmatched(run.programme, waiting_role(run.programme)).count(),
        without_suggestion=waiting_without_suggestion(run).count(),
    )


def search_suggestions(run: MatchingRun, query: str) -> QuerySet[Suggestion]:
    suggestions = run.suggestions.select_related("first__user", "second__user", "third__user")
    words = query.split()
    for word in words:
        match = Q()
        for who in ("first", "second", "third"):
            match |= Q(**{f"{who}__user__display_name__icontains": word})
            match |= Q(**{f"{who}__user__email__icontains": word})
        suggestions = suggestions.filter(match)
    return suggestions


def people_search(programme: Programme, side: str, term: str, page: int) -> tuple[list, bool]:
    """For "Pair by hand": who may be picked on ``side`` ("first": the mentees or peers
    waiting; "second": mentors with a place left, or the peers waiting), by name or e-mail,
    a page at a time. Returns the people and whether more follow."""
    if side == "second" and programme.kind != Programme.Kind.PEER:
        people = mentors_with_room(programme)
    else:
        people = unmatched(programme, waiting_role(programme)).order_by("user__display_name", "pk")
    for word in term.split():
        people = people.filter(
            Q(user__display_name__icontains=word) | Q(user__email__icontains=word)
        )
    start = (page - 1) * PEOPLE_PER_SEARCH
    found = list(people.select_related("user")[start : start + PEOPLE_PER_SEARCH + 1])
    return found[:PEOPLE_PER_SEARCH], len(found) > PEOPLE_PER_SEARCH


def person_label(enrolment: Enrolment) -> str:
    return f"{enrolment.user} ({enrolment.user.email})"


def _application_ids(programme: Programme, users: set[int]) -> dict[int, int]:
    """Each person's application to the programme (the accepted one where there are two)."""
    found: dict[int, int] = {}
    rows = (
        Application.objects.filter(programme=programme, user_id__in=users)
        .exclude(status=Application.Status.DRAFT)
        .values_list("user_id", "pk", "status")
    )
    for user_id, pk, status in rows:
        if user_id not in found or status == Application.Status.ACCEPTED:
            found[user_id] = pk
    return found


def _rows(run: MatchingRun, page: Page, *, with_applications: bool) -> list[dict]:
    suggestions = list(page.object_list)
    people = [p for s in suggestions for p in s.people]
    applications = (
        _application_ids(run.programme, {p.user_id for p in people}) if with_applications else {}
    )
    mentors = {p.pk: p for p in people if p.role == Enrolment.Role.MENTOR}
    free = free_places(mentors.values())
    in_round = dict(
        run.suggestions.filter(second__in=list(mentors))
        .values("second")
        .annotate(n=Count("pk"))
        .values_list("second", "n")
    )
    rows = []
    explained = describe_all(s.explanation for s in suggestions)
    for s, reasons in zip(suggestions, explained, strict=True):
        rows.append(
            {
                "suggestion": s,
                "first": {"enrolment": s.first, "application": applications.get(s.first.user_id)},
                "others": [
                    {"enrolment": p, "application": applications.get(p.user_id)}
                    for p in s.people[1:]
                ],
                # After this round's suggestions are confirmed.
                "places_left": (
                    free[s.second_id] - in_round.get(s.second_id, 0)
                    if s.second_id in mentors
                    else None
                ),
                "reasons": reasons,
                "warnings": [describe({"criterion": "excluded", "rule": r}) for r in s.warnings],
            }
        )
    return rows


def _left_over(run: MatchingRun) -> dict:
    """Who waits without a suggestion and which mentors keep places, each capped."""
    reasons = {item["enrolment"]: item for item in (run.summary or {}).get("unmatched", [])}
    waiting = waiting_without_suggestion(run).select_related("user")
    unmatched_rows = [
        {
            "person": person,
            "reason": (
                unmatched_reason(reasons[person.pk])
                if person.pk in reasons
                else _("In no suggestion now. Re-run matching, or pair them by hand.")
            ),
        }
        for person in waiting[:LIST_CAP]
    ]
    mentors = mentors_with_room(run.programme, run).select_related("user")
    peers = run.programme.kind == Programme.Kind.PEER
    return {
        "unmatched": unmatched_rows,
        "mentors_left": [] if peers else list(mentors[:LIST_CAP]),
        "mentors_left_count": 0 if peers else mentors.count(),
    }


def review_context(
    programme: Programme, *, query: str = "", page: str | None = None, user=None
) -> dict:
    """The page: the settings, the people waiting and, with a round open, its suggestions a
    page at a time (searched by name or e-mail) and whoever is left over."""
    run = (
        MatchingRun.objects.filter(programme=programme, status__in=MatchingRun.OPEN)
        .select_related("started_by", "programme")
        .first()
    )
    options = settings_for(programme)
    peers = programme.kind == Programme.Kind.PEER
    context = {
        "programme": programme,
        "run": run,
        "options": options,
        "objectives": MatchingSettings.Objective.choices,
        "stable_offered": stable_offered(programme),
        "peers": peers,
        "max_score": sum(options.weights().values()),
        "last_confirmed": MatchingRun.objects.filter(
            programme=programme, status=MatchingRun.Status.CONFIRMED
        ).first(),
        "may_start_running": programme.can_transition_to(Programme.Status.RUNNING)
        and user is not None
        and user.has_perm("programs.change_programme"),
        "running_label": Programme.Status.RUNNING.label,
    }
    if run is None:
        context["waiting"] = unmatched(programme, waiting_role(programme)).count()
        context["mentors_with_room"] = 0 if peers else mentors_with_room(programme).count()
        return context
    context["refresh"] = run.status in (MatchingRun.Status.QUEUED, MatchingRun.Status.RUNNING)
    if run.status != MatchingRun.Status.READY:
        return context
    summary = round_summary(run)
    paginator = Paginator(search_suggestions(run, query), SUGGESTIONS_PER_PAGE)
    shown = paginator.get_page(page)  # a page that is not one is the first or the last
    with_applications = user is not None and user.has_perm("intake.view_application")
    context.update(
        {
            "summary": summary,
            "query": query,
            "page_obj": shown,
            "page_range": paginator.get_elided_page_range(shown.number),
            "rows": _rows(run, shown, with_applications=with_applications),
            **_left_over(run),
        }
    )
    context["unmatched_count"] = summary.without_suggestion
    return context


@dataclass(frozen=True)
class ConfirmPreview:
    matches: int  # relationships created (groups count once per mentor)
    people: int  # people e-mailed: everyone in a suggestion, and a growing group's members
    without_suggestion: int


def confirm_preview(run: MatchingRun) -> ConfirmPreview:
    """What confirming the round will do, said before it is done."""
    suggestions = list(run.suggestions.values_list("first", "second", "third"))
    people = {p for row in suggestions for p in row if p is not None}
    matches = len(suggestions)
    if run.programme.kind == Programme.Kind.GROUP:
        mentors = {second for _first, second, _third in suggestions}
        matches = len(mentors)
        # Members of the mentors' current groups hear who joins them.
        mentor_of_group = MatchMember.objects.filter(
            match=OuterRef("match"), enrolment__in=mentors, role=Enrolment.Role.MENTOR
        )
        people |= set(
            MatchMember.objects.filter(Exists(mentor_of_group), current=True).values_list(
                "enrolment", flat=True
            )
        )
    return ConfirmPreview(
        matches=matches,
        people=len(people),
        without_suggestion=waiting_without_suggestion(run).count(),
    )
