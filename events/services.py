"""Writes for events: answering, the wait-list and capacity. Views and the admin call these.

Every write that hands out or takes back a seat first locks the event's row, so answers
to one event are applied one at a time. The unique (event, seat) constraint is the
backstop: even code that skipped the lock could not seat two people in one place.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User

from . import tasks
from .models import RSVP, Event
from .selectors import user_may_rsvp, waitlist


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _taken_seats(event: Event) -> set[int]:
    return set(RSVP.objects.filter(event=event, seat__isnull=False).values_list("seat", flat=True))


def _free_seat(event: Event) -> int | None:
    """The lowest free seat within the capacity, or None when the event is full."""
    taken = _taken_seats(event)
    if len(taken) >= event.capacity:
        return None
    return next(seat for seat in range(1, event.capacity + 1) if seat not in taken)


def _promote_waitlisted(event: Event) -> list[RSVP]:
    """Give free places to the wait-list, first come first served, and tell them."""
    promoted = []
    for rsvp in waitlist(event).select_related("user"):
        seat = _free_seat(event)
        if seat is None:
            break
        rsvp.status, rsvp.seat = RSVP.Status.GOING, seat
        rsvp.save(update_fields=["status", "seat", "updated_at"])
        tasks.email_place_offered.delay_on_commit(rsvp.pk, rsvp.updated_at.isoformat())
        promoted.append(rsvp)
    return promoted


@transaction.atomic
def rsvp_respond(*, event: Event, user: User, going: bool) -> RSVP:
    """Answer "going" or "not going"; a full event puts a yes on the wait-list.

    Answering the same again changes nothing: a wait-listed person keeps their place in
    the queue, and a person who is going keeps their seat.
    """
    event = _lock(event)
    rsvp = RSVP.objects.filter(event=event, user=user).first()
    # Someone who has left the programme may still give their place back.
    giving_back = not going and rsvp is not None
    if not (giving_back or user_may_rsvp(user, event)):
        raise ValidationError(_("You cannot answer for this event."), code="not_invited")
    if event.is_past():
        raise ValidationError(_("This event is over."), code="past")
    if rsvp is None:
        rsvp = RSVP(event=event, user=user)
    was = rsvp.status
    if going:
        if was in (RSVP.Status.GOING, RSVP.Status.WAITLISTED):
            return rsvp
        seat = _free_seat(event)
        rsvp.status = RSVP.Status.GOING if seat else RSVP.Status.WAITLISTED
        rsvp.seat = seat
    else:
        if was == RSVP.Status.NOT_GOING:
            return rsvp
        rsvp.status, rsvp.seat = RSVP.Status.NOT_GOING, None
    rsvp.answered_at = timezone.now()
    rsvp.save()
    if rsvp.status == RSVP.Status.GOING:
        tasks.email_rsvp_confirmed.delay_on_commit(rsvp.pk, rsvp.answered_at.isoformat())
    if was == RSVP.Status.GOING:
        _promote_waitlisted(event)
    return rsvp


@transaction.atomic
def rsvps_release(*, user: User, programme_id: int) -> int:
    """Someone left a programme: their places at its coming events go to the wait-list."""
    released = 0
    holding = RSVP.objects.filter(event=OuterRef("pk"), user=user).exclude(
        status=RSVP.Status.NOT_GOING
    )
    events = Event.objects.filter(
        Exists(holding), programme_id=programme_id, starts_at__gt=timezone.now()
    ).order_by("pk")
    for event in events:
        event = _lock(event)
        rsvp = RSVP.objects.filter(event=event, user=user).first()
        if rsvp is None or rsvp.status == RSVP.Status.NOT_GOING:
            continue
        was = rsvp.status
        rsvp.status, rsvp.seat, rsvp.answered_at = RSVP.Status.NOT_GOING, None, timezone.now()
        rsvp.save(update_fields=["status", "seat", "answered_at", "updated_at"])
        released += 1
        if was == RSVP.Status.GOING:
            _promote_waitlisted(event)
    return released


def event_capacity_check(*, event: Event, capacity: int) -> None:
    """Refuse a capacity below the number of people already going.

    Call it inside the transaction that saves the event: the row stays locked until the
    save, so nobody can take a place between the check and the change.
    """
    if event.pk is None:
        return
    locked = _lock(event)
    going = RSVP.objects.filter(event=locked, status=RSVP.Status.GOING).count()
    if capacity < going:
        raise ValidationError(
            ngettext(
                "%(going)d person is already going, so the capacity cannot be lower than "
                "%(going)d. Ask them to cancel first.",
                "%(going)d people are already going, so the capacity cannot be lower than "
                "%(going)d. Ask some of them to cancel first.",
                going,
            )
            % {"going": going},
            code="capacity_below_going",
        )


@transaction.atomic
def event_fill_places(*, event: Event) -> list[RSVP]:
    """After a capacity change: move seats back into 1…capacity, then serve the wait-list."""
    event = _lock(event)
    for rsvp in RSVP.objects.filter(event=event, seat__gt=event.capacity).order_by("seat"):
        taken = _taken_seats(event)
        lower = next((s for s in range(1, event.capacity + 1) if s not in taken), None)
        if lower is None:  # only if someone saved a capacity without event_capacity_check
            break
        rsvp.seat = lower
        rsvp.save(update_fields=["seat", "updated_at"])
    return _promote_waitlisted(event)


def rsvp_mark_attended(*, rsvps: QuerySet[RSVP], attended: bool | None) -> int:
    return rsvps.update(attended=attended, updated_at=timezone.now())
