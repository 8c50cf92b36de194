"""A running programme with a confirmed pair (from the relationships' tests), its
coordinator, and the follow-up stage's own helpers."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.tests.factories import UserFactory
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory
from programs.services import coordinator_grant
from relationships.models import Match
from relationships.tests import conftest as relationships_fixtures

running = relationships_fixtures.running
pair = relationships_fixtures.pair
elsewhere = relationships_fixtures.elsewhere
users = relationships_fixtures.users
ROLES, as_ = relationships_fixtures.ROLES, relationships_fixtures.as_

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(year, month, day, hour=9, minute=0) -> datetime:
    """A moment by Stockholm's clock."""
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def started(match, moment: datetime) -> None:
    """The relationship began at ``moment`` (its members joined then)."""
    Match.objects.filter(pk=match.pk).update(started_at=moment)
    match.members.update(joined_at=moment)
    match.refresh_from_db()


def meeting(match, starts_at: datetime, status=Meeting.Status.HELD) -> Meeting:
    return MeetingFactory(match=match, starts_at=starts_at, status=status)


@pytest.fixture
def long_programme(running):
    """From November 2026 to the end of 2027: both daylight-saving weekends fall inside."""
    running.starts_on, running.ends_on = date(2026, 11, 1), date(2027, 12, 31)
    running.save()
    return running


@pytest.fixture
def cora(running):
    """The programme's coordinator (Stockholm time)."""
    user = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=user, programme=running)
    return user


@pytest.fixture
def otto(db):
    """A coordinator of another programme."""
    from programs.tests.factories import ProgrammeFactory

    user = UserFactory(email="otto@example.org", display_name="Otto Other")
    coordinator_grant(user=user, programme=ProgrammeFactory(name="Elsewhere"))
    return user


from .survey_fixtures import midway, survey  # noqa: E402, F401 (the surveys tests)
