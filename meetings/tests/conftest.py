"""A running programme with a confirmed pair (from the relationships' tests) and the
meetings' own helpers."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

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
