"""The goals cost the same number of queries with 1 goal and with 50, with 2 members and
with 12: the workspace page, the goals list and a goal's page (asserted, not hoped)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.models import Goal, Step
from goals.services import (
    comment_create,
    goal_create,
    progress_update_create,
    step_create,
)
from goals.tests.conftest import goal_values
from intake.tests.factories import person
from programs.models import Enrolment, Programme
from programs.tests.factories import ProgrammeFactory
from relationships.models import MatchMember
from relationships.services import match_create

pytestmark = pytest.mark.django_db


def queries(client, url: str, shows: str = "") -> int:
    client.get(url)  # the session and the caches, warmed
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert shows in response.text
    return len(captured)


def goals_of(member, count: int, start: int = 0, **values) -> None:
    """``count`` goals of ``member``'s, each with a step given to someone else and one open."""
    programme = member.match.programme
    others = list(MatchMember.objects.filter(match_id=member.match_id).exclude(pk=member.pk))
    for n in range(start, start + count):
        goal = goal_create(
            member=member,
            steps=[f"First step {n}"],
            **goal_values(programme, title=f"Goal number {n}", **values),
        )
        step_create(member=member, goal=goal, text=f"Helped by {n}", owner=others[n % len(others)])
        Step.objects.filter(goal=goal, position=1).update(done_at=goal.created_at)


PAGES = ["relationships:workspace", "goals:list"]


@pytest.mark.parametrize("page", PAGES)
def test_one_goal_or_fifty_cost_the_same(client, pair, page):
    match, mentor, mentee = pair
    url = reverse(page, args=[match.pk])
    counts = {}
    for total in (1, 50):
        goals_of(mentee, total - Goal.objects.count(), start=Goal.objects.count())
        for reader in (mentee, mentor):
            client.force_login(reader.enrolment.user)
            counts[total, reader.role] = queries(client, url, "Goal number 0")

    assert Goal.objects.count() == 50
    assert counts[1, "mentee"] == counts[50, "mentee"]
    assert counts[1, "mentor"] == counts[50, "mentor"]


@pytest.fixture
def group(db):
    programme = ProgrammeFactory(
        name="Group 2027", kind=Programme.Kind.GROUP, status=Programme.Status.RUNNING
    )
    mentor = person(programme, Enrolment.Role.MENTOR, "Greta Guide", capacity=11)
    mentees = [person(programme, name=f"Mentee Number{n}") for n in range(11)]
    return programme, mentor, mentees


@pytest.mark.parametrize("page", PAGES)
def test_two_members_or_twelve_cost_the_same(client, group, page):
    programme, mentor, mentees = group
    match = match_create(
        programme=programme, mentor=mentor, mentees=mentees[:1], origin="manual", by=None
    )
    url = reverse(page, args=[match.pk])
    first = MatchMember.objects.get(match=match, enrolment=mentees[0])
    goals_of(first, 2)
    goals_of(first, 1, start=2, visibility="mentor")
    leader = MatchMember.objects.get(match=match, role="mentor")

    counts = {}
    for size in (2, 12):
        if size == 12:
            match_create(
                programme=programme,
                mentor=mentor,
                mentees=mentees[1:],
                into=match,
                origin="manual",
                by=None,
            )
            for n, mentee in enumerate(MatchMember.objects.filter(match=match, role="mentee")):
                if mentee.pk != first.pk:
                    goals_of(mentee, 2, start=10 * (n + 1))
        assert MatchMember.objects.filter(match=match).count() == size
        for reader in (leader, first):
            client.force_login(reader.enrolment.user)
            counts[size, reader.role] = queries(client, url, "Goal number 0")

    assert counts[2, "mentor"] == counts[12, "mentor"]
    assert counts[2, "mentee"] == counts[12, "mentee"]


def test_a_goals_page_costs_the_same_whatever_it_holds(client, pair):
    match, mentor, mentee = pair
    goals_of(mentee, 1)
    goal = Goal.objects.get()
    url = reverse("goals:detail", kwargs={"pk": match.pk, "goal": goal.pk})
    first = progress_update_create(member=mentee, goal=goal, text="Update")
    comment_create(member=mentor, update=first, text="Comment")
    client.force_login(mentor.enrolment.user)
    few = queries(client, url, "Goal number 0")

    for n in range(10):
        step_create(member=mentee, goal=goal, text=f"More {n}", owner=mentor)
        update = progress_update_create(member=mentee, goal=goal, text=f"Update {n}")
        comment_create(member=mentor, update=update, text=f"Comment {n}")
        comment_create(member=mentee, update=update, text=f"Reply {n}")
    many = queries(client, url, "Reply 9")

    assert many == few
