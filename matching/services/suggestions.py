"""The coordinator's review of a round's suggestions: lock, exclude, pair by hand."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from programs.models import Enrolment, Programme
from relationships.selectors import free_places, has_current_match
from relationships.services import (
    already_matched,
    mentor_full,
    mentor_without_places,
    people_check,
)

from ..models import Exclusion, MatchingRun, Suggestion
from .rounds import run_check_open


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
    """Pair two people by hand. Hard rules only warn; places and roles are still checked.

    The pair replaces whatever was suggested for these people, and the mentor's weakest
    unlocked suggestions make room if their places are all suggested already. The returned
    suggestion's ``dropped`` names those it replaced (as text: they are deleted), so the
    coordinator is told whom the pair left without a suggestion.
    """
    programme = run.programme
    run_check_open(run)
    people_check(programme, [first, second])  # two different people, active in it
    first, second = _in_order(programme, first, second)
    peers = programme.kind == Programme.Kind.PEER
    involved = [first, second] if peers else [first]
    taken = [p for p in involved if has_current_match(p)]
    if taken:
        raise already_matched(taken)
    theirs = run.suggestions.filter(
        Q(first__in=involved) | Q(second__in=involved if peers else []) | Q(third__in=involved)
    )
    # A locked suggestion is the coordinator's own decision: unlocked first, then replaced.
    clash = theirs.filter(locked=True).first()
    if clash:
        raise ValidationError(
            _("%(pair)s is locked. Unlock it first.") % {"pair": clash}, code="locked"
        )
    dropped = list(theirs.select_related("first__user", "second__user", "third__user"))
    if not peers:
        dropped += _make_room(run, mentee=first, mentor=second)
    names = [str(s) for s in dropped]
    Suggestion.objects.filter(pk__in=[s.pk for s in dropped]).delete()
    from .compute import pair_explanation  # the numeric libraries, only when needed

    why = pair_explanation(programme, first, second)
    suggestion = Suggestion.objects.create(
        run=run,
        first=first,
        second=second,
        score=why.score,
        explanation=why.as_json(),
        warnings=why.excluded,
        locked=True,
        manual=True,
    )
    suggestion.dropped = names
    return suggestion


def _in_order(programme: Programme, first: Enrolment, second: Enrolment):
    """(mentee, mentor), or two peers; any other two people are refused in words."""
    peers = programme.kind == Programme.Kind.PEER
    if not peers and first.role == Enrolment.Role.MENTOR:
        first, second = second, first
    if peers:
        fits = first.role == second.role == Enrolment.Role.PEER
    else:
        fits = first.role == Enrolment.Role.MENTEE and second.role == Enrolment.Role.MENTOR
    if not fits:
        raise ValidationError(
            _("Choose two peers.") if peers else _("Choose one mentee and one mentor."),
            code="roles",
        )
    return first, second


def _make_room(run: MatchingRun, *, mentee: Enrolment, mentor: Enrolment) -> list[Suggestion]:
    """Refuse a mentor with no place left beyond their locked suggestions; otherwise their
    weakest unlocked suggestions give way (those mentees show as unmatched until a re-run).
    Returns the suggestions that must go."""
    if mentor.capacity == 0:
        raise mentor_without_places(mentor)
    others = run.suggestions.filter(second=mentor).exclude(first=mentee)
    free = free_places([mentor])[mentor.pk]
    if free - others.filter(locked=True).count() <= 0:
        raise mentor_full(mentor)
    surplus = others.count() + 1 - free
    if surplus <= 0:
        return []
    weakest = others.filter(locked=False).select_related("first__user", "second__user")
    return list(weakest.order_by("score", "pk")[:surplus])
