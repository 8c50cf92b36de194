"""The demo's early end, in the entrepreneurs' programme: Oskar Jakobsson and his mentor
Olivia Grant met for a few weeks, then Oskar took a job abroad and ended the relationship
from the workspace, with a category, a reason for the coordinator and a kind word to
Olivia. Both are free to be matched again; the coordinator sees the category on the
match, and the reason behind its logged link.

Made through the services, as the member's page would. Safe to run again: nothing is made
once Oskar has had a relationship in the programme.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from programs.demo import Demo, demo_email
from programs.models import Enrolment
from relationships.models import Match, MatchMember
from relationships.services import match_create

from .ending_services import match_end_by_member

PROGRAMME = "entrepreneurs-spring"
MENTOR, MENTEE = "Olivia Grant", "Oskar Jakobsson"


def seed(demo: Demo) -> None:
    programme = demo.programmes.get(PROGRAMME)
    if programme is None:
        return
    demo.logins.append(("Mentee, ended early:", demo_email(MENTEE)))
    people = {
        enrolment.user.email: enrolment
        for enrolment in Enrolment.objects.select_related("user").filter(
            programme=programme,
            user__in=User.objects.filter(email__in=[demo_email(MENTOR), demo_email(MENTEE)]),
        )
    }
    mentor, mentee = people.get(demo_email(MENTOR)), people.get(demo_email(MENTEE))
    if mentor is None or mentee is None or mentee.memberships.exists():
        return
    match = match_create(
        programme=programme,
        mentor=mentor,
        mentees=[mentee],
        origin=Match.Origin.REQUEST,
        by=demo.coordinator,
    )
    since = timezone.now() - timedelta(weeks=7)
    Match.objects.filter(pk=match.pk).update(started_at=since)
    MatchMember.objects.filter(match=match).update(joined_at=since)
    match_end_by_member(
        member=MatchMember.objects.select_related("match", "enrolment__user").get(
            match=match, enrolment=mentee
        ),
        category=Match.EndCategory.LIFE_CHANGE,
        reason=(
            "I have been offered a job in Oslo from next month and will not have time to "
            "run the business alongside it."
        ),
        message=(
            "Tack, Olivia! Your advice on my pricing made the difference. I hope we meet "
            "again when I come back to the business."
        ),
    )
