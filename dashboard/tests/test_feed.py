"""A person's calendar feed: exactly their meetings and the events they are going to,
published without attendees; a wrong, revoked or malformed address answers 404 with
nothing in it; the cost stays the same with 1 and 200 meetings."""

from datetime import timedelta

import icalendar
import pytest
import recurring_ical_events
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.services import calendar_token_renew, calendar_token_revoke
from events.models import RSVP
from events.tests.factories import EventFactory
from intake.tests.factories import person
from meetings import services
from meetings.models import Meeting
from meetings.services import Repeat
from programs.models import Enrolment, Programme
from relationships.services import match_create, match_end
from relationships.tests import conftest as relationships_fixtures

pytestmark = pytest.mark.django_db

# The workspace's fixtures: a running programme, Maja and Adam, Nils and Bo.
running = relationships_fixtures.running
pair = relationships_fixtures.pair
elsewhere = relationships_fixtures.elsewhere


def at(programme, days: int, hour: int = 17):
    from datetime import datetime, time

    day = programme.starts_on + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def soon(running):
    today = timezone.localdate()
    running.starts_on = today - timedelta(days=30)
    running.ends_on = today + timedelta(days=330)
    running.save()
    return running


def feed_url(token: str) -> str:
    return reverse("dashboard:calendar_feed", kwargs={"token": token})


def uids(response) -> set[str]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["UID"]) for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e}


@pytest.fixture
def adams_world(soon, pair, elsewhere):
    """Adam's meetings with Maja (one planned, one cancelled, a series), Bo's with Nils,
    events Adam is going to, waits for and declined."""
    _match, mentor, mentee = pair
    planned = services.meeting_propose(
        member=mentee, starts_at=at(soon, 40), minutes=60, format="in_person", place="Café Blom"
    )
    services.meeting_accept(member=mentor, meeting=planned)
    cancelled = services.meeting_propose(
        member=mentee, starts_at=at(soon, 41), minutes=60, format="video"
    )
    services.meeting_cancel(member=mentor, meeting=cancelled)
    series = services.series_create(
        member=mentor,
        repeat=Repeat(
            starts_at=at(soon, 50), repeat="weekly", until=soon.starts_on + timedelta(90)
        ),
        minutes=60,
        format="video",
    )
    bo = elsewhere.members.get(role="mentee")
    services.meeting_propose(member=bo, starts_at=at(soon, 42), minutes=60, format="video")
    user = mentee.enrolment.user
    going, waiting, declined, unpublished = EventFactory.create_batch(4, programme=soon)
    RSVP.objects.create(event=going, user=user, status=RSVP.Status.GOING, seat=1)
    RSVP.objects.create(event=waiting, user=user, status=RSVP.Status.WAITLISTED)
    RSVP.objects.create(event=declined, user=user, status=RSVP.Status.NOT_GOING)
    RSVP.objects.create(event=unpublished, user=user, status=RSVP.Status.GOING, seat=1)
    unpublished.published = False
    unpublished.save()
    return {
        "user": user,
        "token": calendar_token_renew(user=user),
        "planned": planned,
        "series": series,
        "going": going,
    }


