"""Reads of a relationship's meetings, always from the member's own membership (the access
root, ``relationships.selectors.get_membership_for_user``)."""

from django.db.models import Count, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from programs.fields import parse_id
from relationships.models import MatchMember

from .models import ActionItem, AgendaItem, Meeting, Note, Series, Topic


def meetings_for(member: MatchMember) -> QuerySet[Meeting]:
    return Meeting.objects.filter(match_id=member.match_id).select_related(
        "proposed_by__enrolment__user", "series"
    )


def get_meeting(member: MatchMember, pk) -> Meeting:
    """A meeting of the member's relationship; any other id answers 404."""
    checked = parse_id(pk)
    if checked is None:
        raise Http404
    return get_object_or_404(meetings_for(member), pk=checked)


def get_series(member: MatchMember, pk) -> Series:
    checked = parse_id(pk)
    if checked is None:
        raise Http404
    return get_object_or_404(Series.objects.filter(match_id=member.match_id), pk=checked)


def meetings_in_calendar(memberships: list[MatchMember]) -> QuerySet[Meeting]:
    """What a person's calendar feed lists of their relationships (``memberships``, from
    ``relationships.selectors.memberships_for_user``): every meeting of those they are in
    that is not cancelled, and of those they have left what took place (nothing still to
    come, which is no longer theirs). Cancelled meetings are left out: a subscribed
    calendar replaces its whole contents on each refresh, so they disappear from it."""
    current = [m.match_id for m in memberships if m.current]
    left = [m.match_id for m in memberships if not m.current]
    took_place = (Meeting.Status.HELD, Meeting.Status.MISSED)
    return (
        Meeting.objects.filter(
            Q(match_id__in=current) | Q(match_id__in=left, status__in=took_place)
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("series")
        .prefetch_related("agenda")
        .order_by("starts_at", "pk")
    )


def upcoming(member: MatchMember) -> QuerySet[Meeting]:
    return meetings_for(member).filter(status__in=Meeting.UPCOMING).order_by("starts_at", "pk")


def past(member: MatchMember) -> QuerySet[Meeting]:
    return meetings_for(member).exclude(status__in=Meeting.UPCOMING).order_by("-starts_at", "-pk")


def counts(match_id: int) -> dict[str, int]:
    """Meetings by status, one query."""
    found = dict.fromkeys(Meeting.Status.values, 0)
    rows = (
        Meeting.objects.filter(match_id=match_id)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    )
    found.update({row["status"]: row["n"] for row in rows})
    return found


def held_count(match) -> int:
    return Meeting.objects.filter(match=match, status=Meeting.Status.HELD).count()


def due_to_mark(member: MatchMember) -> QuerySet[Meeting]:
    """Planned meetings whose time has passed: held, or did they not happen?"""
    return upcoming(member).filter(status=Meeting.Status.PLANNED, starts_at__lt=timezone.now())


def awaiting_answer(member: MatchMember) -> QuerySet[Meeting]:
    """Proposed meetings someone else proposed that this member has not accepted."""
    return (
        upcoming(member)
        .filter(status=Meeting.Status.PROPOSED)
        .exclude(proposed_by=member)
        .exclude(Q(responses__member=member))
    )


# --- What members write about a meeting ---------------------------------------------------
def topics_for(programme) -> QuerySet[Topic]:
    """The topic bank a programme's members choose from: its own and the global topics
    that are offered, discussion topics first."""
    return Topic.objects.filter(
        Q(programme__isnull=True) | Q(programme=programme), active=True
    ).order_by("kind", "position", "pk")


def agenda_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(meeting=meeting).select_related(
        "author__enrolment__user", "topic"
    )


def notes_for(member: MatchMember, meeting: Meeting) -> QuerySet[Note]:
    """The notes of ``meeting`` that ``member`` reads: everyone's shared notes and their
    own private reflection — never another member's reflection, whoever asks."""
    return (
        Note.objects.filter(meeting=meeting, meeting__match_id=member.match_id)
        .filter(Q(private=False) | Q(author=member))
        .select_related("author__enrolment__user")
    )


def actions_of(meeting: Meeting) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(meeting=meeting).select_related(
        "author__enrolment__user", "owner__enrolment__user"
    )


def _in_meeting(queryset: QuerySet, meeting: Meeting, pk):
    checked = parse_id(pk)
    if checked is None:
        raise Http404
    return get_object_or_404(queryset.filter(meeting=meeting), pk=checked)


def get_agenda_item(meeting: Meeting, pk) -> AgendaItem:
    """An item of this meeting's agenda (the meeting already read through the member);
    another meeting's item answers 404."""
    return _in_meeting(AgendaItem.objects.select_related("author__enrolment__user"), meeting, pk)


def get_action_item(meeting: Meeting, pk) -> ActionItem:
    return _in_meeting(
        ActionItem.objects.select_related("author__enrolment__user", "owner__enrolment__user"),
        meeting,
        pk,
    )


def first_held(match):
    """The start of a relationship's first meeting held, as an expression over ``match``
    (an ``OuterRef`` to its id): for many relationships in one query (the fit check opens
    after it)."""
    held = Meeting.objects.filter(match=match, status=Meeting.Status.HELD).order_by("starts_at")
    return Subquery(held.values("starts_at")[:1])
