"""Health that explains itself: a state for each relationship with its reasons in words,
by the programme's own thresholds, read for any number of relationships in two queries."""

from datetime import timedelta

import pytest
from django.utils import translation

from evaluations.health import State, assess, health_of
from goals.models import Goal
from goals.tests.factories import GoalFactory
from meetings.models import Meeting
from relationships.models import FitCheck, Match
from relationships.tests.factories import FitCheckFactory, MatchFactory

from .conftest import at, meeting, started

NOW = at(2027, 3, 1, 12)


@pytest.fixture
def match(pair):
    match, _mentor, _mentee = pair
    started(match, NOW - timedelta(days=60))
    Match.objects.filter(pk=match.pk).update(
        agreement_signed_at=NOW - timedelta(days=58), status=Match.Status.ACTIVE
    )
    match.refresh_from_db()
    return match


def words(health) -> list[str]:
    with translation.override("en"):
        return [str(reason) for reason in health.reasons]


def test_a_pair_that_meets_is_on_track(match):
    meeting(match, NOW - timedelta(days=10))
    health = health_of(match, NOW)
    assert (health.state, health.reasons) == (State.ON_TRACK, ())
    assert health.label == "On track"


def test_no_meeting_for_five_weeks_is_at_risk_and_says_so(match):
    meeting(match, NOW - timedelta(days=36))
    health = health_of(match, NOW)
    assert health.state == State.AT_RISK
    assert words(health) == ["No meeting in 36 days"]


def test_three_weeks_without_a_meeting_needs_attention(match):
    meeting(match, NOW - timedelta(days=22))
    health = health_of(match, NOW)
    assert health.state == State.ATTENTION
    assert words(health) == ["No meeting in 22 days"]


def test_a_meeting_planned_ahead_or_a_pause_is_not_silence(match):
    meeting(match, NOW - timedelta(days=50))
    upcoming = meeting(match, NOW + timedelta(days=3), status=Meeting.Status.PLANNED)
    assert health_of(match, NOW).state == State.ON_TRACK
    upcoming.delete()
    Match.objects.filter(pk=match.pk).update(
        status=Match.Status.PAUSED, paused_until=(NOW + timedelta(days=20)).date()
    )
    assert health_of(match, NOW).state == State.ON_TRACK
    # Back from the pause five days ago: its days count from the return date.
    Match.objects.filter(pk=match.pk).update(
        status=Match.Status.ACTIVE, paused_until=(NOW - timedelta(days=5)).date()
    )
    assert health_of(match, NOW).state == State.ON_TRACK


def test_the_programmes_thresholds_decide(match, running):
    meeting(match, NOW - timedelta(days=22))
    running.health_attention_days, running.health_risk_days = 10, 20
    running.save()
    assert health_of(match, NOW).state == State.AT_RISK
    running.health_attention_days, running.health_risk_days = 30, 60
    running.save()
    assert health_of(match, NOW).state == State.ON_TRACK


def test_fit_check_no_is_at_risk_and_not_sure_needs_attention(match, pair):
    _match, mentor, mentee = pair
    meeting(match, NOW - timedelta(days=3))
    FitCheckFactory(match=match, member=mentee, answer=FitCheck.Answer.NOT_SURE)
    health = health_of(match, NOW)
    assert (health.state, words(health)) == (
        State.ATTENTION,
        ["Fit check: 1 member is not sure"],
    )
    FitCheckFactory(match=match, member=mentor, answer=FitCheck.Answer.NO)
    health = health_of(match, NOW)
    assert health.state == State.AT_RISK
    # The worst reason first.
    assert words(health) == ["Fit check: 1 member answered no", "Fit check: 1 member is not sure"]


def test_goals_off_track_from_the_programmes_number(match, running):
    meeting(match, NOW - timedelta(days=3))
    GoalFactory(match=match, status=Goal.Status.OFF_TRACK)
    assert health_of(match, NOW).state == State.ON_TRACK  # one of two
    GoalFactory(match=match, status=Goal.Status.OFF_TRACK)
    health = health_of(match, NOW)
    assert (health.state, words(health)) == (State.ATTENTION, ["2 goals off track"])


