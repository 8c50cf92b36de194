"""The coordinator's review of a round's suggestions: lock, exclude, pair by hand."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from programs.models import Enrolment, Programme
from relationships.selectors import free_places, has_current_match
from relationships.services import already_matched, mentor_full, people_check

from ..models import Exclusion, MatchingRun, Suggestion


def suggestion_lock(*, suggestion: Suggestion, locked: bool) -> Suggestion:
    suggestion.locked = locked
    suggestion.save(update_fields=["locked"])
    return suggestion


@transaction.atomic
def suggestion_exclude(*, suggestion: Suggestion, by: User | None) -> Exclusion:
    """Never suggest this pair again in the programme; the next re-run avoids it."""
    programme = suggestion.run.programme
    exclusion, _created = Exclusion.objects.get_or_create(
        programme=programme,
        first=suggestion.first,
        second=suggestion.second,
        defaults={"note": _("Excluded while reviewing suggestions"), "created_by": by},
    )
    suggestion.delete()
    return exclusion


@transaction.atomic
def suggestion_add_manual(
    *, run: MatchingRun, first: Enrolment, second: Enrolment, by: User | None
) -> Suggestion:
    """Pair two people by hand. Hard rules only warn; places and roles are still checked."""
    programme = run.programme
    if not run.is_open:
        raise ValidationError(_("This round is closed."))
    if first.pk == second.pk:
        raise ValidationError(_("A person cannot be matched with themselves."), code="self")
    peers = programme.kind == Programme.Kind.PEER
    if not peers and first.role == Enrolment.Role.MENTOR:
        first, second = second, first
    if peers:
        ok_roles = first.role == second.role == Enrolment.Role.PEER
    else:
        ok_roles = first.role == Enrolment.Role.MENTEE and second.role == Enrolment.Role.MENTOR
    if not ok_roles:
        raise ValidationError(
            _("Choose two peers.") if peers else _("Choose one mentee and one mentor."),
            code="roles",
        )
    people_check(programme, [first, second])
    taken = [p for p in ((first, second) if peers else (first,)) if has_current_match(p)]
    if taken:
        raise already_matched(taken)
    # The pair replaces whatever was suggested for these people; a locked suggestion is
    # the coordinator's own decision, so it has to be unlocked first.
    involved = [first, second] if peers else [first]
    theirs = run.suggestions.filter(
        Q(first__in=involved) | Q(second__in=involved if peers else []) | Q(third__in=involved)
    )
    clash = theirs.filter(locked=True).first()
    if clash:
        raise ValidationError(
            _("%(pair)s is locked. Unlock it first.") % {"pair": clash}, code="locked"
        )
    if not peers:
        others = run.suggestions.filter(second=second).exclude(first=first)
        free = free_places([second])[second.pk]
        if second.capacity == 0 or free - others.filter(locked=True).count() <= 0:
            raise mentor_full(second)
        # Make room: the mentor's weakest unlocked suggestions give way (their mentees
        # show as unmatched until the next re-run).
        surplus = others.count() + 1 - free
        if surplus > 0:
            weakest = others.filter(locked=False).order_by("score", "pk")[:surplus]
            Suggestion.objects.filter(pk__in=[s.pk for s in weakest]).delete()
    theirs.delete()
    from .compute import pair_explanation  # the numeric libraries, only when needed

    why = pair_explanation(programme, first, second)
    return Suggestion.objects.create(
        run=run,
        first=first,
        second=second,
        score=why.score,
        explanation=why.as_json(),
        warnings=why.excluded,
        locked=True,
        manual=True,
    )
