import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from intake.models import Application, Question
from programs.models import Enrolment
from programs.tests.factories import ProgrammeFactory


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
