"""A running programme with a confirmed pair, as the workspace's tests need it."""

import pytest

from accounts.tests.factories import UserFactory
from intake.tests.factories import person
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import AreaFactory, ProgrammeFactory
from relationships.models import MatchMember
from relationships.services import match_create

AGREEMENT_TEXT = "We keep what we say to each other confidential.\nEither of us may end it."


@pytest.fixture
def running(db):
    programme = ProgrammeFactory(
        name="Leaders 2027",
        status=Programme.Status.RUNNING,
        agreement_text_en=AGREEMENT_TEXT,
        agreement_text_sv="Vi håller det vi säger för oss själva.",
        min_meetings=6,
    )
    AreaFactory(programme=programme, name_en="Leadership", name_sv="Ledarskap")
    return programme


@pytest.fixture
def pair(running, django_capture_on_commit_callbacks, mailoutbox):
    """Maja mentors Adam; returns (match, mentor member, mentee member)."""
    mentor = person(running, Enrolment.Role.MENTOR, "Maja Mentor", about_me="I ran a team.")
    mentee = person(running, Enrolment.Role.MENTEE, "Adam Adept", city="Umeå")
    with django_capture_on_commit_callbacks(execute=True):
        match = match_create(
            programme=running, mentor=mentor, mentees=[mentee], origin="manual", by=None
        )
    mailoutbox.clear()  # the introductions
    members = {m.role: m for m in MatchMember.objects.filter(match=match)}
    return match, members["mentor"], members["mentee"]


@pytest.fixture
def elsewhere(running):
    """Another relationship in the same programme: Nils mentors Bo."""
    mentor = person(running, Enrolment.Role.MENTOR, "Nils Nilsson")
    mentee = person(running, Enrolment.Role.MENTEE, "Bo Berg")
    return match_create(
        programme=running, mentor=mentor, mentees=[mentee], origin="manual", by=None
    )


# --- Every role, for the later stages' role × URL tests --------------------------------------
ROLES = ["member", "other_member", "member_elsewhere", "coordinator", "other_coordinator", "anon"]


@pytest.fixture
def users(pair, elsewhere, running, other_coordinator):
    """Each role's person: Adam (the mentee), Maja (the other member), Bo of another
    relationship, a coordinator of this programme and one of another, nobody signed in."""
    _match, mentor, mentee = pair
    coordinator = UserFactory(display_name="Cora Coordinator", is_staff=True)
    coordinator_grant(user=coordinator, programme=running)
    return {
        "member": mentee.enrolment.user,
        "other_member": mentor.enrolment.user,
        "member_elsewhere": elsewhere.members.get(role="mentee").enrolment.user,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "anon": None,
    }


def as_(client, user):
    """The client signed in as ``user`` (None: anonymous)."""
    if user is not None:
        client.force_login(user)
    return client
