"""The demo's mid-point review and reports, in the entrepreneurs' programme: it asks for a
report every four weeks; Lina has written her mid-point review (Karl not yet, so his
workspace invites him to) and her report for the open period, with a word for the
coordinator. Safe to run again: nothing is made twice."""

from django.core.exceptions import ValidationError

from programs.demo import Demo
from programs.models import Programme
from relationships.models import MatchMember

from . import review_services as services
from .review_models import MidpointReview, ParticipantReport

PROGRAMME = "entrepreneurs-spring"
EMAIL = "lina.hassan@example.org"


def seed(demo: Demo) -> None:
    programme = demo.programmes.get(PROGRAMME)
    if programme is None:
        return
    if not programme.report_every_weeks:
        Programme.objects.filter(pk=programme.pk).update(report_every_weeks=4)
        programme.report_every_weeks = 4
    lina = (
        MatchMember.objects.select_related("match__programme")
        .filter(match__programme=programme, enrolment__user__email=EMAIL, current=True)
        .first()
    )
    if lina is None:
        return
    lina.match.programme.report_every_weeks = programme.report_every_weeks
    if not MidpointReview.objects.filter(member=lina).exists():
        MidpointReview.objects.create(
            match=lina.match,
            member=lina,
            good="Karl shares how he priced his first contracts; that has helped a lot.",
            better="We could plan the topics a week ahead instead of on the day.",
            change="Meet every second Tuesday, by video in the summer.",
        )
    period = services.open_period(lina)
    if period is not None and not ParticipantReport.objects.filter(member=lina).exists():
        try:
            services.participant_report_write(
                member=lina,
                period=period.number,
                how_going=4,
                meetings_since=services.meetings_since_last_report(lina),
                to_coordinator="All good. I would like to join the pricing workshop.",
            )
        except ValidationError:
            return  # a demo database whose dates do not fit: left out
