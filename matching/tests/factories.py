"""People with applications, ready to be matched."""

from intake.models import Application
from intake.tests.factories import ApplicationFactory
from programs.models import Area, Enrolment, Programme
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory


def matching_programme(**fields) -> Programme:
    fields = {"status": Programme.Status.MATCHING, **fields}
    if fields.get("kind") == Programme.Kind.PEER:
        fields.setdefault("matching_mode", Programme.MatchingMode.PEER_POOL)
    return ProgrammeFactory(**fields)


def person(
    programme: Programme,
    role: str = Enrolment.Role.MENTEE,
    *,
    capacity: int = 1,
    areas: list[Area] = (),
    user=None,
    **application,
) -> Enrolment:
    """An active participant with an accepted application carrying ``application`` fields."""
    extra = {"user": user} if user else {}
    enrolment = EnrolmentFactory(programme=programme, role=role, capacity=capacity, **extra)
    app = ApplicationFactory(
        programme=programme,
        user=enrolment.user,
        role=role,
        status=Application.Status.ACCEPTED,
        capacity=max(capacity, 1),
        **application,
    )
    app.areas.set(areas)
    return enrolment


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
