"""Writes for what comes after a programme: joining and leaving the alumni, and the
invitation to the next programme for those who want to come back as mentors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from programs.models import Programme

from . import closing_tasks
from .alumni_models import Alumnus
from .transition_selectors import after_memberships, alumni_not_invited, next_programme_open


def already_alumnus() -> ValidationError:
    return ValidationError(_("You are one of this programme's alumni already."), code="twice")


@transaction.atomic
def alumnus_join(*, user: User, programme: Programme, invite_as_mentor: bool) -> Alumnus:
    """``user`` joins the programme's alumni (once); asked to be invited back as a mentor,
    they are sent the invitation as soon as the next programme takes applications."""
    if not after_memberships(user).filter(match__programme=programme).exists():
        raise ValidationError(
            _("Only members whose relationship has ended can join the alumni."), code="not_yet"
        )
    try:
        with transaction.atomic():
            alumnus = Alumnus.objects.create(
                user=user, programme=programme, invite_as_mentor=invite_as_mentor
            )
    except IntegrityError as error:
        raise already_alumnus() from error
    _invite_if_due(alumnus)
    return alumnus


@transaction.atomic
def alumnus_update(*, alumnus: Alumnus, invite_as_mentor: bool) -> Alumnus:
    alumnus.invite_as_mentor = invite_as_mentor
    alumnus.save(update_fields=["invite_as_mentor"])
    _invite_if_due(alumnus)
    return alumnus


@transaction.atomic
def alumnus_leave(*, alumnus: Alumnus) -> None:
    alumnus.delete()


def _invite_if_due(alumnus: Alumnus) -> None:
    if alumnus.invite_as_mentor and next_programme_open(alumnus.programme_id) is not None:
        closing_tasks.invite_alumni.delay_on_commit([alumnus.pk])


def alumni_invite(*, programme: Programme) -> int:
    """Invite the programme's alumni who want to come back and have not been invited to
    the next programme yet; returns how many. Safe to run twice: each is sent once."""
    due = list(alumni_not_invited(programme).values_list("pk", flat=True))
    if due:
        closing_tasks.invite_alumni.delay_on_commit(due)
    return len(due)
