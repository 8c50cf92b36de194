"""The closing reflection's rules: once per member, open from the programme's last two
weeks or the relationship's end (early or completed), answers and ratings in range, and
goals rated only where the member reads them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from closure import reflection_services as services
from closure.models import ClosingReflection, GoalRating
from closure.reflection_selectors import (
    reflection_summary,
    reflection_written,
    reflection_written_members,
    with_reflection_written,
)
from goals.models import Goal
from goals.tests.factories import GoalFactory
from programs.models import Programme
from relationships.models import MatchMember
from relationships.services import match_complete, match_end

from .reflection_helpers import GOING_ON, rating, write

# --- The database's rules -------------------------------------------------------------------


def test_a_member_has_one_reflection_per_relationship(last_weeks, pair):
    match, _mentor, mentee = pair
    fields = dict(expectations_met=3, way_of_working="a", going_on="b", stay_in_touch="no")
    ClosingReflection.objects.create(match=match, member=mentee, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClosingReflection.objects.create(match=match, member=mentee, **fields)


@pytest.mark.parametrize("expectations", [0, 6])
def test_expectations_are_from_1_to_5_in_the_database(last_weeks, pair, expectations):
    match, _mentor, mentee = pair
    with pytest.raises(IntegrityError), transaction.atomic():
        ClosingReflection.objects.create(
            match=match,
            member=mentee,
            expectations_met=expectations,
            way_of_working="a",
            going_on="b",
            stay_in_touch="no",
        )


def test_goal_levels_are_from_1_to_5_in_the_database(last_weeks, pair):
    match, _mentor, mentee = pair
    goal = GoalFactory(match=match, author=mentee)
    reflection = write(mentee, [rating(goal)])
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalRating.objects.filter(reflection=reflection).update(level_now=9)


# --- When it is open --------------------------------------------------------------------------


def test_it_is_not_open_halfway_and_says_when_it_opens(early_on, pair):
    _match, _mentor, mentee = pair
    with pytest.raises(ValidationError, match="opens on"):
        write(mentee)
    assert not ClosingReflection.objects.exists()


def test_it_opens_two_weeks_before_the_programme_ends(running, pair):
    match, _mentor, _mentee = pair
    today = timezone.localdate()
    running.starts_on, running.ends_on = today - timedelta(days=100), today + timedelta(days=14)
    running.save()
    assert services.reflection_is_open(match, today)
    assert not services.reflection_is_open(match, today - timedelta(days=1))


def test_it_opens_when_the_coordinator_starts_closing_the_programme(early_on, pair):
    match, _mentor, mentee = pair
    Programme.objects.filter(pk=early_on.pk).update(status=Programme.Status.CLOSING)
    match.programme.refresh_from_db()
    assert write(mentee).pk


def test_a_completed_relationship_takes_reflections_from_every_member(early_on, pair):
    match, mentor, mentee = pair
    match_complete(match=match, by=None)
    for member in (mentor, mentee):
        member.refresh_from_db()
        write(member)
    assert reflection_summary(match).written == 2
    assert reflection_summary(match).everyone


def test_a_relationship_ended_early_takes_reflections_too(early_on, pair):
    match, _mentor, mentee = pair
    match_end(match=match, by=None, reason="Moved away")
    mentee.refresh_from_db()
    assert write(mentee).pk


# --- Once, and what is written ------------------------------------------------------------------


def test_a_second_reflection_is_refused_with_a_message(last_weeks, pair):
    _match, _mentor, mentee = pair
    write(mentee)
    with pytest.raises(ValidationError, match="already"):
        write(mentee, going_on="Changed my mind")
    assert ClosingReflection.objects.get(member=mentee).going_on == GOING_ON


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"way_of_working": " \x00 "}, "way of working"),
        ({"going_on": ""}, "go on"),
        ({"expectations_met": 0}, "expectations"),
        ({"expectations_met": 6}, "expectations"),
        ({"expectations_met": True}, "expectations"),
        ({"stay_in_touch": "forever"}, "stay in touch"),
        ({"achieved": "x" * 4001}, "under 4000"),
        ({"stay_in_touch_how": "x" * 301}, "under 300"),
    ],
)
def test_bad_answers_are_refused_with_the_rule(last_weeks, pair, answers, message):
    _match, _mentor, mentee = pair
    with pytest.raises(ValidationError, match=message):
        write(mentee, **answers)
    assert not ClosingReflection.objects.exists()


def test_nul_characters_are_dropped_and_how_is_dropped_for_no(last_weeks, pair):
    _match, _mentor, mentee = pair
    reflection = write(mentee, going_on="On\x00 my own", stay_in_touch="no")
    assert reflection.going_on == "On my own"
    assert reflection.stay_in_touch_how == ""


# --- Goal ratings -------------------------------------------------------------------------------


def test_each_own_goal_is_rated_against_where_it_started(last_weeks, pair):
    match, _mentor, mentee = pair
    goals = [GoalFactory(match=match, author=mentee) for _ in range(2)]
    with pytest.raises(ValidationError, match="each of your own goals"):
        write(mentee, [rating(goals[0])])
    reflection = write(mentee, [rating(goals[0], "yes", 1, 5), rating(goals[1], "no", 3, 3)])
    stored = {
        r.goal_id: (r.reached, r.level_at_start, r.level_now) for r in reflection.goal_ratings.all()
    }
    assert stored == {goals[0].pk: ("yes", 1, 5), goals[1].pk: ("no", 3, 3)}


def test_the_mentor_may_rate_the_mentees_goals_or_leave_them(last_weeks, pair):
    match, mentor, mentee = pair
    goal = GoalFactory(match=match, author=mentee)
    assert write(mentor).goal_ratings.count() == 0
    ClosingReflection.objects.all().delete()
    assert write(mentor, [rating(goal)]).goal_ratings.get().goal == goal


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"reached": "maybe"}, "reached"),
        ({"start": 0}, "from 1 to 5"),
        ({"now": 6}, "from 1 to 5"),
        ({"start": True}, "from 1 to 5"),
    ],
)
def test_ratings_out_of_range_are_refused(last_weeks, pair, bad, message):
    match, _mentor, mentee = pair
    goal = GoalFactory(match=match, author=mentee)
    with pytest.raises(ValidationError, match=message):
        write(mentee, [rating(goal, **bad)])
    assert not ClosingReflection.objects.exists()


def test_a_private_goal_of_someone_else_or_a_goal_elsewhere_cannot_be_rated(
    last_weeks, pair, elsewhere
):
    match, mentor, mentee = pair
    private = GoalFactory(match=match, author=mentee, visibility=Goal.Visibility.PRIVATE)
    foreign = GoalFactory(match=elsewhere)
    for goal in (private, foreign):
        with pytest.raises(ValidationError, match="cannot be rated"):
            write(mentor, [rating(goal)])
    with pytest.raises(ValidationError, match="cannot be rated"):
        write(mentee, [rating(private), rating(private)])  # the same goal twice
    assert not ClosingReflection.objects.exists()


# --- The selectors other parts use -------------------------------------------------------------


def test_reflection_written_for_one_and_for_many(last_weeks, pair, django_assert_num_queries):
    match, mentor, mentee = pair
    write(mentee)
    assert reflection_written(mentee) and not reflection_written(mentor)
    with django_assert_num_queries(1):
        flags = dict(
            with_reflection_written(MatchMember.objects.filter(match=match)).values_list(
                "pk", "reflection_written"
            )
        )
    assert flags == {mentee.pk: True, mentor.pk: False}
    assert reflection_written_members([mentor.pk, mentee.pk]) == {mentee.pk}
    summary = reflection_summary(match)
    assert (summary.written, summary.members, summary.everyone) == (1, 2, False)
    assert summary.last_written_at is not None
