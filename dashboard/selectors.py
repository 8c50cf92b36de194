"""Reads for the participants' overview, "My programmes"."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch

from accounts.models import User
from matching.selectors import may_find_mentor, wishes_available
from meetings.models import Meeting
from programs.models import Enrolment, Programme
from programs.selectors import enrolments_for_user
from relationships.models import Match, MatchMember
from relationships.selectors import current_memberships, with_places_taken


@dataclass(frozen=True)
class Relationship:
    """A relationship as "My programmes" shows it: who with, its workspace, and the
    meetings held so far of the programme's minimum."""

    match: Match
    partners: list[MatchMember]
    held: int = 0


@dataclass(frozen=True)
class EnrolmentOverview:
    """One line of "My programmes": the enrolment, who one is matched with, where to go."""

    enrolment: Enrolment
    partners: list[MatchMember]  # the other current members, with their users
    relationships: list[Relationship]  # each current relationship, with its workspace
    earlier: list[Relationship]  # relationships that have ended; their workspaces stay readable
    wishes_open: bool
    finds_mentor: bool  # a mentee who may choose a mentor by request now
    makes_requests: bool  # a mentee in a programme where mentees request
    receives_requests: bool  # a mentor in a programme where mentees request


def enrolment_overviews_for_user(user: User) -> list[EnrolmentOverview]:
    """A person's enrolments with their current matches, in a fixed number of queries."""
    ended = (
        MatchMember.objects.filter(current=False)
        .select_related("match")
        .prefetch_related(
            Prefetch(
                "match__members",
                queryset=MatchMember.objects.select_related("enrolment__user"),
                to_attr="all_members",
            )
        )
        .order_by("-match__started_at")
    )
    enrolments = with_places_taken(enrolments_for_user(user)).prefetch_related(
        Prefetch("memberships", queryset=current_memberships(), to_attr="current_memberships"),
        Prefetch("memberships", queryset=ended, to_attr="ended_memberships"),
    )
    enrolments = list(enrolments)
    matches = {m.match_id for e in enrolments for m in e.current_memberships}
    held = dict(
        Meeting.objects.filter(match_id__in=matches, status=Meeting.Status.HELD)
        .order_by()
        .values_list("match")
        .annotate(n=Count("pk"))
    )
    return [_overview(enrolment, held) for enrolment in enrolments]


def _overview(enrolment: Enrolment, held: dict[int, int]) -> EnrolmentOverview:
    relationships = [
        Relationship(
            match=membership.match,
            partners=[
                m for m in membership.match.current_members if m.enrolment_id != enrolment.pk
            ],
            held=held.get(membership.match_id, 0),
        )
        for membership in enrolment.current_memberships
    ]
    others = [member for relationship in relationships for member in relationship.partners]
    earlier = [
        Relationship(
            match=membership.match,
            partners=[m for m in membership.match.all_members if m.enrolment_id != enrolment.pk],
        )
        for membership in enrolment.ended_memberships
    ]
    is_mentor = enrolment.role == Enrolment.Role.MENTOR
    taken = enrolment.places_taken
    programme = enrolment.programme
    by_request = programme.matching_mode == Programme.MatchingMode.MENTEE_REQUESTS
    return EnrolmentOverview(
        enrolment=enrolment,
        partners=others,
        relationships=relationships,
        earlier=earlier,
        wishes_open=wishes_available(enrolment, taken=taken),
        finds_mentor=may_find_mentor(enrolment, taken=taken),
        makes_requests=by_request and enrolment.role == Enrolment.Role.MENTEE,
        receives_requests=by_request and is_mentor,
    )
