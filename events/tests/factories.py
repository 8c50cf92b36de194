from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from events.models import RSVP, Event
from programs.models import Audience
from programs.tests.factories import ProgrammeFactory


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
