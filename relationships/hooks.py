"""Where the stages that form or use relationships plug in (imports run one way)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: ``(item) -> str``: words for one item of a match's stored explanation. Matching, which
#: wrote the explanation, registers how to read it.
explanation_describers: list[Callable[[dict], str]] = []


def describe_explanation(items: list[dict]) -> list[str]:
    if not explanation_describers:
        return []
    describe = explanation_describers[-1]
    return [describe(item) for item in items]


# --- The workspace: what later stages add to a relationship's home ------------------------


@dataclass(frozen=True)
class NextStep:
    """Something a member is expected to do next, with where to do it."""

    label: str
    url: str
    done: bool = False
    # Shown after the relationship has ended too (a closing reflection, a certificate);
    # every other step is for a current relationship only.
    after_end: bool = False


@dataclass
class WorkspaceSection:
    """A stage's part of the workspace page: a template and its context, and the next
    steps it expects of the member viewing it. ``position`` orders the sections."""

    template: str
    context: dict = field(default_factory=dict)
    next_steps: list[NextStep] = field(default_factory=list)
    position: int = 50


#: ``(member) -> WorkspaceSection | None``, for the member's own view of the workspace
#: (goals adds the goals). Each reads in a fixed number of queries, whatever the data.
workspace_sections: list[Callable] = []


@dataclass(frozen=True)
class CoordinatorFacts:
    """What a stage tells coordinators about relationships, never their contents:
    ``annotate`` adds counts to the admin's queryset of matches; ``columns`` are the list's
    columns that show them (admin display functions); ``filters`` are list filters
    (``SimpleListFilter`` classes); ``last_activity`` is an expression (over a match,
    ``OuterRef("pk")``) for the latest thing done in the stage; ``prepare`` is called once
    with the matches a list page shows, before its columns read them (for what is worked
    out over many at once rather than in SQL, such as the relationships' health);
    ``leading`` puts the columns first, next to the relationship's status."""

    annotate: Callable
    columns: list[Callable] = field(default_factory=list)
    last_activity: Callable | None = None
    filters: list[type] = field(default_factory=list)
    prepare: Callable | None = None
    leading: bool = False


#: ``CoordinatorFacts`` from later stages (goals adds the goals by status).
coordinator_facts: list[CoordinatorFacts] = []

#: ``(match) -> int``: meetings held, which meetings fills in; 0 until it exists.
meetings_held_counters: list[Callable] = []


def meetings_held(match) -> int:
    return sum(count(match) for count in meetings_held_counters)


#: ``(match) -> expression``: when the relationship's first meeting was held (e.g. the
#: start of its earliest held meeting), NULL if none; ``match`` is an expression for the
#: match's id (an ``OuterRef``). Meetings registers it; the fit-check reminder reads it to
#: know, for many relationships in one query, since when the fit check is open.
first_meeting_held_expressions: list[Callable] = []


def first_meeting_held(match):
    """The registered expression for ``match`` (the last registered), or NULL."""
    from django.db.models import DateTimeField, Value

    if not first_meeting_held_expressions:
        return Value(None, output_field=DateTimeField())
    return first_meeting_held_expressions[-1](match)


def register(hooks: list, item):
    """Add ``item`` to ``hooks`` once (``ready()`` may run twice in tests)."""
    if item not in hooks:
        hooks.append(item)
    return item


# --- Goal steps from elsewhere: a meeting's action item taken into a goal's plan -----------


@dataclass(frozen=True)
class StepDraft:
    """Something to do, as a later stage hands it to the goals: what, who does it (a
    current member of the relationship, or None) and by when."""

    text: str
    owner: Any = None  # MatchMember | None
    due_on: date | None = None


@dataclass(frozen=True)
class GoalStepMaker:
    """How the goals stage takes a to-do (a meeting's action item) into a goal's plan,
    with its own rules; meetings calls it and never imports goals.

    ``choices(member, drafts) -> list[list[tuple[int, str]]]``: for each ``StepDraft``, the
    goals (id, title) ``member`` may add it to as a step — an empty list when there are
    none — read in a fixed number of queries, whatever the number of drafts.
    ``make(member, goal_id, draft) -> str``: adds the step to that goal and returns the
    goal's address; a goal that is not among the choices, or a step the goal's rules
    refuse, raises ``ValidationError`` with the message to show, and nothing is written.
    """

    choices: Callable
    make: Callable


#: ``GoalStepMaker`` of the goals stage (one; the last registered is used).
goal_step_makers: list[GoalStepMaker] = []


def goal_step_maker() -> GoalStepMaker | None:
    return goal_step_makers[-1] if goal_step_makers else None


# --- Completion: what later stages do when a relationship has run its course ---------------

#: ``(match) -> None``, each called on commit after ``match_complete`` (closure invites the
#: members to write their closing reflection).
match_completed: list[Callable] = []


def match_completed_fire(match) -> None:
    for fn in match_completed:
        fn(match)
