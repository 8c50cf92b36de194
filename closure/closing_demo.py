"""The demo's closed programme: "Leaders, autumn 2026" ran for half a year and was closed
by the coordinator three weeks ago — its two relationships completed, a closing ceremony
next week, two next-step resources picked, "New managers 2027" as the next programme,
Eva Lindqvist among the alumni (she wants to come back as a mentor) and a survey six
months after the end. Made through the services, as the coordinator would; safe to run
again (nothing is made twice)."""

from datetime import timedelta

from django.utils import timezone

from evaluations.survey_models import Survey, SurveyQuestion
from events.models import Event
from programs.demo import Demo, demo_email
from programs.models import Enrolment, Programme, ProgrammeStatusChange
from relationships.models import Match
from relationships.services import match_create
from resources.models import Resource

from .alumni_models import Alumnus
from .closing_models import ProgrammeClosing
from .closing_services import programme_close

SLUG = "leaders-autumn-2026"
NEXT = "new-managers-2027"
SPEC = {
    "slug": SLUG,
    "name_en": "Leaders, autumn 2026",
    "name_sv": "Ledare, hösten 2026",
    "description_en": "Six months with a mentor for people in their first leadership role.",
    "description_sv": "Ett halvår med en mentor för dig som är ny som chef.",
    "kind": Programme.Kind.ONE_TO_ONE,
    "matching_mode": Programme.MatchingMode.COORDINATOR,
    "status": Programme.Status.RUNNING,
    "offset_start": -200,
    "length": 180,
    "min_meetings": 4,
    "meeting_length_minutes": 60,
    "meeting_cadence": Programme.Cadence.MONTHLY,
    "follow_up_offsets": [60],
    "languages": ["sv", "en"],
}
PAIRS = [("Eva Lindqvist", "Oskar Nyberg"), ("Henrik Sundberg", "Sara Ekström")]
LOGINS = [
    ("Alumna of a closed programme:", "Eva Lindqvist"),
    ("Mentee after the programme:", "Oskar Nyberg"),
]
RESOURCES = [
    (
        "Going on alone: a plan for your first year after mentoring",
        "Att fortsätta på egen hand: en plan för året efter mentorskapet",
        "https://example.org/resources/going-on-alone",
    ),
    (
        "Becoming a mentor yourself",
        "Att själv bli mentor",
        "https://example.org/resources/becoming-a-mentor",
    ),
]


def seed(demo: Demo) -> None:
    if NEXT not in demo.programmes:
        return
    programme = demo.programme(SPEC)
    if programme.status == Programme.Status.RUNNING:
        _relationships(demo, programme)
        closing, _created = ProgrammeClosing.objects.get_or_create(programme=programme)
        programme_close(programme=programme, by=demo.coordinator)
        # Closed three weeks ago, as the story goes (the survey after counts from then).
        weeks_ago = timezone.now() - timedelta(days=21)
        ProgrammeClosing.objects.filter(pk=closing.pk).update(closed_at=weeks_ago)
        ProgrammeStatusChange.objects.filter(programme=programme).filter(
            to_status__in=[Programme.Status.CLOSING, Programme.Status.CLOSED]
        ).update(changed_at=weeks_ago)
    closing, _created = ProgrammeClosing.objects.get_or_create(programme=programme)
    if closing.next_programme_id is None:
        closing.next_programme = demo.programmes[NEXT]
        closing.save(update_fields=["next_programme"])
    if not closing.resources.exists():
        closing.resources.set([_resource(demo, programme, *spec) for spec in RESOURCES])
    _ceremony(demo, programme)
    _survey(programme)
    eva = demo.named("Eva Lindqvist")
    Alumnus.objects.get_or_create(user=eva, programme=programme)
    demo.logins += [(label, demo_email(name)) for label, name in LOGINS]


def _relationships(demo: Demo, programme: Programme) -> None:
    for mentor_name, mentee_name in PAIRS:
        mentor, mentee = demo.named(mentor_name), demo.named(mentee_name)
        demo.enrol(programme, mentor, Enrolment.Role.MENTOR)
        demo.enrol(programme, mentee, Enrolment.Role.MENTEE)
        if Match.objects.filter(programme=programme, members__enrolment__user=mentee).exists():
            continue
        match = match_create(
            programme=programme,
            mentor=Enrolment.objects.get(programme=programme, user=mentor),
            mentees=[Enrolment.objects.get(programme=programme, user=mentee)],
            origin=Match.Origin.MANUAL,
            by=demo.coordinator,
        )
        began = timezone.now() - timedelta(days=190)
        Match.objects.filter(pk=match.pk).update(started_at=began, status=Match.Status.ACTIVE)
        match.members.update(joined_at=began)


def _resource(demo: Demo, programme: Programme, en: str, sv: str, url: str) -> Resource:
    resource, _created = Resource.objects.get_or_create(
        programme=programme,
        url=url,
        defaults={
            "title": en,
            "summary": sv,
            "published": True,
            "created_by": demo.coordinator,
        },
    )
    return resource


def _ceremony(demo: Demo, programme: Programme) -> None:
    if Event.objects.filter(programme=programme, kind=Event.Kind.CLOSING).exists():
        return
    starts = timezone.now().replace(hour=16, minute=0, second=0, microsecond=0)
    starts += timedelta(days=7)
    Event.objects.create(
        programme=programme,
        kind=Event.Kind.CLOSING,
        title="Avslutning och diplomutdelning / Closing ceremony",
        description="Vi firar halvåret tillsammans. / We celebrate the half-year together.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Stadshuset, sal 2",
        capacity=60,
        published=True,
    )


def _survey(programme: Programme) -> None:
    if Survey.objects.filter(programme=programme, timing=Survey.Timing.AFTER).exists():
        return
    survey = Survey.objects.create(
        programme=programme,
        title_en="Six months after",
        title_sv="Ett halvår efter",
        intro_en="Half a year on: what has stayed with you from the programme?",
        intro_sv="Ett halvår senare: vad har du tagit med dig från programmet?",
        timing=Survey.Timing.AFTER,
        months_after=6,
        status=Survey.Status.PUBLISHED,
    )
    SurveyQuestion.objects.create(
        survey=survey,
        position=1,
        kind=SurveyQuestion.Kind.SCALE,
        text_en="How much do you still use what you learned?",
        text_sv="Hur mycket använder du fortfarande det du lärde dig?",
        required=True,
    )
    SurveyQuestion.objects.create(
        survey=survey,
        position=2,
        kind=SurveyQuestion.Kind.TEXT,
        text_en="What has changed for you since the programme ended?",
        text_sv="Vad har förändrats för dig sedan programmet slutade?",
        required=False,
    )
