"""Reads for the participants' overview, "My programmes"."""

from dataclasses import dataclass

from django.db.models import Prefetch

from accounts.models import User
from matching.selectors import wishes_available
from programs.models import Enrolment, Programme
from programs.selectors import enrolments_for_user
from relationships.models import MatchMember


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
    current_members = MatchMember.objects.filter(current=True).select_related("enrolment__user")
    enrolments = enrolments_for_user(user).prefetch_related(
        Prefetch(
            "memberships",
            queryset=MatchMember.objects.filter(current=True)
            .select_related("match")
            .prefetch_related(
                Prefetch("match__members", queryset=current_members, to_attr="current_members")
            ),
            to_attr="current_memberships",
        )
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
    # What counts against the person's room: a mentor's current mentees, a mentee's or
    # peer's one match (the same rule as ``matching.wishes.places_taken``, from memory).
    taken = (
        sum(1 for m in others if m.mentor_id == enrolment.pk)
        if is_mentor
        else len(enrolment.current_memberships)
    )
    programme = enrolment.programme
    by_request = programme.matching_mode == Programme.MatchingMode.MENTEE_REQUESTS
    active = enrolment.status == Enrolment.Status.ACTIVE
    return EnrolmentOverview(
        enrolment=enrolment,
        partners=others,
        wishes_open=wishes_available(enrolment, taken=taken),
        finds_mentor=(
            by_request
            and active
            and enrolment.role == Enrolment.Role.MENTEE
            and not taken
            and programme.status in (Programme.Status.MATCHING, Programme.Status.RUNNING)
        ),
        makes_requests=by_request and enrolment.role == Enrolment.Role.MENTEE,
        receives_requests=by_request and is_mentor,
    )
