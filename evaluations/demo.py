"""The demo's follow-ups, in the entrepreneurs' programme: the coordinator called Lina and
Karl ten days ago (logged, with a note only coordinators read, and the next call set a
month ahead), and a call to Maja Blom, who answered the fit check with a "no", is due
today.

Made through the services, as the admin would. Safe to run again: nothing is made once the
programme has follow-ups, or where the relationships are not there.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError

from programs.demo import Demo
from relationships.models import Match

from . import review_demo, services, survey_demo
from .models import FollowUp

PROGRAMME = "entrepreneurs-spring"
NOTE = (
    "Called Lina: the meetings work well and the agreement holds. She would like more on "
    "pricing; Karl suggested a session with his accountant. Both happy to go on."
)


def _match_of(programme, email: str) -> Match | None:
    return (
        Match.objects.filter(
            programme=programme,
            status__in=Match.CURRENT,
            members__enrolment__user__email=email,
            members__current=True,
        )
        .order_by("-started_at")
        .first()
    )


def seed(demo: Demo) -> None:
    review_demo.seed(demo)
    survey_demo.seed(demo)
    programme = demo.programmes.get(PROGRAMME)
    if programme is None or FollowUp.objects.filter(match__programme=programme).exists():
        return
    lina = _match_of(programme, "lina.hassan@example.org")
    maja = _match_of(programme, "maja.blom@example.org")
    try:
        if lina is not None:
            asked = services.follow_up_ask(
                match=lina, due_on=demo.today - timedelta(days=14), by=demo.coordinator
            )
            services.follow_up_log(
                follow_up=asked,
                by=demo.coordinator,
                done_on=demo.today - timedelta(days=10),
                channel=FollowUp.Channel.PHONE,
                note=NOTE,
                next_due_on=demo.today + timedelta(days=30),
            )
        if maja is not None:
            services.follow_up_ask(match=maja, due_on=demo.today, by=demo.coordinator)
    except ValidationError:
        return  # a demo database older or younger than its relationships: left out
