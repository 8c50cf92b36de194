"""The occasions' days, and the public selectors for the dashboard: their values and a
fixed number of queries as data grows."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from evaluations.survey_models import Survey
from evaluations.survey_occasions import add_months, occasion_for, programme_occasions
from evaluations.survey_selectors import (
    invitees,
    satisfaction_by_role,
    survey_results,
    surveys_for_user,
    surveys_overdue,
)
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory
from programs.models import Programme
from relationships.models import Match, MatchMember

from .survey_fixtures import add_pairs, answer, make_survey

pytestmark = pytest.mark.django_db


def programme(**dates) -> Programme:
    return Programme(
        starts_on=dates.get("starts_on", date(2027, 1, 1)),
        ends_on=dates.get("ends_on", date(2027, 12, 31)),
        midpoint_on=dates.get("midpoint_on"),
    )


def survey_of(timing, **fields) -> Survey:
    return Survey(timing=timing, open_days=fields.pop("open_days", 14), **fields)


# --- Occasions ----------------------------------------------------------------------------


def test_the_mid_point_occasion_opens_on_the_programmes_mid_point():
    (occasion,) = programme_occasions(
        survey_of("midpoint"), programme(midpoint_on=date(2027, 6, 1))
    )

    assert (occasion.key, occasion.opens_on, occasion.closes_on) == (
        "midpoint",
        date(2027, 6, 1),
        date(2027, 6, 14),
    )
    assert occasion.state(date(2027, 5, 31)) == "upcoming"
    assert occasion.state(date(2027, 6, 14)) == "open"
    assert occasion.state(date(2027, 6, 15)) == "closed"


def test_the_final_occasion_follows_the_setting(settings):
    settings.FINAL_EVALUATION_DAYS_BEFORE = 10

    (occasion,) = programme_occasions(survey_of("final", open_days=20), programme())

    assert (occasion.opens_on, occasion.closes_on) == (date(2027, 12, 21), date(2028, 1, 9))


def test_every_n_weeks_gives_one_occasion_a_period_while_the_programme_runs():
    found = programme_occasions(
        survey_of("every_weeks", every_weeks=4, open_days=60),
        programme(ends_on=date(2027, 3, 31)),
    )

    assert [(o.key, o.opens_on, o.closes_on) for o in found] == [
        ("w1", date(2027, 1, 29), date(2027, 2, 25)),  # never past the next one's opening
        ("w2", date(2027, 2, 26), date(2027, 3, 25)),
        ("w3", date(2027, 3, 26), date(2027, 4, 22)),
    ]
    assert str(found[2].label) == "After 12 weeks"


def test_months_after_the_end_clamps_to_the_months_last_day():
    (occasion,) = programme_occasions(
        survey_of("after", months_after=1), programme(ends_on=date(2027, 1, 31))
    )

    assert occasion.opens_on == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_the_first_meeting_occasion_is_each_members_own():
    survey = survey_of("first_meeting", open_days=7)

    occasion = occasion_for(survey, "first-meeting", date(2027, 3, 3))

    assert (occasion.opens_on, occasion.closes_on) == (date(2027, 3, 3), date(2027, 3, 9))
    assert occasion_for(survey, "first-meeting", None) is None
    assert occasion_for(survey, "midpoint", date(2027, 3, 3)) is None


@pytest.mark.parametrize("key", ["w0", "w", "W1", "final ", "after\x00", "", "first_meeting"])
def test_odd_keys_are_no_occasion(key):
    survey = survey_of("every_weeks", every_weeks=2)
    survey.programme = programme()

    assert occasion_for(survey, key) is None


# --- Who is invited -----------------------------------------------------------------------


def test_the_invited_are_current_and_completed_members_not_those_ended_early(
    midway, pair, elsewhere
):
    match, mentor, mentee = pair
    Match.objects.filter(pk=match.pk).update(status=Match.Status.COMPLETED)
    MatchMember.objects.filter(match=match).update(current=False)
    Match.objects.filter(pk=elsewhere.pk).update(status=Match.Status.ENDED_EARLY)
    MatchMember.objects.filter(match=elsewhere).update(current=False)

    found = {i.user_id: i for i in invitees([midway.pk])}

    assert set(found) == {mentor.enrolment.user_id, mentee.enrolment.user_id}
    assert found[mentee.enrolment.user_id].role == "mentee"


def test_the_first_meeting_survey_opens_when_the_first_meeting_was_held(midway, pair):
    match, _mentor, mentee = pair
    survey = make_survey(midway, timing="first_meeting", title_en="First")
    user = mentee.enrolment.user
    assert surveys_for_user(user) == []

    MeetingFactory(
        match=match, starts_at=timezone.now() - timedelta(days=1), status=Meeting.Status.HELD
    )
    (found,) = surveys_for_user(user)

    assert (found.survey, found.key) == (survey, "first-meeting")
    assert found.occasion.opens_on == timezone.localdate() - timedelta(days=1)


# --- The dashboard's selectors ------------------------------------------------------------


@pytest.fixture
def answered(survey, users):
    """Three answered the anonymous mid-point survey: Adam (mentee), Maja (mentor), Bo
    (mentee of another pair); Nils (mentor) has not."""
    rows = [("member", 5, 10, 0), ("other_member", 3, 6, 1), ("member_elsewhere", 4, 9, 1)]
    for role, scale, nps, single in rows:
        user = users[role]
        answer(survey, user, user.enrolments.get().role, scale=scale, nps=nps, single=single)
    return survey


def test_survey_results_give_rates_means_nps_and_counts(answered, midway):
    (result,) = survey_results([midway.pk], timezone.localdate())

    assert (result.survey_id, result.programme_id, result.occasion) == (
        answered.pk,
        midway.pk,
        "midpoint",
    )
    assert (result.invited, result.answered, result.rate) == (4, 3, 0.75)
    by_kind = {q.kind: q for q in result.questions}
    assert by_kind["scale"].mean == 4.0 and by_kind["scale"].answered == 3
    assert by_kind["nps"].nps == 33  # promoters 10 and 9, a detractor 6: (2 - 1) / 3
    assert by_kind["single_choice"].counts == [("In person", 1), ("Video", 2), ("Phone", 0)]
    assert by_kind["multiple_choice"].counts == [("Agenda", 0), ("Goals", 3), ("Topic bank", 0)]
    assert [q.kind for q in result.questions if q.suppressed] == ["text"]  # nobody wrote


def test_anonymous_results_are_suppressed_below_three(survey, users, midway):
    user = users["member"]
    answer(survey, user, "mentee")

    (result,) = survey_results([midway.pk], timezone.localdate(), texts=True)

    assert result.answered == 1 and result.suppressed
    assert all(q.suppressed and q.mean is None and q.nps is None for q in result.questions)
    assert all(q.counts == [] and q.texts == [] for q in result.questions)


def test_occasions_not_yet_open_and_other_programmes_are_left_out(
    answered, midway, other_programme
):
    make_survey(midway, timing="final", title_en="Final")
    make_survey(other_programme)

    assert [r.title for r in survey_results([midway.pk], timezone.localdate())] == [
        "Mid-point survey"
    ]


def test_satisfaction_by_role_leaves_out_anonymous_groups_under_three(answered, midway):
    # Mentees: Adam 5, Bo 4 — two people, anonymous: left out. Mentors: Maja 3 — one.
    assert satisfaction_by_role([midway.pk]) == {}

    named = make_survey(midway, anonymous=False, title_en="Named")
    from .survey_fixtures import answer as answer_

    for person in MatchMember.objects.filter(match__programme=midway, role="mentee"):
        answer_(named, person.enrolment.user, "mentee", scale=2)

    assert satisfaction_by_role([midway.pk]) == {"mentee": (2.0, 2)}


def test_satisfaction_by_role_counts_anonymous_groups_of_three(answered, midway):
    (match,) = add_pairs(midway, 1)
    third = match.members.get(role="mentee")
    answer(answered, third.enrolment.user, "mentee", scale=3)
    # One mentor among them: the mentees' mean and the whole's would give hers.
    assert satisfaction_by_role([midway.pk]) == {}
    for match in add_pairs(midway, 2):
        answer(answered, match.members.get(role="mentor").enrolment.user, "mentor", scale=2)

    # Three or more of each role: (5 + 4 + 3) / 3 and (3 + 2 + 2) / 3.
    assert satisfaction_by_role([midway.pk]) == {"mentee": (4.0, 3), "mentor": (2.33, 3)}


def test_surveys_overdue_lists_who_has_not_answered_an_open_occasion(answered, users, midway):
    nils = MatchMember.objects.get(
        match__programme=midway, enrolment__user__display_name="Nils Nilsson"
    )

    rows = surveys_overdue([midway.pk], timezone.localdate())

    assert [(r.survey_id, r.occasion, r.user_id) for r in rows] == [
        (answered.pk, "midpoint", nils.enrolment.user_id)
    ]
    assert rows[0].closes_on == midway.midpoint_on + timedelta(days=13)
    assert surveys_overdue([midway.pk], midway.midpoint_on + timedelta(days=14)) == []


def _grow(programme, pairs: int, surveys: int):
    for _ in range(surveys):
        make_survey(programme, title_en=f"Survey {Survey.objects.count()}")
    for match in add_pairs(programme, pairs):
        for member in match.members.all():
            for survey in Survey.objects.filter(programme=programme):
                answer(survey, member.enrolment.user, member.role)


@pytest.mark.parametrize(
    ("name", "call", "queries"),
    [
        ("survey_results", lambda ids, today: survey_results(ids, today, texts=True), 6),
        ("satisfaction_by_role", lambda ids, today: satisfaction_by_role(ids), 1),
        ("surveys_overdue", surveys_overdue, 3),
    ],
)
def test_the_selectors_read_in_a_fixed_number_of_queries(
    midway, name, call, queries, django_assert_num_queries
):
    today = timezone.localdate()
    _grow(midway, 2, 1)
    with django_assert_num_queries(queries):
        small = call([midway.pk], today)
    _grow(midway, 6, 2)
    with django_assert_num_queries(queries):
        large = call([midway.pk], today)

    assert small != large or name == "surveys_overdue"


def test_a_members_list_reads_in_a_fixed_number_of_queries(midway, pair, django_assert_num_queries):
    _match, _mentor, mentee = pair
    user = mentee.enrolment.user
    make_survey(midway)
    with django_assert_num_queries(3):
        assert len(surveys_for_user(user)) == 1
    for number in range(5):
        answer(make_survey(midway, title_en=f"More {number}"), user, "mentee")
    with django_assert_num_queries(3):
        assert len(surveys_for_user(user)) == 6