def test_the_feed_lists_exactly_the_persons_meetings_and_events(client, adams_world):
    response = client.get(feed_url(adams_world["token"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private"
    assert uids(response) == {
        f"meeting-{adams_world['planned'].pk}@127.0.0.1",
        f"series-{adams_world['series'].pk}@127.0.0.1",
        f"event-{adams_world['going'].pk}@127.0.0.1",
    }
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    assert all("ATTENDEE" not in e for e in calendar.walk("VEVENT"))
    assert "@example.org" not in response.text  # nobody's address, not even Adam's
    assert "Meeting with Maja Mentor · Leaders 2027" in response.text
    assert "Bo Berg" not in response.text and "Nils" not in response.text
    # As a calendar program shows it: every meeting of Adam's that is not cancelled, each
    # of the series' times, and the event — nothing else.
    shown = recurring_ical_events.of(calendar).between(
        timezone.now() - timedelta(days=400), timezone.now() + timedelta(days=800)
    )
    adams = Meeting.objects.filter(match__members__enrolment__user=adams_world["user"])
    expected = [m.starts_at for m in adams.exclude(status="cancelled")]
    expected.append(adams_world["going"].starts_at.replace(microsecond=0))
    assert sorted(e.start for e in shown) == sorted(expected)


def test_the_feed_speaks_its_owners_language(client, adams_world):
    user = adams_world["user"]
    user.preferred_language = "sv"
    user.save()

    text = client.get(feed_url(adams_world["token"]), HTTP_ACCEPT_LANGUAGE="en").text

    assert "Möte med Maja Mentor · Leaders 2027" in text


def test_of_a_relationship_left_only_what_took_place_stays(client, soon, pair, adams_world):
    match, _mentor, mentee = pair
    held = services.meeting_log(
        member=mentee, starts_at=timezone.now() - timedelta(days=3), minutes=60, format="video"
    )
    match_end(match=match, by=mentee.enrolment.user, reason="Moved away")

    response = client.get(feed_url(adams_world["token"]))

    assert uids(response) == {
        f"meeting-{held.pk}@127.0.0.1",
        f"event-{adams_world['going'].pk}@127.0.0.1",
    }


@pytest.mark.parametrize(
    "token",
    ["wrong-" + "x" * 37, "short", "x" * 65, "%00" + "x" * 40, "x" * 42 + "²", "x" * 42 + "."],
)
def test_a_wrong_or_malformed_address_answers_404_and_tells_nothing(client, adams_world, token):
    response = client.get(f"/calendar/{token}.ics")

    assert response.status_code == 404
    assert response.content == b""


def test_a_revoked_or_replaced_address_answers_404(client, adams_world):
    user, old = adams_world["user"], adams_world["token"]

    new = calendar_token_renew(user=user)
    replaced = client.get(feed_url(old))
    assert client.get(feed_url(new)).status_code == 200
    calendar_token_revoke(user=user)
    revoked = client.get(feed_url(new))

    assert (replaced.status_code, replaced.content) == (404, b"")
    assert (revoked.status_code, revoked.content) == (404, b"")


def test_a_deactivated_persons_feed_answers_404(client, adams_world):
    user = adams_world["user"]
    user.is_active = False
    user.save()

    response = client.get(feed_url(adams_world["token"]))

    assert (response.status_code, response.content) == (404, b"")


def test_only_get_and_head(client, adams_world):
    assert client.head(feed_url(adams_world["token"])).status_code == 200
    assert client.post(feed_url(adams_world["token"])).status_code == 405


def group_with(programme, singles: int, in_series: int = 0) -> str:
    """A mentee in a group of three with ``singles`` meetings on their own and a series of
    ``in_series`` weekly meetings with one time moved; the mentee's feed address."""
    mentor = person(programme, Enrolment.Role.MENTOR, f"Greta {singles}", capacity=2)
    mentees = [person(programme, Enrolment.Role.MENTEE, f"Mentee {singles} {n}") for n in range(2)]
    match = match_create(
        programme=programme, mentor=mentor, mentees=mentees, origin="manual", by=None
    )
    member = match.members.get(enrolment=mentees[0])
    Meeting.objects.bulk_create(
        Meeting(
            match=match,
            proposed_by=member,
            starts_at=at(programme, 31) + timedelta(hours=n),
            minutes=60,
            format="video",
        )
        for n in range(singles)
    )
    if in_series:
        series = services.series_create(
            member=member,
            repeat=Repeat(
                starts_at=at(programme, 40),
                repeat="weekly",
                until=programme.starts_on + timedelta(days=40 + 7 * (in_series - 1)),
            ),
            minutes=60,
            format="video",
        )
        moved = series.meetings.first()
        services.occurrence_move(
            member=member, meeting=moved, starts_at=moved.starts_at + timedelta(hours=1)
        )
    return calendar_token_renew(user=mentees[0].user)


def test_the_feed_costs_the_same_with_1_and_200_meetings(client, soon):
    soon.kind = Programme.Kind.GROUP
    soon.save()
    small, large = group_with(soon, 1), group_with(soon, 160, in_series=40)
    assert Meeting.objects.count() == 201

    counts = []
    for token in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(feed_url(token))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    # 160 meetings, the series' entry and its one moved time.
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 162
