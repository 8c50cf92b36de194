"""The goals' part of the workspace page: one query, whatever the number of goals and
members (``selectors.goal_list``), and "Set your first goal" until the member has one."""

from django.urls import reverse
from django.utils.translation import gettext as _

from relationships.hooks import NextStep, WorkspaceSection
from relationships.models import MatchMember

from . import selectors

SHOWN = 5


def workspace_section(member: MatchMember) -> WorkspaceSection:
    goals = selectors.goal_list(member)
    open_goals = [goal for goal in goals if not goal.is_completed]
    completed = [goal for goal in goals if goal.is_completed]
    holds = selectors.holds_goals(member)
    new_url = reverse("goals:new", kwargs={"pk": member.match_id})
    steps = []
    if holds and not any(goal.author_id == member.pk for goal in goals):
        steps.append(NextStep(_("Set your first goal"), new_url))
    return WorkspaceSection(
        template="goals/includes/workspace_section.html",
        context={
            "goals": open_goals[:SHOWN],
            "more": max(len(open_goals) - SHOWN, 0),
            "completed": sorted(completed, key=lambda g: g.completed_at, reverse=True)[:3],
            "counts": selectors.counts_by_status(goals),
            "total": len(goals),
            "holds_goals": holds,
            "member": member,
            "list_url": reverse("goals:list", kwargs={"pk": member.match_id}),
            "new_url": new_url,
        },
        next_steps=steps,
        position=30,
    )
