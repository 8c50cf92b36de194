"""Reads of the mid-point reviews and the participants' reports for many relationships at
once — the relationship health score, the coordinators' dashboard and outcome figures
build on these. Each runs a fixed number of queries whatever the data's size, with
subqueries and ``Exists`` rather than joins that repeat rows; none reads a text.

Public (keep the names):

- ``reviews_written_expression(match_ref)``: an expression for ``Match.annotate``;
- ``latest_reports(match_ids) -> dict[int, LatestReport]``;
- ``reports_overdue(programme_ids, today) -> list[OverdueReport]``;
- ``report_counts(programme_ids, today=None) -> dict[int, ReportCounts]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from django.db.models import Avg, Count, IntegerField, Max, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from relationships.models import Match, MatchMember

from .health import site_day
from .review_models import MidpointReview, ParticipantReport
from .review_periods import current_period, periods_due


def reviews_written_expression(match_ref):
    """How many of the relationship's *current* members have written their mid-point
    review (0 when none): ``Match.objects.annotate(reviews=reviews_written_expression(
    OuterRef("pk")))``. One subquery per row, never a join."""
    counted = (
        MidpointReview.objects.filter(match=match_ref, member__current=True)
        .order_by()
        .values("match")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def review_last_written_expression(match_ref):
    """When the relationship's latest mid-point review was written (NULL if none)."""
    rows = MidpointReview.objects.filter(match=match_ref).order_by().values("match")
    return Subquery(rows.annotate(at=Max("written_at")).values("at")[:1])


@dataclass(frozen=True)
class LatestReport:
    """Over the current members' latest reports of one relationship: the lowest "how it is
    going" (the one who is least happy speaks for the pair), when the latest of them was
    written, and how many members they are from."""

    match_id: int
    how_going: int
    written_at: datetime
    members: int

    @property
    def written_on(self) -> date:
        return site_day(self.written_at)


def _latest_of_member():
    return (
        ParticipantReport.objects.filter(member=OuterRef("member"))
        .order_by("-written_at", "-pk")
        .values("pk")[:1]
    )


def latest_reports(match_ids: Iterable[int]) -> dict[int, LatestReport]:
    """``{match id: LatestReport}`` for the relationships in ``match_ids`` that have a
    report from a current member; one query."""
    ids = list(match_ids)
    if not ids:
        return {}
    rows = (
        ParticipantReport.objects.filter(
            match_id__in=ids, member__current=True, pk=Subquery(_latest_of_member())
        )
        .order_by()
        .values("match")
        .annotate(low=Min("how_going"), at=Max("written_at"), n=Count("pk"))
        .values_list("match", "low", "at", "n")
    )
    return {m: LatestReport(m, low, at, n) for m, low, at, n in rows}


class OverdueReport(NamedTuple):
    programme_id: int
    match_id: int
    user_id: int
    period: int
    due_on: date


def _member_rows(queryset):
    return queryset.values_list(
        "pk",
        "match_id",
        "match__programme_id",
        "enrolment__user_id",
        "match__started_at",
        "match__ended_at",
        "match__programme__starts_on",
        "match__programme__ends_on",
        "match__programme__report_every_weeks",
    )


def reports_overdue(programme_ids: Iterable[int], today: date) -> list[OverdueReport]:
    """The current members of running relationships (forming or active: a paused one is
    not asked) whose report for the period open on ``today`` is not written; two queries.
    Only the open period counts: a closed one missed is history, not a task."""
    members = MatchMember.objects.filter(
        current=True,
        match__status__in=Match.RUNNING,
        match__programme_id__in=list(programme_ids),
        match__programme__report_every_weeks__isnull=False,
        match__programme__starts_on__lte=today,
    )
    found = []
    for pk, match_id, programme_id, user_id, started, _ended, starts, ends, weeks in _member_rows(
        members
    ):
        period = current_period(weeks, starts, ends, site_day(started), today)
        if period is not None:
            found.append(
                (pk, OverdueReport(programme_id, match_id, user_id, period.number, period.due_on))
            )
    if not found:
        return []
    written = set(
        ParticipantReport.objects.filter(
            member__in=members, period__in={row.period for _pk, row in found}
        ).values_list("member_id", "period")
    )
    return [row for pk, row in found if (pk, row.period) not in written]


@dataclass(frozen=True)
class ReportCounts:
    due: int  # reports due so far: every membership's periods opened by today
    written: int
    mean_how_going: float | None

    @property
    def share_written(self) -> float | None:
        return self.written / self.due if self.due else None


def report_counts(
    programme_ids: Iterable[int], today: date | None = None
) -> dict[int, ReportCounts]:
    """Per programme: how many reports have been due so far (each member of each of its
    relationships, the periods opened by ``today``, and by the day an ended one ended),
    how many were written and the mean "how it is going"; two queries. A programme with
    no reports asked has all zeros."""
    ids = list(programme_ids)
    today = today or site_day(timezone.now())
    due = dict.fromkeys(ids, 0)
    members = MatchMember.objects.filter(match__programme_id__in=ids)
    for _pk, _m, programme_id, _u, started, ended, starts, ends, weeks in _member_rows(members):
        until = min(today, site_day(ended)) if ended else today
        due[programme_id] += periods_due(weeks, starts, ends, site_day(started), until)
    written = {
        programme_id: (n, mean)
        for programme_id, n, mean in ParticipantReport.objects.filter(match__programme_id__in=ids)
        .order_by()
        .values("match__programme_id")
        .annotate(n=Count("pk"), mean=Avg("how_going"))
        .values_list("match__programme_id", "n", "mean")
    }
    return {
        pk: ReportCounts(
            due[pk],
            written.get(pk, (0, None))[0],
            float(written[pk][1]) if pk in written and written[pk][1] is not None else None,
        )
        for pk in ids
    }
