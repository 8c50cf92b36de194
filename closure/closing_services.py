"""Closing a programme: every current relationship completed, the programme moved to
closed through its status transitions, and — once committed — the stages told (the
``programme_closed`` hook) and everyone invited to the closing ceremony.

Lock order: the programme row first (``programme_transition`` locks it again, harmlessly),
then each relationship (``match_complete``), as every other writer of a programme's
relationships does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from programs.models import Programme
from programs.services import programme_transition
from relationships.models import Match
from relationships.services import match_complete

from . import closing_tasks, hooks
from .closing_models import ProgrammeClosing
from .closing_selectors import invitable_closing_event

CLOSABLE = (Programme.Status.RUNNING, Programme.Status.CLOSING)


@dataclass(frozen=True)
class Closed:
    programme: Programme
    completed: list[int]  # the relationships the closing completed
    event_id: int | None  # the closing ceremony everyone is invited to, if any


def already_closed(programme: Programme) -> ValidationError:
    return ValidationError(
        _("%(programme)s is closed already; nothing was changed.") % {"programme": programme},
        code="closed",
    )


def not_closable(programme: Programme) -> ValidationError:
    return ValidationError(
        _(
            "%(programme)s cannot be closed while it is “%(status)s”: only a running "
            "programme is closed."
        )
        % {"programme": programme, "status": programme.get_status_display()},
        code="not_running",
    )


@transaction.atomic
def programme_close(*, programme: Programme, by: User | None) -> Closed:
    """Complete every current relationship, move the programme to closed, record who
    closed it and when. Refused, with nothing changed, when it is closed already."""
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    if locked.status == Programme.Status.CLOSED:
        raise already_closed(locked)
    if locked.status not in CLOSABLE:
        raise not_closable(locked)
    completed = []
    for match in Match.objects.filter(programme=locked, status__in=Match.CURRENT).order_by("pk"):
        completed.append(match_complete(match=match, by=by).pk)
    if locked.status == Programme.Status.RUNNING:
        programme_transition(programme=locked, to_status=Programme.Status.CLOSING, by=by)
    programme_transition(programme=locked, to_status=Programme.Status.CLOSED, by=by)
    try:
        with transaction.atomic():
            closing, _created = ProgrammeClosing.objects.get_or_create(programme=locked)
    except IntegrityError:  # made by the admin's inline a moment ago
        closing = ProgrammeClosing.objects.get(programme=locked)
    closing.closed_at, closing.closed_by = timezone.now(), by
    closing.save(update_fields=["closed_at", "closed_by"])
    programme.status = locked.status
    event = invitable_closing_event(locked)
    transaction.on_commit(lambda: hooks.programme_closed_fire(locked, list(completed)))
    if event is not None:
        closing_tasks.invite_to_closing_event.delay_on_commit(event.pk)
    return Closed(locked, completed, event.pk if event else None)
