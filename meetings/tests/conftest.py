"""A running programme with a confirmed pair (from the relationships' tests) and the
meetings' own helpers."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from relationships.tests.conftest import AGREEMENT_TEXT, elsewhere, pair, running  # noqa: F401


def at(programme, days: int, hour: int = 17) -> datetime:
    """An aware moment ``days`` after the programme starts, at ``hour`` o'clock here."""
    day = programme.starts_on + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def soon(running):  # noqa: F811 — the fixture imported above
    """The programme runs from a month ago to a year ahead, so there is a past and a future."""
    today = timezone.localdate()
    running.starts_on = today - timedelta(days=30)
    running.ends_on = today + timedelta(days=330)
    running.save()
    return running
