"""Two people take the last place at the same moment (PostgreSQL, real row locks)."""

import threading

import pytest
from django.db import connection

from events.models import RSVP, Event
from events.services import rsvp_respond
from events.tests.factories import EventFactory
from programs.tests.factories import participants


@pytest.mark.django_db(transaction=True)
def test_two_people_answering_at_once_for_the_last_place_get_one_seat(postgresql, programme):
    event = EventFactory(programme=programme, capacity=2)
    [early] = participants(programme, 1)
    rsvp_respond(event=event, user=early, going=True)
    racers = participants(programme, 2)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def answer(person) -> None:
        barrier.wait()
        try:
            rsvp = rsvp_respond(event=Event.objects.get(pk=event.pk), user=person, going=True)
            outcomes.append(rsvp.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=[person]) for person in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["going", "waitlisted"]
    going = RSVP.objects.filter(event=event, status=RSVP.Status.GOING)
    assert sorted(going.values_list("seat", flat=True)) == [1, 2]
