"""The demo's certificates: last autumn's entrepreneurs' programme, now closed. Karl Åberg
mentored Elin Sjöberg there; they held their five meetings, Elin wrote her closing
reflection and has downloaded her certificate (issued by the rule); Karl has not written
his, so his certificate page says what is still missing. The code is printed nowhere: Elin
finds her verification link on her certificate page and in the PDF.

Made through the services, as the members and the coordinator would. Safe to run again:
nothing is made twice, and nothing where the programme is already there.
"""

from contextlib import suppress
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import services as meetings
from meetings.models import Format
from programs.demo import Demo
from programs.models import Enrolment, Programme
from programs.services import programme_transition
from relationships.models import Match, MatchMember
from relationships.services import match_complete, match_create

from . import certificate_services
from .models import Certificate, ClosingReflection

SLUG = "entrepreneurs-autumn"
SPEC = {
    "slug": SLUG,
    "name_en": "Mentors for new entrepreneurs – last autumn",
    "name_sv": "Mentorer för nya företagare – förra hösten",
    "description_en": "Five months with a mentor who has built a business before you.",
    "description_sv": "Fem månader med en mentor som själv har drivit företag.",
    "kind": Programme.Kind.ONE_TO_ONE,
    "matching_mode": Programme.MatchingMode.COORDINATOR,
    "status": Programme.Status.RUNNING,
    "offset_start": -260,
    "length": 150,
    "min_meetings": 5,
    "meeting_length_minutes": 90,
    "meeting_cadence": Programme.Cadence.MONTHLY,
    "languages": ["sv", "en"],
}
LOGINS = [("Mentee, certificate:", "Elin Sjöberg"), ("Mentor, certificate missing:", "Karl Åberg")]


def seed(demo: Demo) -> None:
    if demo.coordinator is None or Programme.objects.filter(slug=SLUG).exists():
        _remember(demo)
        return
    programme = demo.programme(SPEC)
    karl, elin = demo.named("Karl Åberg"), demo.named("Elin Sjöberg")
    demo.enrol(programme, karl, Enrolment.Role.MENTOR)
    demo.enrol(programme, elin, Enrolment.Role.MENTEE)
    enrolments = {e.user_id: e for e in Enrolment.objects.filter(programme=programme)}
    match = match_create(
        programme=programme,
        mentor=enrolments[karl.pk],
        mentees=[enrolments[elin.pk]],
        origin=Match.Origin.MANUAL,
        by=demo.coordinator,
    )
    began = datetime.combine(programme.starts_on, time(10), tzinfo=timezone.get_current_timezone())
    Match.objects.filter(pk=match.pk).update(started_at=began)
    members = {m.role: m for m in MatchMember.objects.select_related("match").filter(match=match)}
    for month in range(5):
        try:
            meetings.meeting_log(
                member=members["mentee"],
                starts_at=began + timedelta(days=14 + 28 * month),
                minutes=90,
                format=Format.IN_PERSON,
                place="Café Pascal, Stockholm",
            )
        except ValidationError:
            continue
    ClosingReflection.objects.create(
        match=match,
        member=members["mentee"],
        achieved="My first three customers, and a price list I dare to stand by.",
        expectations_met=5,
        way_of_working="A walk and a coffee once a month; an agenda two days before.",
        going_on="I meet two other new business owners every month and keep a log.",
        stay_in_touch="maybe",
    )
    match_complete(match=match, by=demo.coordinator)
    ended = datetime.combine(programme.ends_on, time(16), tzinfo=timezone.get_current_timezone())
    Match.objects.filter(pk=match.pk).update(ended_at=ended)
    mentee = MatchMember.objects.select_related("match__programme").get(pk=members["mentee"].pk)
    # Fewer meetings fitted into the demo's dates: no certificate, and Elin's page says why.
    if not Certificate.objects.filter(member=mentee).exists():
        with suppress(ValidationError):
            certificate_services.certificate_issue(member=mentee)
    for step in (Programme.Status.CLOSING, Programme.Status.CLOSED):
        try:
            programme_transition(programme=programme, to_status=step, by=demo.coordinator)
        except ValidationError:
            break
    _remember(demo)


def _remember(demo: Demo) -> None:
    from programs.demo import demo_email

    for label, name in LOGINS:
        if (label, demo_email(name)) not in demo.logins:
            demo.logins.append((label, demo_email(name)))
