from datetime import date, timedelta

import factory

from accounts.tests.factories import UserFactory
from programs.models import Area, Enrolment, Programme, ProgrammeStatusChange
from programs.notice_models import PrivacyNoticeVersion


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    description = "A programme for testing."
    status = Programme.Status.INTAKE_OPEN
    starts_on = factory.LazyFunction(lambda: date.today() + timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=180))
    languages = ["sv", "en"]


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    role = Enrolment.Role.MENTEE


class ProgrammeStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeStatusChange

    programme = factory.SubFactory(ProgrammeFactory)
    from_status = Programme.Status.DRAFT
    to_status = Programme.Status.INTAKE_OPEN


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Iterator(["Leadership", "Career", "Starting a business", "Finances"])


def participants(programme, count: int, role: str = "mentee", **fields) -> list:
    """``count`` new people enrolled in ``programme`` with ``role``; their users."""
    people = []
    for _ in range(count):
        person = UserFactory(**fields)
        EnrolmentFactory(programme=programme, user=person, role=role)
        people.append(person)
    return people


class PrivacyNoticeVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivacyNoticeVersion

    programme = factory.SubFactory(ProgrammeFactory)
    # Far above the versions a programme's own saves keep (1, 2, …).
    version = factory.Sequence(lambda n: 1000 + n)
    texts = factory.LazyFunction(lambda: {"en": "We keep your answers for the programme."})
    digest = "0" * 64
