"""The certificates' tests' world: the relationships' running pair and roles, and helpers
that bring a relationship to its end with its meetings held and reflections written."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from closure.models import ClosingReflection
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory
from relationships.models import Match, MatchMember
from relationships.services import match_complete, match_end
from relationships.tests import conftest as relationships_fixtures

running = relationships_fixtures.running
pair = relationships_fixtures.pair
elsewhere = relationships_fixtures.elsewhere
users = relationships_fixtures.users
ROLES, as_ = relationships_fixtures.ROLES, relationships_fixtures.as_

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(year, month, day, hour=12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=STOCKHOLM)


def held(match: Match, count: int) -> None:
    for n in range(count):
        MeetingFactory(match=match, status=Meeting.Status.HELD, starts_at=at(2026, 4, 1 + n))


def reflect(member: MatchMember) -> ClosingReflection:
    return ClosingReflection.objects.create(
        match=member.match,
        member=member,
        achieved="I lead my team's meetings now.",
        expectations_met=4,
        way_of_working="Monthly walks worked well.",
        going_on="I keep a learning log.",
        stay_in_touch="yes",
    )


def complete(match: Match) -> Match:
    return match_complete(match=match, by=None)


def end_early(match: Match) -> Match:
    return match_end(match=match, by=None, reason="Moved abroad.")


@pytest.fixture
def earned(pair):
    """Maja and Adam held their six meetings, completed, and Adam wrote his reflection."""
    match, mentor, mentee = pair
    Match.objects.filter(pk=match.pk).update(started_at=at(2026, 3, 2))
    held(match, 6)
    reflect(mentee)
    complete(match)
    mentee.refresh_from_db()
    mentor.refresh_from_db()
    return match, mentor, mentee
