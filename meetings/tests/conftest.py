"""A running programme with a confirmed pair (from the relationships' tests) and the
meetings' own helpers."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from meetings import services
from meetings.models import Topic
from programs.services import coordinator_grant
from relationships.tests import conftest as relationships_fixtures

# The workspace's own fixtures, shared: a running programme, Maja and Adam, Nils and Bo.
running = relationships_fixtures.running
pair = relationships_fixtures.pair
elsewhere = relationships_fixtures.elsewhere


def at(programme, days: int, hour: int = 17) -> datetime:
    """An aware moment ``days`` after the programme starts, at ``hour`` o'clock here."""
    day = programme.starts_on + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def soon(running):
    """The programme runs from a month ago to a year ahead, so there is a past and a future."""
    today = timezone.localdate()
    running.starts_on = today - timedelta(days=30)
    running.ends_on = today + timedelta(days=330)
    running.save()
    return running


ROLES = ["member", "other_member", "member_elsewhere", "coordinator", "other_coordinator", "anon"]


@pytest.fixture
def held(soon, pair):
    """Adam and Maja met two days ago (logged as held)."""
    _match, _mentor, mentee = pair
    return services.meeting_log(
        member=mentee,
        starts_at=timezone.now() - timedelta(days=2),
        minutes=60,
        format="in_person",
        place="Café Blom",
    )


@pytest.fixture
def coming(soon, pair):
    """A meeting Adam proposed and Maja accepted, in ten days."""
    _match, mentor, mentee = pair
    meeting = services.meeting_propose(
        member=mentee,
        starts_at=timezone.now() + timedelta(days=10),
        minutes=60,
        format="video",
        place="https://meet.example.org/adam",
    )
    return services.meeting_accept(member=mentor, meeting=meeting)


@pytest.fixture
def users(pair, elsewhere, running, other_coordinator):
    """Each role's person, for the role × URL tests: Adam (the mentee), Maja, Bo from
    another relationship, a coordinator of this programme and one of another."""
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
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def bank(db):
    """The starting topic bank, as its migration writes it. A transactional test elsewhere
    may have emptied the tables since: run it again (it adds nothing twice)."""
    import importlib

    from django.apps import apps

    importlib.import_module("meetings.migrations.0002_topic_bank").add_bank(apps, None)
    return Topic.objects.filter(programme=None)
