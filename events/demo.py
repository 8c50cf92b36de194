"""Demo events for ``seed_demo``: a kick-off with a few answers."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from events.models import RSVP, Event
from programs.demo import Demo
from programs.models import Enrolment


def seed(demo: Demo) -> None:
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
