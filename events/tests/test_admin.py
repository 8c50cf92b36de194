"""Coordinators manage resources and events of their own programmes, and nothing else."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import RSVP
from events.services import rsvp_respond
from events.tests.factories import EventFactory
from programs.tests.factories import participants

pytestmark = pytest.mark.django_db


def event_payload(event, **fields) -> dict:
    local = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    return {
        "programme": event.programme_id,
        "title": event.title,
        "kind": event.kind,
        "description": event.description,
        "audience": event.audience,
        "starts_at_0": local.strftime("%Y-%m-%d"),
        "starts_at_1": local.strftime("%H:%M:%S"),
        "ends_at_0": end.strftime("%Y-%m-%d"),
        "ends_at_1": end.strftime("%H:%M:%S"),
        "place": event.place,
        "video_url": event.video_url,
        "capacity": event.capacity,
        "published": "on",
        "rsvps-TOTAL_FORMS": 0,
        "rsvps-INITIAL_FORMS": 0,
        **fields,
    }


def test_event_list_counts_going_and_wait_listed(client, coordinator, programme):
    event = EventFactory(programme=programme, capacity=1, title="Workshop")
    for person in participants(programme, 3):
        rsvp_respond(event=event, user=person, going=True)
    client.force_login(coordinator)

    response = client.get(reverse("admin:events_event_changelist"))

    changelist = response.context["cl"]
    [row] = changelist.result_list
    assert (row.going_count, row.waitlisted_count) == (1, 2)


def test_the_change_page_sums_up_attendance(client, coordinator, programme):
    event = EventFactory(programme=programme, capacity=2)
    people = participants(programme, 3)
    for person in people:
        rsvp_respond(event=event, user=person, going=True)
    RSVP.objects.filter(user=people[0]).update(attended=True)
    client.force_login(coordinator)

    page = client.get(reverse("admin:events_event_change", args=[event.pk]))

    assert "Going: 2 of 2 · Wait-list: 1 · Attended: 1" in page.content.decode()


def test_capacity_below_the_people_going_is_refused(client, coordinator, programme):
    event = EventFactory(programme=programme, capacity=5)
    for person in participants(programme, 3):
        rsvp_respond(event=event, user=person, going=True)
    client.force_login(coordinator)
    url = reverse("admin:events_event_change", args=[event.pk])

    response = client.post(url, event_payload(event, capacity=2))

    assert "3 people are already going, so the capacity cannot be lower than 3" in (
        response.content.decode()
    )
    event.refresh_from_db()
    assert event.capacity == 5
    assert client.post(url, event_payload(event, capacity=3)).status_code == 302


def test_capacity_zero_is_refused(client, coordinator, programme):
    event = EventFactory(programme=programme)
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_payload(event, capacity=0),
    )

    assert "The capacity must be at least 1." in response.content.decode()


def test_raising_the_capacity_in_the_admin_seats_the_wait_list(client, coordinator, programme):
    event = EventFactory(programme=programme, capacity=1)
    first, second = participants(programme, 2)
    rsvp_respond(event=event, user=first, going=True)
    rsvp_respond(event=event, user=second, going=True)
    client.force_login(coordinator)

    client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_payload(event, capacity=2),
    )

    assert RSVP.objects.get(user=second).status == RSVP.Status.GOING


def test_marking_attendance_touches_only_own_programmes(
    client, coordinator, programme, other_programme
):
    own = EventFactory(programme=programme, starts_at=timezone.now() + timedelta(hours=1))
    theirs = EventFactory(programme=other_programme)
    [person] = participants(programme, 1)
    [stranger] = participants(other_programme, 1)
    ours = rsvp_respond(event=own, user=person, going=True)
    foreign = rsvp_respond(event=theirs, user=stranger, going=True)
    client.force_login(coordinator)

    page = client.get(reverse("admin:events_rsvp_changelist")).content.decode()
    client.post(
        reverse("admin:events_rsvp_changelist"),
        {"action": "mark_attended", "_selected_action": [ours.pk, foreign.pk]},
    )

    assert person.display_name in page and stranger.display_name not in page
    ours.refresh_from_db()
    foreign.refresh_from_db()
    assert (ours.attended, foreign.attended) == (True, None)


def test_other_coordinator_gets_nothing_of_our_rsvps(client, programme, other_coordinator):
    event = EventFactory(programme=programme)
    [person] = participants(programme, 1)
    rsvp = rsvp_respond(event=event, user=person, going=True)
    client.force_login(other_coordinator)

    response = client.get(reverse("admin:events_rsvp_change", args=[rsvp.pk]))

    assert response.status_code == 302


def test_the_event_list_counts_places_for_its_page_without_joining_every_rsvp(
    client, coordinator, programme
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    full, empty = EventFactory(programme=programme, capacity=1), EventFactory(programme=programme)
    for person in participants(programme, 2):
        rsvp_respond(event=full, user=person, going=True)
    client.force_login(coordinator)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:events_event_changelist"), {"o": "6"})

    rows = {
        row.pk: (row.going_count, row.waitlisted_count)
        for row in response.context["cl"].result_list
    }
    assert rows == {full.pk: (1, 1), empty.pk: (0, 0)}
    assert [row.pk for row in response.context["cl"].result_list] == [empty.pk, full.pk]
    listing = [q["sql"] for q in queries if 'FROM "events_event"' in q["sql"]]
    assert listing and not any('JOIN "events_rsvp"' in sql for sql in listing)
