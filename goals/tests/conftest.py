"""The workspace's running programme and pairs, a goal of the mentee's, and every role."""

from datetime import timedelta

import pytest

from goals.services import goal_create, progress_update_create, step_create
from relationships.tests import conftest as relationships_fixtures

# The workspace's own fixtures, shared: a running programme, Maja and Adam, Nils and Bo.
running = relationships_fixtures.running
pair = relationships_fixtures.pair
elsewhere = relationships_fixtures.elsewhere
users = relationships_fixtures.users
ROLES, as_ = relationships_fixtures.ROLES, relationships_fixtures.as_


def in_programme(programme, days: int = 60):
    """A day within the programme, ``days`` after it starts."""
    return programme.starts_on + timedelta(days=days)


def goal_values(programme, **values) -> dict:
    return {
        "title": "Lead my first team meeting",
        "specific": "Run the Monday meeting on my own, agenda and all.",
        "measure": "I have led four meetings and asked the team how they went.",
        "relevance": "The team sees me as their manager there.",
        "target_date": in_programme(programme),
        "visibility": "relationship",
        **values,
    }


@pytest.fixture
def goal(pair, running):
    """Adam's shared goal, with a step of his own, and a progress update."""
    _match, _mentor, mentee = pair
    made = goal_create(member=mentee, steps=["Write the agenda"], **goal_values(running))
    progress_update_create(member=mentee, goal=made, text="Adam's first meeting went well.")
    return made


@pytest.fixture
def private_goal(pair, running):
    _match, _mentor, mentee = pair
    return goal_create(
        member=mentee,
        **goal_values(running, title="Adam's secret wish", visibility="private"),
    )


@pytest.fixture
def step(goal):
    """Adam's own first step, "Write the agenda"."""
    return goal.steps.order_by("position").first()


@pytest.fixture
def mentors_step(goal, pair):
    _match, mentor, mentee = pair
    return step_create(member=mentee, goal=goal, text="Introduce Adam to a banker", owner=mentor)
