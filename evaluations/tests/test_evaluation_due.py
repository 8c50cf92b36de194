"""The mid-point review and the final evaluation: one reminder each, 9:00 by each member's
clock, to the current members of running relationships."""

from datetime import date, timedelta

import pytest

from notifications import preferences
from notifications.models import Delivery
from notifications.tests.helpers import run_every, run_job
from relationships.models import Match

from .conftest import STOCKHOLM, at, started

JOB = "evaluation-due"


@pytest.fixture
def evaluated(long_programme, pair, mailoutbox):
    """The programme's mid-point is Tuesday 1 June 2027, its end Friday 31 December: the
    final evaluation is due a week before, on Friday 24 December."""
    long_programme.midpoint_on = date(2027, 6, 1)
    long_programme.save()
    match, _mentor, _mentee = pair
    started(match, at(2026, 11, 2, 10))
    mailoutbox.clear()
    return match


def run(when, callbacks):
    return run_job(JOB, when, callbacks)


def test_every_member_is_reminded_of_the_mid_point_review_at_nine(
    evaluated, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    mentor.enrolment.user.preferred_language = "sv"
    mentor.enrolment.user.save()

    result = run(at(2027, 6, 1, 9), django_capture_on_commit_callbacks)

    assert len(result.claimed) == 2
    assert {d.occasion for d in Delivery.objects.filter(kind=JOB)} == {"midpoint"}
    by_person = {m.to[0]: m for m in mailoutbox}
    english = by_person[mentee.enrolment.user.email]
    swedish = by_person[mentor.enrolment.user.email]
    assert "Time for your mid-point review" in english.subject
    assert "what has been good so far, and what can be better?" in english.body
    assert "Maja Mentor" in english.body
    assert f"/relationships/{evaluated.pk}/" in english.body
    assert "Dags för er halvtidsutvärdering" in swedish.subject
    assert "Adam Adept" in swedish.body


def test_the_final_evaluation_a_week_before_the_end(
    evaluated, mailoutbox, django_capture_on_commit_callbacks
):
    # The mid-point was not told (a late one goes until the final's day); the final not yet.
    before = run(at(2027, 12, 23, 12), django_capture_on_commit_callbacks)
    mailoutbox.clear()
    result = run(at(2027, 12, 24, 9), django_capture_on_commit_callbacks)

    assert {d.occasion for d in before.due} == {"midpoint"}

    assert len(result.claimed) == 2
    assert "Time for your final evaluation" in mailoutbox[0].subject
    assert "ends on 31 December 2027" in mailoutbox[0].body
    assert set(Delivery.objects.filter(kind=JOB).values_list("occasion", flat=True)) == {
        "midpoint",
        "final",
    }


def test_the_final_days_come_from_the_setting(
    evaluated, settings, django_capture_on_commit_callbacks
):
    settings.FINAL_EVALUATION_DAYS_BEFORE = 14

    assert len(run(at(2027, 12, 17, 9), django_capture_on_commit_callbacks).claimed) == 2


def test_the_mid_point_is_halfway_when_the_programme_names_none(
    evaluated, long_programme, django_capture_on_commit_callbacks
):
    long_programme.midpoint_on = None
    long_programme.save()
    halfway = long_programme.midpoint  # 1 November 2026 + 212 days

    assert run(at(2027, 5, 31, 12), django_capture_on_commit_callbacks).due == []
    assert halfway == date(2027, 6, 1)
    assert len(run(at(2027, 6, 1, 9), django_capture_on_commit_callbacks).claimed) == 2


def test_not_before_nine_and_only_once(evaluated, mailoutbox, django_capture_on_commit_callbacks):
    assert run(at(2027, 6, 1, 8, 45), django_capture_on_commit_callbacks).due == []
    run(at(2027, 6, 1, 9), django_capture_on_commit_callbacks)
    assert run(at(2027, 6, 2, 9), django_capture_on_commit_callbacks).due == []
    assert len(mailoutbox) == 2


def test_a_member_who_turned_it_off_is_not_reminded(
    evaluated, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    preferences.preference_set(user=mentee.enrolment.user, kind="evaluation-reminder", mode="off")

    run(at(2027, 6, 1, 9), django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [[mentor.enrolment.user.email]]


@pytest.mark.parametrize("status", [Match.Status.PAUSED, Match.Status.ENDED_EARLY, "completed"])
def test_a_paused_or_ended_relationship_is_not_reminded(
    evaluated, status, mailoutbox, django_capture_on_commit_callbacks
):
    Match.objects.filter(pk=evaluated.pk).update(status=status)

    assert run(at(2027, 6, 1, 9), django_capture_on_commit_callbacks).due == []
    assert mailoutbox == []


def test_a_mid_point_missed_is_not_sent_once_the_final_is_due(
    evaluated, django_capture_on_commit_callbacks
):
    Match.objects.filter(pk=evaluated.pk).update(status=Match.Status.PAUSED)
    run(at(2027, 6, 1, 9), django_capture_on_commit_callbacks)
    Match.objects.filter(pk=evaluated.pk).update(status=Match.Status.ACTIVE)

    before_final = run(at(2027, 7, 1, 9), django_capture_on_commit_callbacks)
    final = run(at(2027, 12, 24, 9), django_capture_on_commit_callbacks)

    # Back from the pause in July, it is told of the mid-point then; never after the final.
    assert {d.occasion for d in before_final.due} == {"midpoint"}
    assert {d.occasion for d in final.due} == {"final"}


def test_a_relationship_that_began_after_the_mid_point_gets_only_the_final(
    evaluated, django_capture_on_commit_callbacks
):
    started(evaluated, at(2027, 6, 10, 10))

    assert run(at(2027, 6, 11, 9), django_capture_on_commit_callbacks).due == []
    assert len(run(at(2027, 12, 24, 9), django_capture_on_commit_callbacks).claimed) == 2


def test_nothing_after_the_programmes_end(evaluated, django_capture_on_commit_callbacks):
    assert run(at(2028, 1, 1, 9), django_capture_on_commit_callbacks).due == []


def test_a_member_who_left_is_not_reminded_when_the_claim_is_sent(
    evaluated, pair, mailoutbox, django_capture_on_commit_callbacks
):
    import time_machine

    from notifications import jobs

    _match, _mentor, _mentee = pair
    with (
        time_machine.travel(at(2027, 6, 1, 9), tick=False),
        django_capture_on_commit_callbacks(execute=False) as queued,
    ):
        jobs.dispatch(jobs.get(JOB))
    Match.objects.filter(pk=evaluated.pk).update(status=Match.Status.ENDED_EARLY)
    with time_machine.travel(at(2027, 6, 1, 9, 1), tick=False):
        for callback in queued:
            callback()

    assert mailoutbox == []
    assert set(Delivery.objects.filter(kind=JOB).values_list("status", flat=True)) == {"not_due"}


@pytest.mark.parametrize(
    ("midpoint", "ends_on", "day"),
    [
        (date(2027, 3, 28), date(2027, 12, 31), at(2027, 3, 28)),  # the mid-point, spring
        (date(2027, 3, 1), date(2027, 11, 7), at(2027, 10, 31)),  # the final one, autumn
    ],
    ids=["midpoint-spring", "final-autumn"],
)
def test_the_daylight_saving_weekends_neither_skip_nor_double_a_reminder(
    evaluated, long_programme, midpoint, ends_on, day, django_capture_on_commit_callbacks
):
    long_programme.midpoint_on, long_programme.ends_on = midpoint, ends_on
    long_programme.save()
    if day.month == 10:
        started(evaluated, at(2027, 3, 5, 10))  # after the mid-point: only the final is theirs

    claims = run_every(
        JOB,
        day - timedelta(days=1, hours=9),
        day + timedelta(days=1),
        15,
        django_capture_on_commit_callbacks,
    )

    assert len(claims) == 1, claims
    moment, claimed = claims[0]
    local = moment.astimezone(STOCKHOLM)
    assert (local.date(), local.hour, local.minute) == (day.date(), 9, 0)
    assert len(claimed) == 2
