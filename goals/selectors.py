"""Who may see which goal, and the reads the pages need, in a fixed number of queries.

Everything starts from the reader's own membership (``relationships.selectors.
get_membership_for_user``, the access root): a goal, step, update or template is then
looked up *inside* that relationship or programme, so a foreign or missing id is simply
not there (404). A goal is read by

- its author, always;
- everyone in the relationship, when it is shared with the relationship;
- the mentor(s) of a group too, when it is shared with "the mentee and the mentor";
- nobody else: a private goal is its author's alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from programs.fields import parse_id
from programs.models import Enrolment, Programme
from relationships.models import MatchMember

from .models import Comment, Goal, GoalTemplate, ProgressUpdate, Step, Visibility

#: Who holds goals of their own: mentees, and every peer in a peer programme.
GOAL_HOLDERS = (Enrolment.Role.MENTEE, Enrolment.Role.PEER)


def checked_id(pk) -> int:
    """An id from a URL: a forged (``²``), negative or overflowing one is simply missing."""
    checked = parse_id(pk)
    if checked is None:
        raise Http404
    return checked


def holds_goals(member: MatchMember) -> bool:
    return member.role in GOAL_HOLDERS


def visibility_choices(programme: Programme) -> list[tuple[str, str]]:
    """Whom a goal may be shared with, in the words of the programme's kind."""
    if programme.kind == Programme.Kind.GROUP:
        return [
            (Visibility.RELATIONSHIP, _("The whole group")),
            (Visibility.MENTOR, _("Only me and the mentor")),
            (Visibility.PRIVATE, _("Only me")),
        ]
    together = _("Me and my mentor") if programme.kind != Programme.Kind.PEER else _("Us peers")
    return [(Visibility.RELATIONSHIP, together), (Visibility.PRIVATE, _("Only me"))]


def _visible_to(member: MatchMember) -> Q:
    rule = Q(visibility=Visibility.RELATIONSHIP) | Q(author_id=member.pk)
    if member.role == Enrolment.Role.MENTOR:
        rule |= Q(visibility=Visibility.MENTOR)
    return rule


def may_see(member: MatchMember, goal: Goal) -> bool:
    """The rule of ``goals_for_member`` for one goal already read (no query)."""
    if member.match_id != goal.match_id:
        return False
    if goal.author_id == member.pk or goal.visibility == Visibility.RELATIONSHIP:
        return True
    return goal.visibility == Visibility.MENTOR and member.role == Enrolment.Role.MENTOR


def owner_sees_goal() -> Q:
    """For a query over steps: the step's owner is a member of its goal's relationship who
    reads the goal (``may_see`` for every row at once, so a private goal's steps concern
    its author alone)."""
    return Q(owner__match_id=F("goal__match_id")) & (
        Q(goal__author_id=F("owner_id"))
        | Q(goal__visibility=Visibility.RELATIONSHIP)
        | Q(goal__visibility=Visibility.MENTOR, owner__role=Enrolment.Role.MENTOR)
    )


def goals_for_member(member: MatchMember) -> QuerySet[Goal]:
    """The goals of the member's relationship that the member may read."""
    return Goal.objects.filter(match_id=member.match_id).filter(_visible_to(member))


def get_goal_for_member(member: MatchMember, pk) -> Goal:
    return get_object_or_404(
        goals_for_member(member).select_related("author__enrolment__user", "template"),
        pk=checked_id(pk),
    )


def get_step(goal: Goal, pk) -> Step:
    return get_object_or_404(Step.objects.filter(goal=goal), pk=checked_id(pk))


def get_update(goal: Goal, pk) -> ProgressUpdate:
    return get_object_or_404(ProgressUpdate.objects.filter(goal=goal), pk=checked_id(pk))


def templates_for(programme: Programme) -> QuerySet[GoalTemplate]:
    return GoalTemplate.objects.filter(programme=programme)


