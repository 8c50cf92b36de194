"""The one access root for everything a relationship holds, and the rule of places.

Every later stage (agreement, goals, meetings, notes, evaluations, reflections) reaches a
relationship through these functions and never with a query of its own:

- **members** — ``matches_for_user`` / ``get_match_for_user``, and for its workspace
  ``get_membership_for_user``: the people in it, current or past, see it and what it
  holds; anybody else gets 404, as if it did not exist;
- **coordinators** — ``matches_for_coordinator`` / ``get_match_for_coordinator``: the
  coordinators of its programme see facts *about* it (who, since when, status, counts) and
  never its contents; a coordinator of another programme gets 404.

Every rule is an ``Exists`` rather than a join, so no row is repeated and none needs
``distinct()``.
"""

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from programs.fields import parse_id
from programs.models import Enrolment
from programs.selectors import coordinated

from .models import Match, MatchMember


# --- Access -------------------------------------------------------------------------------
def matches_for_user(user: User) -> QuerySet[Match]:
    """Relationships ``user`` is or was a member of."""
    if not user.is_authenticated:
        return Match.objects.none()
    membership = MatchMember.objects.filter(match=OuterRef("pk"), enrolment__user=user)
    return Match.objects.filter(Exists(membership)).select_related("programme")


def _checked(pk) -> int:
    """An id from a URL or a form: a forged, negative or overflowing one is simply missing."""
    checked = parse_id(pk)
    if checked is None:
        raise Http404
    return checked


def memberships_for_user(user: User) -> QuerySet[MatchMember]:
    """The person's own memberships, current and past, with match and programme (e.g. for
    their calendar feed, which lists what each relationship holds)."""
    if not user.is_authenticated:
        return MatchMember.objects.none()
    return MatchMember.objects.filter(enrolment__user=user).select_related(
        "match__programme", "enrolment__user"
    )


def get_match_for_user(user: User, pk) -> Match:
    return get_object_or_404(matches_for_user(user), pk=_checked(pk))


def get_membership_for_user(user: User, pk) -> MatchMember:
    """The person's own membership of relationship ``pk``, with the match and programme:
    the way into its workspace and everything the relationship holds (one query). 404
    for anyone who is not and never was a member, as if the relationship did not exist."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        MatchMember.objects.select_related("match__programme", "enrolment__user"),
        match_id=_checked(pk),
        enrolment__user=user,
    )


def matches_for_coordinator(user: User) -> QuerySet[Match]:
    """Relationships of the programmes ``user`` coordinates (facts, not contents)."""
    if not user.is_authenticated:
        return Match.objects.none()
    return coordinated(Match.objects.select_related("programme"), user)


def get_match_for_coordinator(user: User, pk) -> Match:
    return get_object_or_404(matches_for_coordinator(user), pk=_checked(pk))


def current_memberships() -> QuerySet[MatchMember]:
    """Memberships of current relationships, each with the match's current members (for
    pages that list "who am I matched with" in a fixed number of queries)."""
    members = MatchMember.objects.filter(current=True).select_related("enrolment__user")
    return (
        MatchMember.objects.filter(current=True)
        .select_related("match")
        .prefetch_related(Prefetch("match__members", queryset=members, to_attr="current_members"))
    )


def has_current_match(enrolment: Enrolment) -> bool:
    return MatchMember.objects.filter(enrolment=enrolment, current=True).exists()


def currently_matched(enrolments) -> set[int]:
    """Which of ``enrolments`` (mentees and peers) are in a current relationship, one query."""
    return set(
        MatchMember.objects.filter(enrolment__in=list(enrolments), current=True)
        .exclude(role=Enrolment.Role.MENTOR)
        .values_list("enrolment", flat=True)
    )


def without_current_match(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """``enrolments`` that are in no current relationship (an ``Exists``, not a join)."""
    current = MatchMember.objects.filter(enrolment=OuterRef("pk"), current=True)
    return enrolments.filter(~Exists(current))


def current_group_of(mentor: Enrolment) -> Match | None:
    """The mentor's current group in their programme, which new mentees join."""
    member = MatchMember.objects.filter(
        match=OuterRef("pk"), enrolment=mentor, role=Enrolment.Role.MENTOR
    )
    return (
        Match.objects.filter(
            Exists(member), programme_id=mentor.programme_id, status__in=Match.CURRENT
        )
        .order_by("-started_at", "-pk")
        .first()
    )


# --- Places: how much room someone has left -------------------------------------------------
def room(enrolment: Enrolment) -> int:
    """How many current relationships fit: a mentor's capacity in mentees, otherwise one."""
    return enrolment.capacity if enrolment.role == Enrolment.Role.MENTOR else 1


def places_taken_expression():
    """Over enrolments: the places taken — a mentor's current mentees, or a mentee's or
    peer's current matches. One subquery per row, annotated, never a join.

    ``order_by()`` drops MatchMember's default ordering, which would join the match, the
    enrolment and the user into every row's count (and group by them)."""
    as_mentor = (
        MatchMember.objects.filter(mentor=OuterRef("pk"), current=True)
        .order_by()
        .values("mentor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    as_member = (
        MatchMember.objects.filter(enrolment=OuterRef("pk"), current=True)
        .order_by()
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Case(
        When(role=Enrolment.Role.MENTOR, then=Coalesce(Subquery(as_mentor), 0)),
        default=Coalesce(Subquery(as_member), 0),
    )


def with_places_taken(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """``enrolments`` with ``places_taken`` on each row."""
    return enrolments.annotate(places_taken=places_taken_expression())


def with_room_left(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """``enrolments`` that can take one more relationship (``room`` above what is taken)."""
    room_of = Case(When(role=Enrolment.Role.MENTOR, then=F("capacity")), default=Value(1))
    return with_places_taken(enrolments).annotate(room=room_of).filter(places_taken__lt=F("room"))


def places_taken(enrolment: Enrolment) -> int:
    annotated = getattr(enrolment, "places_taken", None)
    if annotated is not None:
        return annotated
    return with_places_taken(Enrolment.objects.filter(pk=enrolment.pk)).get().places_taken


def has_room(enrolment: Enrolment, taken: int | None = None) -> bool:
    return (places_taken(enrolment) if taken is None else taken) < room(enrolment)


def free_places(mentors) -> dict[int, int]:
    """How many places each mentor has left (their room minus what is taken), one query."""
    mentors = list(mentors)
    taken = dict(
        with_places_taken(Enrolment.objects.filter(pk__in=[m.pk for m in mentors])).values_list(
            "pk", "places_taken"
        )
    )
    return {m.pk: max(room(m) - taken.get(m.pk, 0), 0) for m in mentors}
