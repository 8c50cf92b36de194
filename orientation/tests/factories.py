from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from orientation.models import RSVP, Audience, Event, Resource
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Resource {n}")
    summary = "Something worth reading."
    url = factory.Sequence(lambda n: f"https://example.org/resource-{n}")
    audience = Audience.EVERYONE
    language = Resource.Language.ANY
    programme = factory.SubFactory(ProgrammeFactory)
    published = True


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Event {n}")
    kind = Event.Kind.WORKSHOP
    description = "We meet and learn."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "Room 1, Town Hall"
    capacity = 10
    audience = Audience.EVERYONE
    published = True


class RSVPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RSVP

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = RSVP.Status.NOT_GOING


def participants(programme, count: int, role: str = "mentee", **fields) -> list:
    people = []
    for _ in range(count):
        person = UserFactory(**fields)
        EnrolmentFactory(programme=programme, user=person, role=role)
        people.append(person)
    return people
