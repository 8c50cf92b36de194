"""The relationships' and evaluations' fixtures (a running programme, a confirmed pair,
every role), and the closing reflection's own."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evaluations.tests import conftest as evaluations_fixtures

running = evaluations_fixtures.running
pair = evaluations_fixtures.pair
elsewhere = evaluations_fixtures.elsewhere
users = evaluations_fixtures.users
cora = evaluations_fixtures.cora
otto = evaluations_fixtures.otto
ROLES, as_ = evaluations_fixtures.ROLES, evaluations_fixtures.as_


@pytest.fixture
def last_weeks(running):
    """The programme ends in a week: the closing reflection is open."""
    today = timezone.localdate()
    running.starts_on, running.ends_on = today - timedelta(days=170), today + timedelta(days=7)
    running.save()
    return running


@pytest.fixture
def early_on(running):
    """The programme is halfway: the closing reflection is not open yet."""
    today = timezone.localdate()
    running.starts_on, running.ends_on = today - timedelta(days=90), today + timedelta(days=90)
    running.save()
    return running
