"""Who reads which goal: its author always; the relationship, the mentor only in a group,
or nobody else."""

import pytest

from goals.selectors import goals_for_member, may_see, visibility_choices
from goals.services import goal_create
from goals.tests.conftest import goal_values
from intake.tests.factories import person
from programs.models import Enrolment, Programme
from programs.tests.factories import ProgrammeFactory
from relationships.models import MatchMember
from relationships.services import match_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(db):
    programme = ProgrammeFactory(kind=Programme.Kind.GROUP, status=Programme.Status.RUNNING)
    mentor = person(programme, Enrolment.Role.MENTOR, capacity=2)
    mentees = [person(programme), person(programme)]
    match = match_create(
        programme=programme, mentor=mentor, mentees=mentees, origin="manual", by=None
    )
    members = MatchMember.objects.filter(match=match).select_related("match__programme")
    leader = members.get(role="mentor")
    ali, bea = (members.get(enrolment=m) for m in mentees)
    return programme, leader, ali, bea


def test_in_a_group_each_audience_reads_what_it_should(group):
    programme, leader, ali, bea = group
    titles = {}
    for visibility in ("relationship", "mentor", "private"):
        titles[visibility] = goal_create(
            member=ali, **goal_values(programme, title=visibility, visibility=visibility)
        )

    def read(member):
        return set(goals_for_member(member).values_list("title", flat=True))

    assert read(ali) == {"relationship", "mentor", "private"}
    assert read(leader) == {"relationship", "mentor"}
    assert read(bea) == {"relationship"}
    for member in (ali, leader, bea):  # the rule in Python says the same as the query
        assert {g.title for g in titles.values() if may_see(member, g)} == read(member)


def test_the_audiences_offered_follow_the_programmes_kind(group, running):
    programme, *_members = group
    peers = ProgrammeFactory(kind=Programme.Kind.PEER)

    assert [v for v, _label in visibility_choices(programme)] == [
        "relationship",
        "mentor",
        "private",
    ]
    assert [str(label) for _v, label in visibility_choices(running)] == [
        "Me and my mentor",
        "Only me",
    ]
    assert [str(label) for _v, label in visibility_choices(peers)] == ["Us peers", "Only me"]
