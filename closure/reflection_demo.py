"""The demo's closing reflection, in the entrepreneurs' programme: Olivia Grant mentored
Nora Falk for eighteen weeks; the coordinator marked their relationship completed three
days ago. Nora has written her closing reflection (her two goals re-rated, one reached);
Olivia has not yet, so her workspace asks her to, and once she has she reads Nora's.

Made through the services, as the pages would; safe to run again (a relationship already
made, or a reflection already written, is left as it is)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from goals.models import Goal
from goals.services import goal_create, goal_status_change
from programs.demo import Demo, demo_email
from programs.models import Enrolment
from relationships.models import Match, MatchMember
from relationships.services import agreement_sign, match_complete, match_create

from . import reflection_services as services
from .reflection_models import ClosingReflection

PROGRAMME = "entrepreneurs-spring"
MENTOR, MENTEE = "Olivia Grant", "Nora Falk"
LOGINS = [
    ("Mentor, closing reflection to write:", MENTOR),
    ("Mentee, closing reflection written:", MENTEE),
]


def _completed_pair(demo: Demo, programme) -> tuple[MatchMember, MatchMember] | None:
    mentor, mentee = (
        Enrolment.objects.filter(
            programme=programme, user=User.objects.filter(email=demo_email(name)).first()
        ).first()
        for name in (MENTOR, MENTEE)
    )
    if mentor is None or mentee is None:
        return None
    members = MatchMember.objects.select_related("match__programme", "enrolment__user")
    existing = members.filter(enrolment=mentee, match__programme=programme).first()
    if existing is not None:
        return members.get(match=existing.match, enrolment=mentor), existing
    match = match_create(
        programme=programme,
        mentor=mentor,
        mentees=[mentee],
        origin=Match.Origin.REQUEST,
        by=demo.coordinator,
    )
    since = timezone.now() - timedelta(weeks=18)
    Match.objects.filter(pk=match.pk).update(started_at=since)
    MatchMember.objects.filter(match=match).update(joined_at=since)
    olivia, nora = (
        members.get(match=match, enrolment=mentor),
        members.get(match=match, enrolment=mentee),
    )
    agreement_sign(member=nora)
    agreement_sign(member=olivia)
    nora = members.get(pk=nora.pk)
    target = demo.today + timedelta(days=1)
    sales = goal_create(
        member=nora,
        title="Sign my first three customers",
        measure="Three signed contracts.",
        target_date=target,
    )
    goal_create(
        member=nora,
        title="Set prices I can live on",
        measure="A price list that covers my costs and a salary.",
        target_date=target,
    )
    goal_status_change(member=nora, goal=sales, status=Goal.Status.COMPLETED, comment="Done!")
    match_complete(match=match, by=demo.coordinator)
    Match.objects.filter(pk=match.pk).update(ended_at=timezone.now() - timedelta(days=3))
    return members.get(pk=olivia.pk), members.get(pk=nora.pk)


def seed(demo: Demo) -> None:
    programme = demo.programmes.get(PROGRAMME)
    if programme is None:
        return
    demo.logins += [(label, demo_email(name)) for label, name in LOGINS]
    pair = _completed_pair(demo, programme)
    if pair is None:
        return
    _olivia, nora = pair
    if ClosingReflection.objects.filter(member=nora).exists():
        return
    goals = list(Goal.objects.filter(author=nora).order_by("pk"))
    ratings = [
        services.Rating(
            goal.pk, "yes" if goal.is_completed else "partly", 1, 5 if goal.is_completed else 3
        )
        for goal in goals
    ]
    try:
        services.closing_reflection_write(
            member=nora,
            achieved="My company has its first three customers, and I dare to say my price.",
            expectations_met=5,
            way_of_working=(
                "Meeting every second week kept me going. Olivia's questions before each "
                "meeting made me prepare properly."
            ),
            going_on=(
                "I keep the Friday hour for planning that we started, and I join the local "
                "entrepreneurs' network."
            ),
            stay_in_touch="maybe",
            stay_in_touch_how="A coffee when I sign my tenth customer.",
            ratings=ratings,
        )
    except ValidationError:
        return  # a demo database whose relationships do not fit: left out