def test_an_agreement_unsigned_after_fourteen_days(match, running):
    meeting(match, NOW - timedelta(days=3))
    Match.objects.filter(pk=match.pk).update(agreement_signed_at=None, status=Match.Status.FORMING)
    started(match, NOW - timedelta(days=15))
    assert words(health_of(match, NOW)) == ["Agreement unsigned after 15 days"]
    running.agreement_required = False
    running.save()
    assert health_of(match, NOW).state == State.ON_TRACK


def test_a_new_relationship_is_too_early_to_tell_unless_something_is_wrong(match, pair):
    started(match, NOW - timedelta(days=5))
    assert health_of(match, NOW).state == State.TOO_EARLY
    FitCheckFactory(match=match, member=pair[2], answer=FitCheck.Answer.NO)
    assert health_of(match, NOW).state == State.AT_RISK


def test_reasons_in_swedish(match):
    meeting(match, NOW - timedelta(days=36))
    with translation.override("sv"):
        assert [str(r) for r in health_of(match, NOW).reasons] == ["Inget möte på 36 dagar"]
        assert health_of(match, NOW).label == "I riskzonen"


def test_an_ended_relationship_has_no_health(match):
    Match.objects.filter(pk=match.pk).update(status=Match.Status.ENDED_EARLY, ended_at=NOW)
    assert health_of(match, NOW) is None


@pytest.mark.parametrize("size", [3, 30])
def test_three_queries_for_any_number(running, size, django_assert_num_queries):
    for _ in range(size):
        other = MatchFactory(programme=running)
        meeting(other, NOW - timedelta(days=40))
        GoalFactory(match=other, status=Goal.Status.OFF_TRACK)
    with django_assert_num_queries(3):  # the relationships, their programmes, latest reports
        found = assess(Match.objects.filter(programme=running), NOW)
    assert len(found) == size
    assert {h.state for h in found.values()} == {State.AT_RISK}


def test_a_mid_point_review_overdue_until_every_member_wrote_theirs(match, pair, running):
    from datetime import date

    from evaluations.review_models import MidpointReview

    _match, mentor, mentee = pair
    meeting(match, NOW - timedelta(days=3))
    running.starts_on, running.midpoint_on = date(2026, 12, 1), date(2027, 2, 1)
    running.ends_on = date(2027, 6, 30)
    running.save()
    health = health_of(match, NOW)
    assert (health.state, words(health)) == (
        State.ATTENTION,
        ["Mid-point review overdue by 14 days"],
    )
    MidpointReview.objects.create(match=match, member=mentee, good="Talks.", better="Time.")
    assert words(health_of(match, NOW)) == ["Mid-point review overdue by 14 days"]
    MidpointReview.objects.create(match=match, member=mentor, good="Talks.", better="Time.")
    assert health_of(match, NOW).state == State.ON_TRACK
    running.health_review_grace_days = 60
    running.save()
    MidpointReview.objects.filter(member=mentor).delete()
    assert health_of(match, NOW).state == State.ON_TRACK


def test_a_latest_report_that_says_it_goes_badly(match, pair, running):
    from evaluations.review_models import ParticipantReport

    _match, mentor, mentee = pair
    meeting(match, NOW - timedelta(days=3))
    old = ParticipantReport.objects.create(
        match=match, member=mentee, period=1, how_going=1, meetings_since=0
    )
    ParticipantReport.objects.filter(pk=old.pk).update(written_at=NOW - timedelta(days=30))
    ParticipantReport.objects.create(
        match=match, member=mentee, period=2, how_going=4, meetings_since=1, written_at=NOW
    )
    assert health_of(match, NOW).state == State.ON_TRACK  # only the latest counts
    ParticipantReport.objects.create(
        match=match, member=mentor, period=2, how_going=2, meetings_since=1, written_at=NOW
    )
    health = health_of(match, NOW)
    assert (health.state, words(health)) == (
        State.ATTENTION,
        ["Latest report: how it is going, 2 of 5"],
    )
    ParticipantReport.objects.filter(member=mentor).update(how_going=1)
    assert health_of(match, NOW).state == State.AT_RISK
