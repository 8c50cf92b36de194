import factory

from accounts.tests.factories import UserFactory
from notifications.models import Delivery, Preference


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    kind = "match-introduction"
    recipient = factory.SubFactory(UserFactory)
    about = factory.Sequence(lambda n: f"relationships.match:{n}")
    status = Delivery.Status.SENT
    attempts = 1


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference

    user = factory.SubFactory(UserFactory)
    kind = "messages"
    mode = Preference.Mode.OFF
