"""Many relationships in a few statements, for the dashboard's query-count tests and its
benchmark: mentors and mentees enrolled, matched, most agreements signed, meetings held at
various dates, goals in each status, a few fit-check answers and follow-ups."""

from __future__ import annotations

from datetime import datetime, timedelta

from accounts.models import User
from evaluations.models import FollowUp
from goals.models import Goal
from meetings.models import Format, Meeting
from programs.models import Enrolment, Programme
from relationships.models import FitCheck, Match, MatchMember


def relationships(programme: Programme, count: int, *, now: datetime) -> list[Match]:
    tag = f"p{programme.pk}"
    people = User.objects.bulk_create(
        User(
            email=f"{tag}-{side}{i}@example.org",
            display_name=f"{side.title()} {i}",
            password="!",
        )
        for i in range(count)
        for side in ("mentor", "mentee")
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            programme=programme,
            user=user,
            role=Enrolment.Role.MENTOR if n % 2 == 0 else Enrolment.Role.MENTEE,
        )
        for n, user in enumerate(people)
    )
    matches = Match.objects.bulk_create(
        Match(
            programme=programme,
            status=Match.Status.ACTIVE,
            origin=Match.Origin.MANUAL,
            started_at=now - timedelta(days=60 + i % 30),
            agreement_signed_at=None if i % 10 == 0 else now - timedelta(days=55),
        )
        for i in range(count)
    )
    members = []
    for i, match in enumerate(matches):
        mentor, mentee = enrolments[2 * i], enrolments[2 * i + 1]
        members.append(MatchMember(match=match, enrolment=mentor, role="mentor"))
        members.append(
            MatchMember(match=match, enrolment=mentee, role="mentee", mentor=mentor, place=1)
        )
    members = MatchMember.objects.bulk_create(members)
    Meeting.objects.bulk_create(
        Meeting(
            match=match,
            starts_at=now - timedelta(days=7 + (i % 7) * 7 + k * 20),
            minutes=60,
            format=Format.VIDEO,
            proposed_by=members[2 * i + 1],
            status=Meeting.Status.HELD,
        )
        for i, match in enumerate(matches)
        for k in range(i % 4)
    )
    statuses = [Goal.Status.ON_TRACK, Goal.Status.OFF_TRACK, Goal.Status.COMPLETED]
    Goal.objects.bulk_create(
        Goal(
            match=match,
            author=members[2 * i + 1],
            title=f"Goal {i}",
            specific="Lead the weekly meeting.",
            measure="Four meetings led.",
            relevance="A new manager.",
            target_date=programme.ends_on,
            status=statuses[i % 3],
            completed_at=now if statuses[i % 3] == Goal.Status.COMPLETED else None,
        )
        for i, match in enumerate(matches)
    )
    FitCheck.objects.bulk_create(
        FitCheck(
            match=match,
            member=members[2 * i + 1],
            answer=FitCheck.Answer.NO if i % 20 == 0 else FitCheck.Answer.YES,
        )
        for i, match in enumerate(matches)
        if i % 5 == 0
    )
    FollowUp.objects.bulk_create(
        FollowUp(match=match, reason=FollowUp.Reason.ASKED, due_on=(now - timedelta(days=1)).date())
        for i, match in enumerate(matches)
        if i % 25 == 0
    )
    return matches
