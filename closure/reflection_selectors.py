"""Reads of the closing reflections: what a member's page shows, and the facts other parts
use (the certificate's rule, the coordinators' list, the dashboard). The facts never read
a text; each runs a fixed number of queries whatever the data's size.

Public (keep the names):

- ``reflection_written(member) -> bool``: has this member written theirs;
- ``with_reflection_written(members)``: a ``MatchMember`` queryset annotated with
  ``reflection_written`` (an ``Exists``), for many at once;
- ``reflection_written_members(member_ids) -> set[int]``;
- ``reflection_summary(match) -> ReflectionSummary`` (written, members, last written).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from goals.models import Goal
from goals.selectors import goals_for_member
from relationships.models import Match, MatchMember

from .reflection_models import ClosingReflection, GoalRating


def reflection_written(member: MatchMember) -> bool:
    return ClosingReflection.objects.filter(member=member).exists()


def with_reflection_written(members: QuerySet[MatchMember]) -> QuerySet[MatchMember]:
    written = ClosingReflection.objects.filter(member=OuterRef("pk"))
    return members.annotate(reflection_written=Exists(written))


def reflection_written_members(member_ids: Iterable[int]) -> set[int]:
    """Which of ``member_ids`` have written their closing reflection; one query."""
    return set(
        ClosingReflection.objects.filter(member_id__in=list(member_ids)).values_list(
            "member_id", flat=True
        )
    )


def written_expression(match_ref):
    """How many of the relationship's members wrote theirs (0 when none), for
    ``Match.annotate``: one subquery per row, never a join."""
    counted = (
        ClosingReflection.objects.filter(match=match_ref)
        .order_by()
        .values("match")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def members_expression(match_ref):
    """How many members the relationship has had (after it ends, none is current)."""
    counted = (
        MatchMember.objects.filter(match=match_ref)
        .order_by()
        .values("match")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def last_written_expression(match_ref):
    rows = ClosingReflection.objects.filter(match=match_ref).order_by().values("match")
    return Subquery(rows.annotate(at=Max("written_at")).values("at")[:1])


@dataclass(frozen=True)
class ReflectionSummary:
    written: int
    members: int
    last_written_at: datetime | None

    @property
    def everyone(self) -> bool:
        return bool(self.members) and self.written >= self.members


def reflection_summary(match: Match) -> ReflectionSummary:
    row = (
        Match.objects.filter(pk=match.pk)
        .annotate(
            w=written_expression(OuterRef("pk")),
            m=members_expression(OuterRef("pk")),
            at=last_written_expression(OuterRef("pk")),
        )
        .values_list("w", "m", "at")
        .first()
    )
    return ReflectionSummary(*row) if row else ReflectionSummary(0, 0, None)


# --- The member's page ------------------------------------------------------------------


@dataclass
class ReflectionPage:
    """What the member's page shows: their own reflection (or None), the others' (only
    once they wrote their own), who else has written, and the goals to rate."""

    mine: ClosingReflection | None
    others: list[ClosingReflection]
    others_written: list[MatchMember]  # the others who wrote theirs
    goals: list[Goal] = field(default_factory=list)


def reflection_page(member: MatchMember) -> ReflectionPage:
    """Four queries, whatever the number of goals, members or ratings. Each rating shows
    only where the reader may read its goal (a group member's private goal stays hidden
    even in the rating of its author)."""
    readable = goals_for_member(member)
    ratings = GoalRating.objects.filter(goal__in=readable).select_related("goal")
    reflections = list(
        ClosingReflection.objects.filter(match_id=member.match_id)
        .select_related("member__enrolment__user")
        .prefetch_related(Prefetch("goal_ratings", queryset=ratings))
    )
    mine = next((r for r in reflections if r.member_id == member.pk), None)
    others = [r for r in reflections if r.member_id != member.pk]
    goals = list(
        readable.select_related("author__enrolment__user").order_by("author_id", "target_date")
    )
    own_first = sorted(goals, key=lambda g: g.author_id != member.pk)
    return ReflectionPage(
        mine=mine,
        others=others if mine else [],
        others_written=[r.member for r in others],
        goals=own_first,
    )
