import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from intake.models import (
    Answer,
    Application,
    ApplicationStatusChange,
    ConsentRecord,
    Interview,
    Question,
)
from programs.models import Area, Enrolment, Programme
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory


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


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    application = factory.SubFactory(ApplicationFactory)
    question = factory.SubFactory(
        QuestionFactory, programme=factory.SelfAttribute("..application.programme")
    )
    value = "An answer."


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    application = factory.SubFactory(ApplicationFactory)
    held_on = factory.LazyFunction(timezone.localdate)
    recommendation = Interview.Recommendation.ACCEPT
    notes = "Clear about what they want."


class ApplicationStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationStatusChange

    application = factory.SubFactory(ApplicationFactory)
    from_status = Application.Status.DRAFT
    to_status = Application.Status.SUBMITTED


def person(
    programme: Programme,
    role: str = Enrolment.Role.MENTEE,
    name: str | None = None,
    *,
    capacity: int = 1,
    areas: list[Area] = (),
    user=None,
    applied: bool = True,
    **application,
) -> Enrolment:
    """One participant of ``programme`` in ``role``: the test suite's one way to make one.

    ``name`` gives the person a display name and an e-mail made from it. With ``applied``
    (the default) they came in through an accepted application carrying ``application``
    fields and ``areas``, as matching expects.
    """
    if user is None and name:
        email = f"{name.lower().replace(' ', '.')}@example.org"
        user = UserFactory(display_name=name, email=email)
    elif user is None:
        user = UserFactory()
    enrolment = EnrolmentFactory(programme=programme, user=user, role=role, capacity=capacity)
    if applied:
        app = ApplicationFactory(
            programme=programme,
            user=user,
            role=role,
            status=Application.Status.ACCEPTED,
            capacity=max(capacity, 1),
            **application,
        )
        app.areas.set(areas)
    return enrolment


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    application = factory.SubFactory(ApplicationFactory)
    user = factory.LazyAttribute(lambda o: o.application.user)
    programme = factory.LazyAttribute(lambda o: o.application.programme)
    notice_version = 1
    language = "en"
    given_at = factory.LazyFunction(timezone.now)
