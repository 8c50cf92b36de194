import factory

from accounts.tests.factories import UserFactory
from notifications.models import Delivery


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    kind = "match-introduction"
    recipient = factory.SubFactory(UserFactory)
    about = factory.Sequence(lambda n: f"relationships.match:{n}")
    status = Delivery.Status.SENT
    attempts = 1
