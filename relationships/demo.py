"""The demo's relationships: in the running programme, a pair well under way (agreement
signed, first meeting done, messages), one just formed (nobody has signed yet), one
where the mentee answered the fit check with a "no", for the coordinator to pick up, and
one paused for two weeks (the mentor is travelling), with its reason and return date
(Nils Dahl and Mohammed Rahimi; the coordinator sees "Paused until …" in the admin).

Made through the services, as the pages would; safe to run again (a mentee who already has
a relationship is left as they are).
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from programs.demo import Demo, demo_email
from programs.models import Enrolment

from .models import Match, MatchMember
from .selectors import has_current_match
from .services import (
    agreement_sign,
    contact_update,
    fit_check_answer,
    guide_update,
    match_create,
    match_pause,
    message_send,
)

PROGRAMME = "entrepreneurs-spring"
DONE = dict.fromkeys(("introductions", "expectations", "topics", "structure"), True)

LOGINS = [
    ("Mentor, workspace:", "Karl Åberg"),
    ("Mentee, workspace, goals:", "Lina Hassan"),
    ("Mentee, to sign:", "Lucas Holmberg"),
    ("Mentee, fit check no:", "Maja Blom"),
]


def _pair(demo: Demo, mentor_name: str, mentee_name: str, *, weeks_ago: int):
    """The pair's members (mentor, mentee), or None if the mentee is already matched."""
    programme = demo.programmes[PROGRAMME]
    mentor, mentee = (
        Enrolment.objects.select_related("user").get(
            programme=programme, user=User.objects.get(email=demo_email(name))
        )
        for name in (mentor_name, mentee_name)
    )
    if has_current_match(mentee):
        return None
    match = match_create(
        programme=programme,
        mentor=mentor,
        mentees=[mentee],
        origin=Match.Origin.REQUEST,
        by=demo.coordinator,
    )
    since = timezone.now() - timedelta(weeks=weeks_ago)
    Match.objects.filter(pk=match.pk).update(started_at=since)
    MatchMember.objects.filter(match=match).update(joined_at=since)
    members = MatchMember.objects.select_related("match__programme", "enrolment__user")
    return (
        members.get(match=match, enrolment=mentor),
        members.get(match=match, enrolment=mentee),
    )


def _agreed(mentor: MatchMember, mentee: MatchMember, **terms) -> None:
    guide_update(member=mentee, steps=DONE, **terms)
    agreement_sign(member=mentee)
    agreement_sign(member=mentor)


def seed(demo: Demo) -> None:
    programme = demo.programmes.get(PROGRAMME)
    if programme is None:
        return
    demo.logins += [(label, demo_email(name)) for label, name in LOGINS]
    areas = list(programme.areas.all()[:2])

    under_way = _pair(demo, "Karl Åberg", "Lina Hassan", weeks_ago=6)
    if under_way:
        karl, lina = under_way
        _agreed(
            karl,
            lina,
            cadence="fortnightly",
            meeting_format="mixed",
            place="Café Linné, or video when we are travelling",
            meeting_minutes=90,
            areas=areas,
            mentee_expectations="Honest feedback on my business plan and on pricing.",
            mentor_expectations="Lina sends the agenda two days before we meet.",
        )
        contact_update(
            member=karl, shares_email=True, phone="+46 70 555 01 23", preferred_channel="phone"
        )
        fit_check_answer(member=lina, answer="yes")
        fit_check_answer(member=karl, answer="yes")
        message_send(member=lina, body="I have sent the bank my first draft. Thank you!")
        message_send(member=karl, body="Well done. Bring the numbers on Thursday.")

    _pair(demo, "Linnea Forsberg", "Lucas Holmberg", weeks_ago=0)

    doubtful = _pair(demo, "Maria Costa", "Maja Blom", weeks_ago=5)
    if doubtful:
        maria, maja = doubtful
        _agreed(maria, maja, cadence="monthly", meeting_format="video", meeting_minutes=60)
        fit_check_answer(
            member=maja,
            answer="no",
            comment="We want different things: I need help with sales, Maria talks about hiring.",
        )
        fit_check_answer(member=maria, answer="not_sure")

    resting = _pair(demo, "Nils Dahl", "Mohammed Rahimi", weeks_ago=4)
    if resting:
        nils, mohammed = resting
        _agreed(nils, mohammed, cadence="fortnightly", meeting_format="in_person")
        match_pause(
            match=nils.match,
            by=nils.enrolment.user,
            until=timezone.localdate() + timedelta(days=14),
            reason="I am at a trade fair in Shanghai and then on holiday. Back in two weeks!",
        )
