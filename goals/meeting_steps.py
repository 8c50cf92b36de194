"""Action items from meetings become steps of a goal (``relationships.hooks.
goal_step_makers``): the meetings stage offers the goals and asks for the step, and the
goals' own rules decide — a member adds steps only to goals they may plan (their own, not
yet completed), and a step's owner must be someone who reads the goal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from programs.fields import parse_id
from relationships.hooks import GoalStepMaker, StepDraft
from relationships.models import MatchMember

from .models import Goal
from .selectors import holds_goals, may_see
from .services import step_create


def _plannable(member: MatchMember) -> QuerySet[Goal]:
    """The goals ``member`` plans: their own, of this relationship, not yet completed."""
    return (
        Goal.objects.filter(match_id=member.match_id, author=member)
        .exclude(status=Goal.Status.COMPLETED)
        .order_by("target_date", "pk")
    )


def _takes(goal: Goal, owner: MatchMember | None) -> bool:
    return owner is None or (owner.current and may_see(owner, goal))


def choices(member: MatchMember, drafts: list[StepDraft]) -> list[list[tuple[int, str]]]:
    """For each draft, the member's goals that can take it as a step (one query)."""
    if not drafts or not holds_goals(member) or not member.current:
        return [[] for _draft in drafts]
    goals = list(_plannable(member))
    return [
        [(goal.pk, goal.title) for goal in goals if _takes(goal, draft.owner)] for draft in drafts
    ]


def make(member: MatchMember, goal_id, draft: StepDraft) -> str:
    """The draft as the last step of one of the member's goals; the goal's address."""
    checked = parse_id(goal_id)
    goal = _plannable(member).filter(pk=checked).first() if checked is not None else None
    if goal is None:
        raise ValidationError(_("Choose one of your goals that is not completed."), code="goal")
    step_create(member=member, goal=goal, text=draft.text, owner=draft.owner, due_on=draft.due_on)
    url = reverse("goals:detail", kwargs={"pk": member.match_id, "goal": goal.pk})
    return f"{url}#steps"


MAKER = GoalStepMaker(choices=choices, make=make)
