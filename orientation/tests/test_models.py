"""The rules a resource, an event and an RSVP hold — in clean() and in the database."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from orientation.models import RSVP, Resource
from orientation.tests.factories import EventFactory, ResourceFactory, RSVPFactory

pytestmark = pytest.mark.django_db


def test_a_resource_needs_a_link_or_a_file(programme):
    resource = Resource(title="Nothing", programme=programme)

    with pytest.raises(ValidationError) as error:
        resource.full_clean()

    assert error.value.message_dict["url"] == ["Give a link or upload a file."]


def test_a_resource_cannot_have_both_a_link_and_a_file(programme):
    resource = Resource(
        title="Both",
        programme=programme,
        url="https://example.org/",
        file=SimpleUploadedFile("guide.pdf", b"%PDF-1.4"),
    )

    with pytest.raises(ValidationError) as error:
        resource.full_clean()

    assert "Give either a link or a file, not both." in error.value.message_dict["url"]


@pytest.mark.parametrize("url, file", [("", ""), ("https://example.org/", "resources/a.pdf")])
def test_the_database_refuses_a_resource_without_exactly_one_of_link_and_file(programme, url, file):
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.create(title="Bad", programme=programme, url=url, file=file)


def test_an_uploaded_file_over_the_limit_is_refused_with_the_limit(programme, settings):
    settings.RESOURCE_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("handbook.pdf", b"x" * (1024 * 1024 + 1))
    resource = Resource(title="Handbook", programme=programme, file=big)

    with pytest.raises(ValidationError) as error:
        resource.full_clean()

    assert error.value.message_dict["file"] == [
        "This file is 1.0\xa0MB; a resource may be at most 1.0\xa0MB."
    ]


def test_a_file_of_another_type_is_refused(programme):
    resource = Resource(
        title="Program", programme=programme, file=SimpleUploadedFile("run.exe", b"MZ")
    )

    with pytest.raises(ValidationError) as error:
        resource.full_clean()

    assert "File extension “exe” is not allowed." in error.value.message_dict["file"][0]


def test_a_small_pdf_is_accepted(programme):
    resource = Resource(
        title="Guide", programme=programme, file=SimpleUploadedFile("guide.pdf", b"%PDF")
    )

    resource.full_clean()


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
    ResourceFactory().full_clean()
    EventFactory().full_clean()