def get_template_for_member(member: MatchMember, pk) -> GoalTemplate:
    """A template of the member's own programme; another programme's answers 404."""
    return get_object_or_404(templates_for(member.match.programme), pk=checked_id(pk))


def current_members(member: MatchMember) -> QuerySet[MatchMember]:
    return (
        MatchMember.objects.filter(match_id=member.match_id, current=True)
        .select_related("enrolment__user")
        .order_by("role", "enrolment__user__display_name", "pk")
    )


def readers(goal: Goal, members) -> list[MatchMember]:
    """Of ``members`` (of the goal's relationship), those who may read ``goal``."""
    return [m for m in members if may_see(m, goal)]


# --- Lists ----------------------------------------------------------------------------------
def _open_steps():
    return Step.objects.filter(goal=OuterRef("pk"), done_at__isnull=True).order_by(
        F("due_on").asc(nulls_last=True), "position", "pk"
    )


def _count(steps: QuerySet[Step]):
    counted = steps.order_by().values("goal").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_progress(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    """Each goal with ``steps_total``, ``steps_done`` and its next open step (text and
    due date): subqueries on the same row, so 50 goals cost what one does."""
    steps = Step.objects.filter(goal=OuterRef("pk"))
    return goals.annotate(
        steps_total=_count(steps),
        steps_done=_count(steps.filter(done_at__isnull=False)),
        next_step=Subquery(_open_steps().values("text")[:1]),
        next_step_due=Subquery(_open_steps().values("due_on")[:1]),
        finished=Case(When(status=Goal.Status.COMPLETED, then=1), default=0),
    )


@dataclass
class GoalGroup:
    """One author's goals, as the reader sees them."""

    author: MatchMember
    own: bool
    goals: list[Goal] = field(default_factory=list)


def goal_list(member: MatchMember) -> list[Goal]:
    """Every goal the member may read, with progress: open ones first, then by date. One
    query whatever the number of goals and members."""
    return list(
        with_progress(goals_for_member(member))
        .select_related("author__enrolment__user")
        .order_by("finished", "target_date", "pk")
    )


def grouped(member: MatchMember, goals: list[Goal]) -> list[GoalGroup]:
    """The goals by author: the reader's own first, then the others' by name."""
    groups: dict[int, GoalGroup] = {}
    for goal in goals:
        group = groups.setdefault(
            goal.author_id, GoalGroup(goal.author, own=goal.author_id == member.pk)
        )
        group.goals.append(goal)
    return sorted(
        groups.values(),
        key=lambda g: (not g.own, g.author.enrolment.user.public_name.lower(), g.author.pk),
    )


def counts_by_status(goals: list[Goal]) -> dict[str, int]:
    counts = dict.fromkeys(Goal.Status.values, 0)
    for goal in goals:
        counts[goal.status] += 1
    return counts


# --- One goal's page ------------------------------------------------------------------------
@dataclass
class GoalPage:
    goal: Goal
    steps: list[Step]
    history: list
    updates: list[ProgressUpdate]
    members: list[MatchMember]  # the relationship's current members (owners of steps)

    @property
    def steps_done(self) -> int:
        return sum(1 for step in self.steps if step.done)


def goal_page(member: MatchMember, goal: Goal) -> GoalPage:
    """Everything one goal's page shows: five queries, whatever it holds."""
    comments = Comment.objects.select_related("author__enrolment__user")
    return GoalPage(
        goal=goal,
        steps=list(goal.steps.select_related("owner__enrolment__user")),
        history=list(goal.status_changes.select_related("by__enrolment__user")),
        updates=list(
            goal.updates.select_related("author__enrolment__user").prefetch_related(
                Prefetch("comments", queryset=comments)
            )
        ),
        members=list(current_members(member)),
    )


def step_owners(goal: Goal, members) -> list[MatchMember]:
    """Who may own a step of ``goal``: a current member of its relationship who reads it."""
    return [m for m in members if m.current and may_see(m, goal)]
