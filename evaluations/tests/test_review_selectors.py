"""The public reads of reviews and reports: their values, and a fixed number of queries
whatever the number of relationships."""

from datetime import timedelta

import pytest
from django.db.models import OuterRef
from django.utils import timezone

from evaluations.models import MidpointReview, ParticipantReport
from evaluations.review_selectors import (
    latest_reports,
    report_counts,
    reports_overdue,
    reviews_written_expression,
)
from programs.models import Enrolment
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory
from relationships.models import Match, MatchMember
from relationships.services import match_end
from relationships.tests.factories import MatchFactory


@pytest.fixture
def programme(db):
    """Reports every two weeks; began 20 days ago, so period 1 is open (due 6 days ago)."""
    today = timezone.localdate()
    return ProgrammeFactory(
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=160),
        report_every_weeks=2,
    )


def pairs(programme, n: int) -> list[Match]:
    made = []
    for _ in range(n):
        mentor = EnrolmentFactory(programme=programme, role=Enrolment.Role.MENTOR, capacity=1)
        made.append(MatchFactory(programme=programme, members__mentor=mentor))
    Match.objects.filter(programme=programme).update(started_at=timezone.now() - timedelta(days=40))
    return made


def members(match):
    return {m.role: m for m in MatchMember.objects.filter(match=match)}


def review(match, member):
    return MidpointReview.objects.create(match=match, member=member, good="g", better="b")


def report(match, member, period=1, how_going=3, days_ago=0):
    return ParticipantReport.objects.create(
        match=match,
        member=member,
        period=period,
        how_going=how_going,
        meetings_since=1,
        written_at=timezone.now() - timedelta(days=days_ago),
    )


def test_reviews_written_counts_current_members_only(programme):
    first, second, third = pairs(programme, 3)
    for member in members(first).values():
        review(first, member)
    review(second, members(second)["mentor"])
    review(third, members(third)["mentee"])
    MatchMember.objects.filter(pk=members(third)["mentee"].pk).update(current=False)

    counted = dict(
        Match.objects.annotate(n=reviews_written_expression(OuterRef("pk"))).values_list("pk", "n")
    )

    assert counted == {first.pk: 2, second.pk: 1, third.pk: 0}


@pytest.mark.parametrize("size", [3, 12])
def test_reviews_written_is_one_query(programme, size, django_assert_num_queries):
    for match in pairs(programme, size):
        review(match, members(match)["mentee"])
    with django_assert_num_queries(1):
        rows = list(Match.objects.annotate(n=reviews_written_expression(OuterRef("pk"))))
    assert [m.n for m in rows] == [1] * size


def test_latest_reports_take_each_members_latest_and_the_lowest(programme):
    match, quiet = pairs(programme, 2)
    people = members(match)
    report(match, people["mentee"], period=1, how_going=1, days_ago=5)
    report(match, people["mentee"], period=2, how_going=4, days_ago=1)  # his latest: 4
    report(match, people["mentor"], period=1, how_going=3, days_ago=3)  # hers: 3

    found = latest_reports([match.pk, quiet.pk])

    assert set(found) == {match.pk}
    latest = found[match.pk]
    assert (latest.how_going, latest.members) == (3, 2)
    assert latest.written_on == (timezone.now() - timedelta(days=1)).astimezone().date()


@pytest.mark.parametrize("size", [3, 12])
def test_latest_reports_is_one_query(programme, size, django_assert_num_queries):
    made = pairs(programme, size)
    for match in made:
        for member in members(match).values():
            report(match, member, how_going=2)
    with django_assert_num_queries(1):
        found = latest_reports([m.pk for m in made])
    assert len(found) == size and {r.how_going for r in found.values()} == {2}


def test_reports_overdue_lists_members_whose_open_report_is_missing(programme):
    wrote, silent, paused = pairs(programme, 3)
    report(wrote, members(wrote)["mentee"])
    Match.objects.filter(pk=paused.pk).update(status=Match.Status.PAUSED)
    today = timezone.localdate()

    rows = reports_overdue([programme.pk], today)

    due_on = programme.starts_on + timedelta(weeks=2)
    expected = {
        (programme.pk, wrote.pk, members(wrote)["mentor"].enrolment.user_id, 1, due_on),
        (programme.pk, silent.pk, members(silent)["mentor"].enrolment.user_id, 1, due_on),
        (programme.pk, silent.pk, members(silent)["mentee"].enrolment.user_id, 1, due_on),
    }
    assert set(rows) == expected
    assert reports_overdue([programme.pk], programme.starts_on + timedelta(days=3)) == []


@pytest.mark.parametrize("size", [3, 12])
def test_reports_overdue_is_two_queries(programme, size, django_assert_num_queries):
    made = pairs(programme, size)
    for match in made:
        report(match, members(match)["mentee"])
    with django_assert_num_queries(2):
        rows = reports_overdue([programme.pk], timezone.localdate())
    assert len(rows) == size  # every mentor


def test_report_counts_per_programme(programme):
    other = ProgrammeFactory(report_every_weeks=None)
    first, ended = pairs(programme, 2)
    pairs(other, 1)
    report(first, members(first)["mentee"], how_going=2)
    report(first, members(first)["mentor"], how_going=5)
    # Ended before its first period was due: nothing was due from it.
    match_end(match=ended, by=None, reason="Moved")
    Match.objects.filter(pk=ended.pk).update(ended_at=timezone.now() - timedelta(days=10))

    counts = report_counts([programme.pk, other.pk])

    assert (counts[programme.pk].due, counts[programme.pk].written) == (2, 2)
    assert counts[programme.pk].mean_how_going == 3.5
    assert (counts[other.pk].due, counts[other.pk].written) == (0, 0)
    assert counts[other.pk].mean_how_going is None


@pytest.mark.parametrize("size", [3, 12])
def test_report_counts_is_two_queries(programme, size, django_assert_num_queries):
    for match in pairs(programme, size):
        report(match, members(match)["mentee"], how_going=4)
    with django_assert_num_queries(2):
        counts = report_counts([programme.pk])
    assert (counts[programme.pk].due, counts[programme.pk].written) == (2 * size, size)
