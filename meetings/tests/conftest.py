"""A running programme with a confirmed pair (from the relationships' tests) and the
meetings' own helpers."""

import importlib
from datetime import date, datetime, time, timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from meetings import services
from meetings.models import Topic
from meetings.services import content
from relationships.tests import conftest as relationships_fixtures

# The workspace's own fixtures, shared: a running programme, Maja and Adam, Nils and Bo.
running = relationships_fixtures.running
pair = relationships_fixtures.pair
elsewhere = relationships_fixtures.elsewhere
users = relationships_fixtures.users
ROLES, as_ = relationships_fixtures.ROLES, relationships_fixtures.as_


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
def bank(db):
    """The starting topic bank, as its migration writes it. A transactional test elsewhere
    may have emptied the tables since: run it again (it adds nothing twice)."""
    importlib.import_module("meetings.migrations.0002_topic_bank").add_bank(apps, None)
    return Topic.objects.filter(programme=None)


@pytest.fixture
def long_programme(running):
    """From November 2026 to the end of 2027: both daylight-saving weekends fall inside
    (the reminders' tests)."""
    running.starts_on, running.ends_on = date(2026, 11, 1), date(2027, 12, 31)
    running.save()
    return running


def planned(pair, starts_at: datetime, agenda: str = "", minutes: int = 60):
    """A meeting Adam proposed and Maja accepted (``pair``), with an agenda item if given."""
    _match, mentor, mentee = pair
    meeting = services.meeting_propose(
        member=mentee,
        starts_at=starts_at,
        minutes=minutes,
        format="video",
        place="https://m.example",
    )
    meeting = services.meeting_accept(member=mentor, meeting=meeting)
    if agenda:
        content.agenda_item_add(member=mentee, meeting=meeting, text=agenda)
    return meeting
