"""What the closing and transition tests share: the relationships' role fixtures, a
closing ceremony, and closing the programme with its e-mails sent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event
from events.tests.factories import EventFactory
from programs.models import Programme
from programs.tests.factories import ProgrammeFactory
from relationships.tests import conftest as relationships_fixtures

from ..closing_models import ProgrammeClosing
from ..closing_services import programme_close

running = relationships_fixtures.running
pair = relationships_fixtures.pair
elsewhere = relationships_fixtures.elsewhere
users = relationships_fixtures.users
ROLES, as_ = relationships_fixtures.ROLES, relationships_fixtures.as_


@pytest.fixture
def ceremony(running):
    return EventFactory(
        programme=running,
        kind=Event.Kind.CLOSING,
        title="Closing ceremony 2027",
        starts_at=timezone.now() + timedelta(days=14),
        capacity=100,
        published=True,
    )


@pytest.fixture
def next_programme(running):
    upcoming = ProgrammeFactory(
        name="Leaders 2028",
        slug="leaders-2028",
        status=Programme.Status.INTAKE_OPEN,
        application_deadline=timezone.localdate() + timedelta(days=30),
    )
    ProgrammeClosing.objects.update_or_create(
        programme=running, defaults={"next_programme": upcoming}
    )
    return upcoming


def close(programme, by=None, *, capture):
    """Close ``programme`` and run what it queues on commit (hooks, e-mails)."""
    with capture(execute=True):
        return programme_close(programme=programme, by=by)
