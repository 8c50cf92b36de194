"""The rules a resource, an event and an RSVP hold — in clean() and in the database."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import RSVP
from events.tests.factories import EventFactory, RSVPFactory

pytestmark = pytest.mark.django_db


def test_an_event_needs_a_capacity_of_at_least_one():
    event = EventFactory.build(capacity=0)
    event.programme.save()

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert error.value.message_dict["capacity"] == ["The capacity must be at least 1."]


def test_the_database_refuses_a_capacity_of_zero():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(capacity=0)


def test_an_event_must_end_after_it_starts():
    event = EventFactory()
    event.ends_at = event.starts_at - timedelta(minutes=1)

    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict["ends_at"] == ["An event must end after it starts."]

    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_an_event_needs_a_place_or_a_video_link():
    event = EventFactory(place="", video_url="https://meet.example.org/abc")
    event.video_url = ""

    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict["place"] == ["Give a place, a video link or both."]

    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_the_database_seats_one_person_per_seat():
    event = EventFactory()
    RSVPFactory(event=event, status=RSVP.Status.GOING, seat=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        RSVPFactory(event=event, status=RSVP.Status.GOING, seat=1)


@pytest.mark.parametrize(
    "status, seat",
    [(RSVP.Status.GOING, None), (RSVP.Status.WAITLISTED, 1), (RSVP.Status.GOING, 0)],
)
def test_the_database_ties_a_seat_to_going(status, seat):
    with pytest.raises(IntegrityError), transaction.atomic():
        RSVPFactory(status=status, seat=seat)


def test_a_person_answers_an_event_once():
    rsvp = RSVPFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RSVPFactory(event=rsvp.event, user=rsvp.user)


def test_factories_make_valid_objects():
    EventFactory().full_clean()
