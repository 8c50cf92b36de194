"""The calendar downloads, with every method, asked by every role: the mentee, the mentor
(the other member), a member of another relationship, a coordinator of this programme
and of another, an anonymous visitor. Only the members get a file, each naming the
other; everyone else learns nothing."""

from datetime import timedelta

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from meetings import services
from meetings.services import Repeat
from programs.services import coordinator_grant

from .conftest import at

pytestmark = pytest.mark.django_db
ROLES = ["member", "other_member", "member_elsewhere", "coordinator", "other_coordinator", "anon"]
OUTSIDERS = ("member_elsewhere", "coordinator", "other_coordinator")


@pytest.fixture
def world(soon, pair, elsewhere, other_coordinator):
    match, mentor, mentee = pair
    meeting = services.meeting_propose(
        member=mentee, starts_at=at(soon, 40), minutes=60, format="in_person", place="Café Blom"
    )
    series = services.series_create(
        member=mentee,
        repeat=Repeat(
            starts_at=at(soon, 50), repeat="weekly", until=soon.starts_on + timedelta(80)
        ),
        minutes=60,
        format="video",
        place="Café Blom",
    )
    coordinator = UserFactory(display_name="Cora Coordinator", is_staff=True)
    coordinator_grant(user=coordinator, programme=soon)
    return {
        "match": match,
        "meeting": meeting,
        "series": series,
        "member": mentee.enrolment.user,
        "other_member": mentor.enrolment.user,
        "member_elsewhere": elsewhere.members.get(role="mentee").enrolment.user,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "anon": None,
    }


def url(world, name: str) -> str:
    if name == "calendar":
        kwargs = {"pk": world["match"].pk, "meeting": world["meeting"].pk}
    else:
        kwargs = {"pk": world["match"].pk, "series": world["series"].pk}
    return reverse(f"meetings:{name}", kwargs=kwargs)


def as_(client, user):
    if user is not None:
        client.force_login(user)
    return client


OTHER_NAME = {"member": "Maja Mentor", "other_member": "Adam Adept"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["calendar", "series_calendar"])
def test_every_calendar_download_read_by_every_role(client, world, role, name):
    response = as_(client, world[role]).get(url(world, name))

    if role == "anon":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif role in OUTSIDERS:
        assert response.status_code == 404
        assert "Café Blom" not in response.text and "BEGIN:VCALENDAR" not in response.text
    else:
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert "private" in response["Cache-Control"]
        calendar = icalendar.Calendar.from_ical(response.content)
        assert calendar["METHOD"] == "PUBLISH"
        events = calendar.walk("VEVENT")
        assert events and all("ATTENDEE" not in e for e in events)
        assert str(events[0]["LOCATION"]) == "Café Blom"
        assert OTHER_NAME[role] in str(events[0]["SUMMARY"])
        for user in (world["member"], world["other_member"]):
            assert user.email not in response.text


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["calendar", "series_calendar"])
def test_no_one_posts_to_a_calendar_download(client, world, role, name):
    response = as_(client, world[role]).post(url(world, name))

    if role == "anon":
        assert response.status_code == 302
    elif role in OUTSIDERS:
        assert response.status_code == 404
    else:
        assert response.status_code == 405


@pytest.mark.parametrize("bad", ["x", "²", "0", "-1", "9" * 30])
def test_a_forged_id_in_a_download_is_missing(client, world, bad):
    client.force_login(world["member"])
    match = world["match"].pk

    meeting = client.get(f"/relationships/{match}/meetings/{bad}/calendar.ics")
    series = client.get(f"/relationships/{match}/meetings/series/{bad}/calendar.ics")
    relationship = client.get(f"/relationships/{bad}/meetings/{world['meeting'].pk}/calendar.ics")

    assert (meeting.status_code, series.status_code, relationship.status_code) == (404, 404, 404)


def test_the_meeting_page_offers_the_downloads_and_the_feed(client, world):
    client.force_login(world["other_member"])
    match, series = world["match"], world["series"]
    in_series = series.meetings.first()

    single = client.get(reverse("meetings:detail", args=[match.pk, world["meeting"].pk])).text
    regular = client.get(reverse("meetings:detail", args=[match.pk, in_series.pk])).text

    assert url(world, "calendar") in single and url(world, "series_calendar") not in single
    assert reverse("meetings:calendar", args=[match.pk, in_series.pk]) in regular
    assert url(world, "series_calendar") in regular
    assert reverse("accounts:profile") + "#calendar-feed" in single


def test_a_series_download_costs_the_same_short_or_long(client, world, soon):
    match, mentee = world["match"], world["member"]
    member = match.members.get(enrolment__user=mentee)
    long = services.series_create(
        member=member,
        repeat=Repeat(
            starts_at=at(soon, 31), repeat="weekly", until=soon.starts_on + timedelta(320)
        ),
        minutes=60,
        format="video",
    )
    for meeting in long.meetings.all()[:10]:
        services.occurrence_move(
            member=member, meeting=meeting, starts_at=meeting.starts_at + timedelta(hours=1)
        )
    client.force_login(mentee)

    counts = []
    for series in (world["series"], long):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("meetings:series_calendar", args=[match.pk, series.pk]))
        assert response.status_code == 200
        counts.append(len(queries))

    assert long.meetings.count() > 40 and counts[0] == counts[1]
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 11
