"""Every opening of a confidential item by a coordinator, newest first: one list read from
the two logs (fit-check comments and end reasons in ``relationships.ConfidentialRead``,
participants' reports in ``evaluations.ReportRead``) as a ``UNION ALL``, filtered in each
part and paged in the database — a fixed number of queries, whatever the log's length."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import CharField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value

from accounts.models import User
from evaluations.review_models import ReportRead
from notifications import jobs
from programs.models import Programme
from relationships.models import ConfidentialRead, Match, MatchMember

REPORT = "participant_report"
FIELDS = ("kind", "ref", "reader_ref", "match_ref", "programme_ref", "read_at")


def kinds() -> list[tuple[str, str]]:
    """What can be opened: each ``ConfidentialRead`` item, and a participant's report."""
    from django.utils.translation import gettext as _

    return [*ConfidentialRead.Item.choices, (REPORT, _("Participant's report"))]


@dataclass(frozen=True)
class Filters:
    reader: int | None = None
    programme: int | None = None
    kind: str | None = None
    since: date | None = None
    until: date | None = None


def _bounds(filters: Filters) -> Q:
    zone = jobs.zone_of(settings.TIME_ZONE)
    found = Q()
    if filters.since:
        found &= Q(read_at__gte=datetime.combine(filters.since, time(), tzinfo=zone))
    if filters.until:
        next_day = filters.until + timedelta(days=1)
        found &= Q(read_at__lt=datetime.combine(next_day, time(), tzinfo=zone))
    return found


def openings(filters: Filters) -> QuerySet:
    """Rows of ``FIELDS`` (tuples), newest first."""
    common = _bounds(filters)
    if filters.reader:
        common &= Q(reader_id=filters.reader)
    fit = ConfidentialRead.objects.filter(common).annotate(
        kind=F("item"),
        ref=F("pk"),
        reader_ref=F("reader_id"),
        match_ref=F("match_id"),
        programme_ref=F("match__programme_id"),
    )
    reports = ReportRead.objects.filter(common).annotate(
        kind=Value(REPORT, output_field=CharField()),
        ref=F("pk"),
        reader_ref=F("reader_id"),
        match_ref=F("report__match_id"),
        programme_ref=F("report__match__programme_id"),
    )
    if filters.programme:
        fit = fit.filter(match__programme_id=filters.programme)
        reports = reports.filter(report__match__programme_id=filters.programme)
    if filters.kind == REPORT:
        fit = fit.none()
    elif filters.kind:
        fit = fit.filter(item=filters.kind)
        reports = reports.none()
    fit = fit.order_by().values_list(*FIELDS)
    reports = reports.order_by().values_list(*FIELDS)
    return fit.union(reports, all=True).order_by("-read_at", "-ref")


@dataclass(frozen=True)
class Opening:
    kind: str
    label: str
    reader: User | None
    match: Match | None
    programme: Programme | None
    read_at: datetime


def resolve(rows) -> list[Opening]:
    """One page's rows with their readers, relationships (and members) and programmes:
    three queries, however many rows."""
    rows = list(rows)
    readers = User.objects.in_bulk({row[2] for row in rows if row[2]})
    members = MatchMember.objects.select_related("enrolment__user").order_by("role", "pk")
    matches = (
        Match.objects.filter(pk__in={row[3] for row in rows})
        .select_related("programme")
        .prefetch_related(Prefetch("members", queryset=members))
        .in_bulk()
    )
    labels = dict(kinds())
    found = []
    for kind, _ref, reader, match, _programme, read_at in rows:
        relationship = matches.get(match)
        found.append(
            Opening(
                kind=kind,
                label=str(labels.get(kind, kind)),
                reader=readers.get(reader),
                match=relationship,
                programme=relationship.programme if relationship else None,
                read_at=read_at,
            )
        )
    return found


def readers() -> QuerySet:
    """Everyone who has opened something, for the filter."""
    return User.objects.filter(
        Exists(ConfidentialRead.objects.filter(reader=OuterRef("pk")))
        | Exists(ReportRead.objects.filter(reader=OuterRef("pk")))
    ).order_by("display_name", "email")
