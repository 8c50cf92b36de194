"""Reads for events: who may see which, in one place.

Every rule is an ``Exists`` subquery rather than a join, so the querysets never hold
duplicate rows and need no ``distinct()`` — they stay cheap to count and paginate.
"""

from collections.abc import Iterable

from django.db.models import Count, Exists, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from programs.models import Audience
from programs.selectors import active_enrolments, audience_matches, coordinates

from .models import RSVP, Event


def events_for_user(user: User) -> QuerySet[Event]:
    """Participants: published events of their programmes for their role.

    Coordinators: every event of the programmes they coordinate, published or not.
    """
    events = Event.objects.select_related("programme")
    if not user.is_authenticated:
        return events.none()
    if user.is_superuser:
        return events.all()
    enrolled = active_enrolments(user).filter(programme=OuterRef("programme"))
    return events.filter((Q(published=True) & audience_matches(enrolled)) | coordinates(user))


def events_going_for_user(user: User) -> QuerySet[Event]:
    """Published events the person has a place at (RSVP "going"): their calendar feed's."""
    if not user.is_authenticated:
        return Event.objects.none()
    going = RSVP.objects.filter(event=OuterRef("pk"), user=user, status=RSVP.Status.GOING)
    return Event.objects.filter(Exists(going), published=True).order_by("starts_at", "pk")


def get_event_for_user(user: User, pk: int) -> Event:
    return get_object_or_404(events_for_user(user), pk=pk)


def user_may_rsvp(user: User, event: Event) -> bool:
    """Only participants the event is meant for answer; coordinators just look."""
    if not (user.is_authenticated and event.published):
        return False
    enrolled = active_enrolments(user).filter(programme=event.programme_id)
    if event.audience != Audience.EVERYONE:
        enrolled = enrolled.filter(role=event.audience)
    return enrolled.exists()


RSVP_COUNTS = {
    "going_count": Q(status=RSVP.Status.GOING),
    "waitlisted_count": Q(status=RSVP.Status.WAITLISTED),
    "attended_count": Q(attended=True),
}


def count_rsvps(events: Iterable[Event]) -> list[Event]:
    """``events`` (a page of them, or one) with ``going_count``, ``waitlisted_count`` and
    ``attended_count`` set, from one grouped query over these events' RSVPs only.

    Annotating the whole queryset instead joined every RSVP of every event (and counted them
    all) before the page was cut; here the cost is the page's, however many events there are.
    """
    events = list(events)
    counts = {
        row["event"]: row
        for row in RSVP.objects.filter(event__in=[e.pk for e in events])
        .values("event")
        .annotate(**{name: Count("pk", filter=when) for name, when in RSVP_COUNTS.items()})
        .order_by()
    }
    for event in events:
        for name in RSVP_COUNTS:
            setattr(event, name, counts.get(event.pk, {}).get(name, 0))
    return events


def rsvp_count_of(name: str) -> Func:
    """One event's count as a correlated subquery (for sorting a list by it, where it is
    computed only when someone sorts)."""
    rsvps = RSVP.objects.filter(RSVP_COUNTS[name], event=OuterRef("pk")).order_by()
    return Coalesce(Subquery(rsvps.values("event").annotate(n=Count("pk")).values("n")), 0)


def rsvp_for(user: User, event: Event) -> RSVP | None:
    return RSVP.objects.filter(event=event, user=user).first()


def waitlist(event: Event) -> QuerySet[RSVP]:
    """First come, first served."""
    return RSVP.objects.filter(event=event, status=RSVP.Status.WAITLISTED).order_by(
        "answered_at", "pk"
    )


def waitlist_position(rsvp: RSVP) -> int | None:
    if rsvp.status != RSVP.Status.WAITLISTED:
        return None
    ahead = waitlist(rsvp.event).filter(
        Q(answered_at__lt=rsvp.answered_at) | Q(answered_at=rsvp.answered_at, pk__lt=rsvp.pk)
    )
    return ahead.count() + 1


def upcoming(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.filter(ends_at__gt=timezone.now()).order_by("starts_at", "pk")


def past(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.filter(ends_at__lte=timezone.now()).order_by("-starts_at", "-pk")
