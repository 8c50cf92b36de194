"""Reads for the participants' overview, "My programmes"."""

from dataclasses import dataclass

from django.db.models import Prefetch

from accounts.models import User
from matching.selectors import may_find_mentor, wishes_available
from programs.models import Enrolment, Programme
from programs.selectors import enrolments_for_user
from relationships.models import MatchMember
from relationships.selectors import current_memberships, with_places_taken


@dataclass(frozen=True)
class EnrolmentOverview:
    """One line of "My programmes": the enrolment, who one is matched with, where to go."""

    enrolment: Enrolment
    partners: list[MatchMember]  # the other current members, with their users
    wishes_open: bool
    finds_mentor: bool  # a mentee who may choose a mentor by request now
    makes_requests: bool  # a mentee in a programme where mentees request
    receives_requests: bool  # a mentor in a programme where mentees request


def enrolment_overviews_for_user(user: User) -> list[EnrolmentOverview]:
    """A person's enrolments with their current matches, in a fixed number of queries."""
    enrolments = with_places_taken(enrolments_for_user(user)).prefetch_related(
        Prefetch("memberships", queryset=current_memberships(), to_attr="current_memberships")
    )
    return [_overview(enrolment) for enrolment in enrolments]


def _overview(enrolment: Enrolment) -> EnrolmentOverview:
    others = [
        member
        for membership in enrolment.current_memberships
        for member in membership.match.current_members
        if member.enrolment_id != enrolment.pk
    ]
    is_mentor = enrolment.role == Enrolment.Role.MENTOR
    taken = enrolment.places_taken
    programme = enrolment.programme
    by_request = programme.matching_mode == Programme.MatchingMode.MENTEE_REQUESTS
    return EnrolmentOverview(
        enrolment=enrolment,
        partners=others,
        wishes_open=wishes_available(enrolment, taken=taken),
        finds_mentor=may_find_mentor(enrolment, taken=taken),
        makes_requests=by_request and enrolment.role == Enrolment.Role.MENTEE,
        receives_requests=by_request and is_mentor,
    )
