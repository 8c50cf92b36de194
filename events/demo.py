"""Demo events for ``seed_demo``: a kick-off with a few answers, and in the entrepreneurs'
programme a networking lunch tomorrow that Lina and Karl are going to — so the reminder the
day before goes out while ``make run`` is up (its worker prints the e-mails)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from events.models import RSVP, Event
from programs.demo import Demo
from programs.models import Enrolment


def seed(demo: Demo) -> None:
    seed_kick_off(demo)
    seed_lunch(demo)


def seed_kick_off(demo: Demo) -> None:
    managers = demo.programmes["new-managers-2027"]
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


def seed_lunch(demo: Demo) -> None:
    entrepreneurs = demo.programmes["entrepreneurs-spring"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    starts_at = timezone.make_aware(datetime.combine(tomorrow, time(12, 0)))
    lunch, created = Event.objects.get_or_create(
        programme=entrepreneurs,
        kind=Event.Kind.NETWORKING,
        defaults={
            "title": "Nätverkslunch för entreprenörer",
            "description": "Lunch med programmets mentorer och adepter. Ta med visitkort.",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=1, minutes=30),
            "place": "Restaurang Gröna Lund, Södermalm",
            "capacity": 20,
            "audience": "everyone",
            "published": True,
        },
    )
    if created:
        # They answered a week ago: the reminder goes 24 hours before, by each one's clock.
        answered = timezone.now() - timedelta(days=7)
        people = Enrolment.objects.filter(
            programme=entrepreneurs,
            user__email__in=["lina.hassan@example.org", "karl.aberg@example.org"],
        ).select_related("user")
        for seat, enrolment in enumerate(people, start=1):
            RSVP.objects.create(
                event=lunch,
                user=enrolment.user,
                status=RSVP.Status.GOING,
                seat=seat,
                answered_at=answered,
            )
