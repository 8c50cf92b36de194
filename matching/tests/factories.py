"""Matching's objects, and programmes of people with applications ready to be matched."""

import factory

from intake.models import Application
from matching.models import (
    Exclusion,
    MatchingRun,
    MatchingSettings,
    MatchRequest,
    Preference,
    Suggestion,
)
from programs.models import Enrolment, Programme
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory


def matching_programme(**fields) -> Programme:
    fields = {"status": Programme.Status.MATCHING, **fields}
    if fields.get("kind") == Programme.Kind.PEER:
        fields.setdefault("matching_mode", Programme.MatchingMode.PEER_POOL)
    return ProgrammeFactory(**fields)


def many_people(programme: Programme, mentees: int, mentors: int, *, capacity: int = 2):
    """Hundreds of participants with applications, created in a few bulk inserts."""
    from django.utils import timezone

    from accounts.models import User

    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"bulk{start + k}@example.org", display_name=f"Person {start + k}")
        for k in range(mentees + mentors)
    )
    roles = [Enrolment.Role.MENTEE] * mentees + [Enrolment.Role.MENTOR] * mentors
    Enrolment.objects.bulk_create(
        Enrolment(programme=programme, user=u, role=r, capacity=capacity)
        for u, r in zip(users, roles, strict=True)
    )
    cities = ["Umeå", "Luleå", "Skellefteå"]
    Application.objects.bulk_create(
        Application(
            programme=programme,
            user=u,
            role=r,
            status=Application.Status.ACCEPTED,
            languages=["sv"] if k % 5 else ["en"],
            meeting_formats=["video", "in_person"] if k % 2 else ["phone"],
            city=cities[k % 3],
            career_level=["early", "manager", "senior"][k % 3],
            expertise=["budget planning", "leadership coaching", "career change"][k % 3],
            goals=["better budget", "coaching skills", "new career"][(k + 1) % 3],
            availability=["weekends"] if k % 4 else ["weekday_evenings"],
            working_style={"structure": k % 5 + 1},
            capacity=capacity,
            consent_given_at=timezone.now(),
            consent_notice_version=1,
            submitted_at=timezone.now(),
        )
        for k, (u, r) in enumerate(zip(users, roles, strict=True))
    )


class MatchingSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingSettings
        django_get_or_create = ("programme",)

    programme = factory.SubFactory(ProgrammeFactory)


class ExclusionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exclusion

    programme = factory.SubFactory(ProgrammeFactory)
    first = factory.SubFactory(EnrolmentFactory, programme=factory.SelfAttribute("..programme"))
    second = factory.SubFactory(
        EnrolmentFactory,
        programme=factory.SelfAttribute("..programme"),
        role=Enrolment.Role.MENTOR,
    )
    note = "Work together today."


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference

    chooser = factory.SubFactory(EnrolmentFactory)
    chosen = factory.SubFactory(
        EnrolmentFactory,
        programme=factory.SelfAttribute("..chooser.programme"),
        role=Enrolment.Role.MENTOR,
    )
    rank = 1


class MatchingRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingRun

    programme = factory.SubFactory(ProgrammeFactory, status=Programme.Status.MATCHING)
    status = MatchingRun.Status.READY


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suggestion

    run = factory.SubFactory(MatchingRunFactory)
    first = factory.SubFactory(EnrolmentFactory, programme=factory.SelfAttribute("..run.programme"))
    second = factory.SubFactory(
        EnrolmentFactory,
        programme=factory.SelfAttribute("..run.programme"),
        role=Enrolment.Role.MENTOR,
    )
    score = 50.0


class MatchRequestFactory(factory.django.DjangoModelFactory):
    """A request waiting its turn (an open one needs ``sent_at`` and ``expires_at``)."""

    class Meta:
        model = MatchRequest

    programme = factory.SubFactory(
        ProgrammeFactory,
        status=Programme.Status.MATCHING,
        matching_mode=Programme.MatchingMode.MENTEE_REQUESTS,
    )
    mentee = factory.SubFactory(EnrolmentFactory, programme=factory.SelfAttribute("..programme"))
    mentor = factory.SubFactory(
        EnrolmentFactory, programme=factory.SelfAttribute("..programme"), role="mentor"
    )
    rank = 1
    message = "I would like to learn from you."
