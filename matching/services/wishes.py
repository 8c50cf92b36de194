"""Participants' wishes: the one write, replacing someone's ranked wishes at once.

In programmes where a coordinator forms the matches (or peers are paired from a pool),
participants may rank a few people from the other side while matching is under way. The
wishes become ``Preference`` rows that the scoring weighs; they are not promises.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programs.models import Enrolment
from programs.services import enrolment_lock

from ..models import Preference, settings_for
from ..selectors import (
    CHOOSE_AMONG,
    WISH_MODES,
    wish_candidates,
    wished_people,
    wishes_refusal,
)


@transaction.atomic
def preferences_save(*, chooser: Enrolment, chosen: list[Enrolment]) -> list[Preference]:
    """Replace ``chooser``'s wishes with ``chosen``, most wanted first; an empty list clears.

    The chooser's row is locked, so two saves at once (two tabs) end as one of them rather
    than as a mix or a clash on the rank.
    """
    locked = enrolment_lock(chooser.pk)
    if locked.programme.matching_mode not in WISH_MODES:
        raise ValidationError(_("This programme does not take wishes."), code="closed")
    if locked.status != Enrolment.Status.ACTIVE:
        raise ValidationError(
            _("Only active participants can give wishes; ask the coordinator."), code="inactive"
        )
    refusal = wishes_refusal(locked)
    if refusal:
        raise ValidationError(refusal, code="closed")
    limit = settings_for(locked.programme).max_requests
    if len(chosen) > limit:
        raise ValidationError(
            ngettext(
                "You can give at most %(count)d wish.",
                "You can give at most %(count)d wishes.",
                limit,
            )
            % {"count": limit},
            code="too_many",
        )
    ids = [person.pk for person in chosen]
    if locked.pk in ids:
        raise ValidationError(_("You cannot wish to be matched with yourself."), code="self")
    if len(set(ids)) != len(ids):
        raise ValidationError(_("Choose each person only once."), code="duplicate")
    allowed = set(wish_candidates(locked).filter(pk__in=ids).values_list("pk", flat=True))
    if any(pk not in allowed for pk in ids):
        # Not named: a forged id must not tell the sender who is behind it.
        raise ValidationError(
            _("Some of the people you chose cannot be chosen. %(hint)s")
            % {"hint": CHOOSE_AMONG[locked.role]},
            code="not_a_candidate",
        )
    Preference.objects.filter(chooser=locked).delete()
    return Preference.objects.bulk_create(
        Preference(chooser=locked, chosen=person, rank=rank)
        for rank, person in enumerate(chosen, start=1)
    )


class WishAction:
    """What one button of the wishes page asks for."""

    ADD, UP, DOWN, REMOVE = "add", "up", "down", "remove"
    ALL = (ADD, UP, DOWN, REMOVE)


@transaction.atomic
def wish_change(*, chooser: Enrolment, person_pk: int, action: str) -> tuple[str, int | None]:
    """Add, move or remove one person among ``chooser``'s wishes and save them through
    ``preferences_save`` (its rules hold: the limit, each person once, candidates only).

    Returns the person's public name and their new rank (None once removed). The chooser's
    row is locked before the wishes are read, so two clicks at once (two tabs) are applied
    one after the other instead of one undoing the other. Wishes for people who can no
    longer be chosen (a mentor whose places filled) are dropped on the way, as they could
    not be saved again.
    """
    locked = enrolment_lock(chooser.pk)
    wished = wished_people(locked)
    ranked = [person.pk for person in wished]
    # One query for the person of the button and the current wishes, however many people
    # the programme has.
    valid = {p.pk: p for p in wish_candidates(locked).filter(pk__in=[*ranked, person_pk])}
    chosen = [valid[pk] for pk in ranked if pk in valid]
    if action == WishAction.REMOVE:
        if person_pk not in ranked:
            raise ValidationError(_("This person is not among your wishes."), code="not_wished")
        name = next(p.user.public_name for p in wished if p.pk == person_pk)
        preferences_save(chooser=locked, chosen=[p for p in chosen if p.pk != person_pk])
        return name, None
    person = valid.get(person_pk)
    if person is None:
        # Not named: a forged id must not tell the sender who is behind it.
        raise ValidationError(
            _("This person cannot be chosen. %(hint)s") % {"hint": CHOOSE_AMONG[locked.role]},
            code="not_a_candidate",
        )
    name = person.user.public_name
    if action == WishAction.ADD:
        if person in chosen:
            raise ValidationError(
                _("%(name)s is already among your wishes.") % {"name": name}, code="duplicate"
            )
        chosen.append(person)
    elif action in (WishAction.UP, WishAction.DOWN):
        if person not in chosen:
            raise ValidationError(_("This person is not among your wishes."), code="not_wished")
        here = chosen.index(person)
        there = here - 1 if action == WishAction.UP else here + 1
        if 0 <= there < len(chosen):
            chosen[here], chosen[there] = chosen[there], chosen[here]
    else:
        raise ValidationError(_("Use one of the page's buttons."), code="unknown_action")
    preferences_save(chooser=locked, chosen=chosen)
    return name, chosen.index(person) + 1
