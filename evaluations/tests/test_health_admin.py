"""The relationships' health on the coordinators' list and on a relationship's page: the
state and its reasons in words, worked out once for the page whatever its rows."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory
from relationships.models import Match
from relationships.tests.factories import MatchFactory

from .conftest import as_


def noon(days_ago: int):
    """Noon by the site's clock ``days_ago`` days ago (its site day is exactly that far
    back, whatever the time of the run or a daylight-saving change between)."""
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(12)))


@pytest.fixture
def quiet(pair):
    match = pair[0]
    Match.objects.filter(pk=match.pk).update(started_at=noon(90), agreement_signed_at=noon(89))
    MeetingFactory(match=match, starts_at=noon(40), status=Meeting.Status.HELD)
    return match


def test_the_list_and_the_page_say_how_a_relationship_is_doing_and_why(client, users, quiet):
    as_(client, users["coordinator"])
    listed = client.get(reverse("admin:relationships_match_changelist")).content.decode()
    assert "At risk" in listed and "No meeting in 40 days" in listed
    page = client.get(reverse("admin:relationships_match_change", args=[quiet.pk]))
    assert "No meeting in 40 days" in page.content.decode()


def test_a_coordinator_elsewhere_sees_none_of_it(client, users, quiet):
    as_(client, users["other_coordinator"])
    listed = client.get(reverse("admin:relationships_match_changelist")).content.decode()
    assert "No meeting in 40 days" not in listed


def test_the_lists_queries_do_not_grow_with_its_rows(client, users, quiet, running):
    as_(client, users["coordinator"])
    url = reverse("admin:relationships_match_changelist")
    client.get(url)
    counts = []
    for more in (2, 10):
        for _ in range(more):
            MatchFactory(programme=running)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
