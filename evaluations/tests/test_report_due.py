"""The ``report-due`` job: 9:00 by each member's clock on the day a report period opens,
once per period, not to paused or ended relationships nor to someone who wrote theirs."""

from datetime import date

import pytest
import time_machine

from evaluations.models import ParticipantReport
from notifications import preferences
from notifications.jobs import deliver, dispatch, get
from notifications.models import Delivery
from notifications.tests.helpers import run_every, run_job
from relationships.models import Match

from .conftest import at, started

JOB = "report-due"


@pytest.fixture
def reporting(long_programme, pair, mailoutbox):
    """Reports every 4 weeks from Sunday 1 November 2026: period 1 opens on Sunday 29
    November, period 2 on 27 December."""
    long_programme.report_every_weeks = 4
    long_programme.save()
    match, _mentor, _mentee = pair
    started(match, at(2026, 10, 20, 10))
    mailoutbox.clear()
    return match


def run(when, callbacks):
    return run_job(JOB, when, callbacks)


def test_every_member_is_asked_at_nine_on_the_day_the_period_opens(
    reporting, pair, mailoutbox, django_capture_on_commit_callbacks
):
    early = run(at(2026, 11, 29, 8, 45), django_capture_on_commit_callbacks)
    result = run(at(2026, 11, 29, 9), django_capture_on_commit_callbacks)

    assert early.due == []
    assert len(result.claimed) == 2
    assert {d.occasion for d in Delivery.objects.filter(kind=JOB)} == {"period:1"}
    message = mailoutbox[0]
    assert "Your report to the coordinator" in message.subject
    assert f"/relationships/{reporting.pk}/report/" in message.body
    assert "please write it by 26 December 2026" in message.body
    assert "Only the coordinator reads it" in message.body


def test_once_per_period_however_often_the_job_runs(
    reporting, mailoutbox, django_capture_on_commit_callbacks
):
    claims = run_every(
        JOB, at(2026, 11, 28, 0), at(2026, 12, 1, 0), 60, django_capture_on_commit_callbacks
    )
    assert [moment for moment, _ids in claims] == [at(2026, 11, 29, 9)]
    assert len(mailoutbox) == 2
    run(at(2026, 12, 27, 9), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 4
    assert set(Delivery.objects.filter(kind=JOB).values_list("occasion", flat=True)) == {
        "period:1",
        "period:2",
    }


def test_nine_by_each_members_own_clock(
    reporting, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, _mentee = pair
    mentor.enrolment.user.time_zone = "America/New_York"
    mentor.enrolment.user.save()
    result = run(at(2026, 11, 29, 9), django_capture_on_commit_callbacks)
    later = run(at(2026, 11, 29, 15), django_capture_on_commit_callbacks)  # 9:00 in New York
    assert len(result.claimed) == 1 and len(later.claimed) == 1
    assert mailoutbox[1].to == [mentor.enrolment.user.email]


def test_not_to_a_member_who_wrote_it(
    reporting, pair, mailoutbox, django_capture_on_commit_callbacks
):
    match, _mentor, mentee = pair
    ParticipantReport.objects.create(
        match=match, member=mentee, period=1, how_going=4, meetings_since=1
    )
    result = run(at(2026, 11, 29, 9), django_capture_on_commit_callbacks)
    assert len(result.claimed) == 1
    assert mailoutbox[0].to != [mentee.enrolment.user.email]


@pytest.mark.parametrize("status", [Match.Status.PAUSED, Match.Status.ENDED_EARLY])
def test_not_to_paused_or_ended_relationships(
    reporting, mailoutbox, django_capture_on_commit_callbacks, status
):
    Match.objects.filter(pk=reporting.pk).update(status=status)
    assert run(at(2026, 11, 29, 9), django_capture_on_commit_callbacks).due == []
    assert mailoutbox == []


def test_paused_after_the_claim_it_is_dropped(
    reporting, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(2026, 11, 29, 9), tick=False):
        claimed = dispatch(get(JOB))  # claimed; its tasks not run yet
        Match.objects.filter(pk=reporting.pk).update(status=Match.Status.PAUSED)
        for pk in claimed.claimed:
            deliver(pk)
    assert mailoutbox == []
    assert set(Delivery.objects.filter(kind=JOB).values_list("status", flat=True)) == {
        Delivery.Status.NOT_DUE
    }


def test_no_reports_asked_no_reminder(reporting, django_capture_on_commit_callbacks):
    reporting.programme.report_every_weeks = None
    reporting.programme.save()
    assert run(at(2026, 11, 29, 9), django_capture_on_commit_callbacks).due == []


def test_a_member_may_turn_it_off(reporting, pair, mailoutbox, django_capture_on_commit_callbacks):
    _match, _mentor, mentee = pair
    preferences.preference_set(user=mentee.enrolment.user, kind="report-reminder", mode="off")
    run(at(2026, 11, 29, 9), django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [[pair[1].enrolment.user.email]]


def test_no_period_after_the_programme_ends(reporting, django_capture_on_commit_callbacks):
    reporting.programme.ends_on = date(2026, 12, 20)
    reporting.programme.save()
    assert run(at(2026, 12, 27, 9), django_capture_on_commit_callbacks).due == []
