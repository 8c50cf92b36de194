import factory

from programs.models import Audience
from programs.tests.factories import ProgrammeFactory
from resources.models import Resource


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
