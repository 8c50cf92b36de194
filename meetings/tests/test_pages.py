"""The meetings' pages as members and coordinators read them: progress towards the
minimum, the coordinators' counts and dates, and a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from meetings import services
from meetings.models import Meeting
from programs.services import coordinator_grant

from .conftest import at

pytestmark = pytest.mark.django_db


def many(member, n: int, *, held: bool = False) -> None:
    """``n`` meetings in a few inserts (what the services would make)."""
    Meeting.objects.bulk_create(
        Meeting(
            match_id=member.match_id,
            proposed_by=member,
            status=Meeting.Status.HELD if held else Meeting.Status.PLANNED,
            starts_at=timezone.now() + timedelta(days=(-k - 1) if held else k + 1),
            minutes=60,
            held_minutes=60 if held else None,
            format="video",
            place=f"Room {k}",
        )
        for k in range(n)
    )


@pytest.mark.parametrize("page", ["meetings:list", "relationships:workspace"])
def test_pages_read_in_as_many_queries_with_1_and_200_meetings(client, soon, pair, page):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    many(mentee, 1)
    many(mentee, 1, held=True)
    path = reverse(page, args=[match.pk])
    client.get(path)

    with CaptureQueriesContext(connection) as few:
        client.get(path)
    many(mentee, 199)
    many(mentee, 199, held=True)
    with CaptureQueriesContext(connection) as lots:
        response = client.get(path)

    assert response.status_code == 200
    assert len(lots) == len(few)


def test_held_meetings_count_towards_the_minimum_everywhere(client, soon, pair):
    match, _mentor, mentee = pair
    many(mentee, 2, held=True)
    many(mentee, 1)  # planned: not counted
    client.force_login(mentee.enrolment.user)

    workspace = client.get(reverse("relationships:workspace", args=[match.pk])).text
    mine = client.get(reverse("dashboard:mine")).text

    assert "2 of at least 6 meetings held" in workspace
    assert "2 of at least 6 meetings held" in mine


def test_the_first_held_meeting_opens_the_fit_check(client, soon, pair):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    assert (
        "Answer the fit check"
        not in client.get(reverse("relationships:workspace", args=[match.pk])).text
    )

    services.meeting_log(
        member=mentee, starts_at=timezone.now() - timedelta(days=1), minutes=60, format="video"
    )

    assert (
        "Answer the fit check"
        in client.get(reverse("relationships:workspace", args=[match.pk])).text
    )


def test_coordinators_see_counts_and_dates_never_agendas_or_places(client, soon, pair, elsewhere):
    match, mentor, mentee = pair
    many(mentee, 3, held=True)
    planned = services.meeting_propose(
        member=mentee, starts_at=at(soon, 60), minutes=60, format="video", place="Secret café"
    )
    services.meeting_accept(member=mentor, meeting=planned)
    cora = UserFactory(is_staff=True)
    coordinator_grant(user=cora, programme=soon)
    client.force_login(cora)
    changelist = reverse("admin:relationships_match_changelist")

    listing = client.get(changelist)
    behind = client.get(changelist, {"meetings": "behind"})
    nothing = client.get(changelist, {"meetings": "none_planned"})
    change = client.get(reverse("admin:relationships_match_change", args=[match.pk])).text

    assert "3 / 6" in listing.text
    assert "Secret café" not in listing.text and "Secret café" not in change
    assert {m.pk for m in behind.context["cl"].result_list} == {match.pk, elsewhere.pk}
    assert [m.pk for m in nothing.context["cl"].result_list] == [elsewhere.pk]
