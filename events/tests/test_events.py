"""Event pages: who sees them, answering from the page, and the calendar file."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import RSVP, Event
from events.services import rsvp_respond
from events.tests.factories import EventFactory
from programs.models import Audience, Programme
from programs.tests.factories import participants

pytestmark = pytest.mark.django_db

EVENTS = reverse("events:list")


@pytest.fixture
def event(programme):
    return EventFactory(programme=programme, title="Kick-off evening", capacity=1)


def detail(event) -> str:
    return reverse("events:detail", args=[event.pk])


def rsvp_url(event) -> str:
    return reverse("events:rsvp", args=[event.pk])


def ics(event) -> str:
    return reverse("events:calendar", args=[event.pk])


@pytest.mark.parametrize(
    "audience, allowed",
    [
        (Audience.EVERYONE, {"mentor", "mentee", "coordinator"}),
        (Audience.MENTORS, {"mentor", "coordinator"}),
        (Audience.MENTEES, {"mentee", "coordinator"}),
    ],
)
def test_event_pages_answer_only_the_people_the_event_is_for(
    client, programme, audience, allowed, request
):
    event = EventFactory(programme=programme, audience=audience)
    people = ["mentor", "mentee", "coordinator", "other_mentee", "other_coordinator", "outsider"]

    for who in people:
        client.force_login(request.getfixturevalue(who))
        for url in (detail(event), ics(event)):
            expected = 200 if who in allowed else 404
            assert client.get(url).status_code == expected, (who, url)
        listed = event.title in client.get(EVENTS).content.decode()
        assert listed == (who in allowed), who


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    for url in (EVENTS, detail(event), ics(event)):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_anonymous_rsvp_goes_to_sign_in_and_changes_nothing(client, event):
    response = client.post(rsvp_url(event), {"response": "going"})

    assert response.status_code == 302
    assert not RSVP.objects.exists()


def test_an_unpublished_event_is_404_for_participants_but_shown_to_its_coordinator(
    client, programme, mentee, coordinator
):
    draft = EventFactory(programme=programme, published=False)

    client.force_login(mentee)
    assert client.get(detail(draft)).status_code == 404
    client.force_login(coordinator)
    assert client.get(detail(draft)).status_code == 200


def test_outsiders_cannot_answer_by_post(client, event, other_mentee, outsider):
    for person in (other_mentee, outsider):
        client.force_login(person)
        assert client.post(rsvp_url(event), {"response": "going"}).status_code == 404
    assert not RSVP.objects.exists()


def test_answering_needs_a_post(client, event, mentee):
    client.force_login(mentee)

    assert client.get(rsvp_url(event)).status_code == 405


def test_going_until_full_then_the_wait_list_with_its_place(
    client, event, mentor, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(mentor)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(rsvp_url(event), {"response": "going"}, follow=True)
    assert "You are going." in page.content.decode()
    assert [m.to for m in mailoutbox] == [[mentor.email]]

    client.force_login(mentee)
    page = client.post(rsvp_url(event), {"response": "going"}, follow=True).content.decode()

    assert "This event is full — you are on the wait-list." in page
    assert "You are on the wait-list (place 1)." in page
    assert RSVP.objects.get(user=mentee).status == RSVP.Status.WAITLISTED


def test_not_going_hands_the_place_to_the_wait_list(
    client, event, mentor, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    rsvp_respond(event=event, user=mentor, going=True)
    rsvp_respond(event=event, user=mentee, going=True)
    client.force_login(mentor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(rsvp_url(event), {"response": "not_going"})

    assert RSVP.objects.get(user=mentee).status == RSVP.Status.GOING
    assert [m.to for m in mailoutbox] == [[mentee.email]]


def test_the_page_shows_places_left(client, programme, mentee):
    event = EventFactory(programme=programme, capacity=5)

    client.force_login(mentee)
    page = client.get(detail(event)).content.decode()

    assert "5 places left of 5" in page
    assert 'value="going"' in page


def test_a_coordinator_sees_no_answer_buttons(client, event, coordinator):
    client.force_login(coordinator)

    page = client.get(detail(event)).content.decode()

    assert 'value="going"' not in page


def test_the_list_shows_my_answer_and_past_events_apart(client, programme, mentee):
    upcoming = EventFactory(programme=programme, title="Coming soon")
    EventFactory(
        programme=programme,
        title="Long ago",
        starts_at=timezone.now() - timedelta(days=30),
    )
    rsvp_respond(event=upcoming, user=mentee, going=True)
    client.force_login(mentee)

    now = client.get(EVENTS).content.decode()
    before = client.get(EVENTS + "?when=past").content.decode()

    assert "Coming soon" in now and "Long ago" not in now
    assert "Going" in now
    assert "Long ago" in before and "Coming soon" not in before


def test_the_calendar_file_describes_the_event_in_utc(client, programme, mentee):
    starts = datetime(2031, 3, 4, 17, 30, tzinfo=UTC)
    event = EventFactory(
        programme=programme,
        title="Networking night",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Town Hall",
        video_url="https://meet.example.org/night",
    )
    client.force_login(mentee)

    response = client.get(ics(event))
    again = client.get(ics(event))

    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    [entry] = calendar.walk("VEVENT")
    assert entry.decoded("dtstart") == starts
    assert entry.decoded("dtstart").utcoffset() == timedelta(0)
    assert entry.decoded("dtend") == starts + timedelta(hours=2)
    assert str(entry["summary"]) == "Networking night"
    assert str(entry["location"]) == "Town Hall"
    assert "https://meet.example.org/night" in str(entry["description"])
    assert b"DTSTART:20310304T173000Z" in response.content
    [same] = icalendar.Calendar.from_ical(again.content).walk("VEVENT")
    assert str(entry["uid"]) == str(same["uid"]) == f"event-{event.pk}@127.0.0.1"


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _bulk(programme, count: int) -> list[Event]:
    start = timezone.now() + timedelta(days=3)
    return Event.objects.bulk_create(
        Event(
            programme=programme,
            title=f"Bulk {i}",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            place="Here",
            capacity=3,
            published=True,
        )
        for i in range(count)
    )


def test_event_list_queries_do_not_grow_with_events(client, programme, mentee):
    client.force_login(mentee)
    rsvp_respond(event=_bulk(programme, 10)[0], user=mentee, going=True)
    few = _queries(client, EVENTS)

    for event in _bulk(programme, 990)[:20]:
        rsvp_respond(event=event, user=mentee, going=True)
    many = _queries(client, EVENTS)

    assert few == many


# --- The programme page's list of events -----------------------------------------------
def render_programme_events(programme, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load event_tags %}{% programme_events programme %}")
    return template.render(Context({"request": request, "programme": programme}))


def test_visitors_see_an_open_programmes_published_events_without_links(programme):
    from django.contrib.auth.models import AnonymousUser

    EventFactory(programme=programme, title="Information evening")
    EventFactory(programme=programme, title="Not yet out", published=False)

    html = render_programme_events(programme, AnonymousUser())

    assert "Information evening" in html
    assert "Not yet out" not in html
    assert "/events/" not in html


def test_visitors_see_no_events_of_a_running_programme(programme, outsider):
    EventFactory(programme=programme, title="Members only")
    programme.status = Programme.Status.RUNNING
    programme.save()

    assert "Members only" not in render_programme_events(programme, outsider)


def test_participants_see_their_events_linked(programme, mentor):
    event = EventFactory(programme=programme, title="For mentors", audience=Audience.MENTORS)
    EventFactory(programme=programme, title="For mentees", audience=Audience.MENTEES)

    html = render_programme_events(programme, mentor)

    assert "For mentors" in html and event.get_absolute_url() in html
    assert "For mentees" not in html


def _rsvp_counting(queries) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "events_rsvp"' in q["sql"] and "COUNT(" in q["sql"]]


def test_the_event_list_counts_places_for_the_events_on_its_page_only(client, programme, mentee):
    events = sorted(_bulk(programme, 25), key=lambda e: e.pk)
    on_page_two = events[-1]
    for person in participants(programme, 2):
        rsvp_respond(event=on_page_two, user=person, going=True)
    client.force_login(mentee)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(EVENTS, {"page": 2}).content.decode()

    assert "2 of 3 taken" in page
    [counting] = _rsvp_counting(queries)
    counted = counting.split(" IN (")[1].split(")")[0].split(", ")
    assert sorted(int(pk) for pk in counted) == [e.pk for e in events[20:]]
    listing = [q["sql"] for q in queries if 'FROM "events_event"' in q["sql"]]
    assert listing and not any('JOIN "events_rsvp"' in sql for sql in listing)


def test_the_event_list_keeps_its_tab_on_the_next_page(client, programme, mentee):
    start = timezone.now() - timedelta(days=30)
    Event.objects.bulk_create(
        Event(
            programme=programme,
            title=f"Old {i}",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            capacity=3,
            place="Here",
            published=True,
        )
        for i in range(21)
    )
    client.force_login(mentee)

    page = client.get(EVENTS, {"when": "past"}).content.decode()

    assert "?when=past&amp;page=2" in page


def test_bad_page_numbers_of_the_event_list_are_not_found_not_errors(client, programme, mentee):
    client.force_login(mentee)
    for bad in ("abc", "99999999999999999999", "-1", "0"):
        assert client.get(EVENTS, {"page": bad}).status_code == 404
