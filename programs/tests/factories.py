from datetime import date, timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from programs.models import Application, Area, Enrolment, Programme, Question


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


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Iterator(["Leadership", "Career", "Starting a business", "Finances"])


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    programme = factory.SubFactory(ProgrammeFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    kind = Question.Kind.SHORT_TEXT
    required = True


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete application, submitted unless told otherwise."""

    class Meta:
        model = Application

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    role = Enrolment.Role.MENTEE
    status = Application.Status.SUBMITTED
    about_me = "I lead a small team."
    career_level = Application.CareerLevel.MANAGER
    expertise = "Giving feedback"
    goals = "Become a calmer leader."
    languages = ["sv", "en"]
    meeting_formats = [Application.MeetingFormat.VIDEO]
    availability = [Application.Availability.WEEKDAY_EVENINGS]
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_notice_version = 1
    submitted_at = factory.LazyFunction(timezone.now)
