"""Demo resources and events for ``seed_demo``: a small library and a kick-off with answers."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from orientation.models import RSVP, Event, Resource
from programs.models import Enrolment, Programme

RESOURCES = [
    # (title, summary, url, audience, language)
    (
        "Första mötet – en checklista",
        "Presentation, förväntningar, ämnen och hur ni ska träffas.",
        "https://example.org/resurser/forsta-motet",
        "everyone",
        "sv",
    ),
    (
        "SMART goals in practice",
        "How to turn a wish into a goal you can follow up.",
        "https://example.org/resources/smart-goals",
        "mentee",
        "en",
    ),
    (
        "Att ställa frågor som öppnar",
        "För mentorer: coachande frågor i stället för färdiga svar.",
        "https://example.org/resurser/coachande-fragor",
        "mentor",
        "sv",
    ),
    (
        "Discussion topics and activity ideas",
        "Work situation, leadership, balancing work and life, career planning and more.",
        "https://example.org/resources/topics",
        "everyone",
        "any",
    ),
]


def seed_orientation(programmes: dict[str, Programme], coordinator: User) -> None:
    managers = programmes["new-managers-2027"]
    for title, summary, url, audience, language in RESOURCES:
        Resource.objects.get_or_create(
            programme=managers,
            title=title,
            defaults={
                "summary": summary,
                "url": url,
                "audience": audience,
                "language": language,
                "published": True,
                "created_by": coordinator,
            },
        )
    kick_off_day = managers.starts_on + timedelta(days=7)
    starts_at = timezone.make_aware(datetime.combine(kick_off_day, time(17, 0)))
    kick_off, created = Event.objects.get_or_create(
        programme=managers,
        kind=Event.Kind.KICK_OFF,
        defaults={
            "title": "Kick-off: Mentorskap för nya chefer",
            "description": (
                "Mentorer och adepter träffas för första gången. Vi går igenom programmet, "
                "avtalet och hur ett bra första möte går till. Fika från 16.30."
            ),
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=2, minutes=30),
            "place": "Konferensrum Ljuset, Storgatan 1, Stockholm",
            "capacity": 40,
            "audience": "everyone",
            "published": True,
        },
    )
    if created:
        # A few answers straight on the model, numbered seats as the service gives them.
        enrolled = Enrolment.objects.filter(programme=managers).select_related("user")[:6]
        for seat, enrolment in enumerate(enrolled, start=1):
            RSVP.objects.create(
                event=kick_off, user=enrolment.user, status=RSVP.Status.GOING, seat=seat
            )
