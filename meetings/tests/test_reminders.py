"""The reminder the day before a meeting: due, not yet, once, and never where it should not."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from meetings import services
from notifications import preferences
from notifications.models import Delivery
from notifications.tests.helpers import run_every, run_job
from relationships.models import Match

from .conftest import planned

STOCKHOLM = ZoneInfo("Europe/Stockholm")
JOB = "meeting-reminder"


@pytest.fixture
def meeting(long_programme, pair, mailoutbox):
    """Tuesday 9 March 2027 at 10:00 in Stockholm, with one topic on the agenda."""
    meeting = planned(pair, datetime(2027, 3, 9, 10, tzinfo=STOCKHOLM), "Feedback <script>")
    mailoutbox.clear()
    return meeting


def test_every_member_is_reminded_24_hours_before_with_the_agenda(
    meeting, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    mentor.enrolment.user.preferred_language = "sv"
    mentor.enrolment.user.save()

    result = run_job(
        JOB, datetime(2027, 3, 8, 10, 0, tzinfo=STOCKHOLM), django_capture_on_commit_callbacks
    )

    assert len(result.claimed) == 2
    by_person = {m.to[0]: m for m in mailoutbox}
    english = by_person[mentee.enrolment.user.email]
    swedish = by_person[mentor.enrolment.user.email]
    assert "Reminder: your meeting Tuesday 10:00" in english.subject
    assert "Feedback <script>" in english.body  # the agenda, as written
    assert "Feedback &lt;script&gt;" in english.alternatives[0][0]  # escaped in HTML
    assert "Maja Mentor" in english.body
    assert "Påminnelse: ert möte tisdag 10:00" in swedish.subject
    assert f"/relationships/{meeting.match_id}/meetings/{meeting.pk}/" in english.body
    assert "List-Unsubscribe" in english.extra_headers


def test_not_yet_due_five_minutes_earlier(meeting, mailoutbox, django_capture_on_commit_callbacks):
    early = datetime(2027, 3, 8, 9, 55, tzinfo=STOCKHOLM)
    assert run_job(JOB, early, django_capture_on_commit_callbacks).claimed == []
    assert mailoutbox == []


def test_a_second_pass_sends_nothing_again(meeting, mailoutbox, django_capture_on_commit_callbacks):
    moment = datetime(2027, 3, 8, 10, 0, tzinfo=STOCKHOLM)
    run_job(JOB, moment, django_capture_on_commit_callbacks)
    later = run_job(JOB, moment + timedelta(hours=1), django_capture_on_commit_callbacks)

    assert later.claimed == [] and later.due == []
    assert len(mailoutbox) == 2


def test_a_member_who_turned_it_off_is_not_reminded(
    meeting, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    preferences.preference_set(user=mentee.enrolment.user, kind=JOB, mode="off")

    run_job(JOB, datetime(2027, 3, 8, 10, 5, tzinfo=STOCKHOLM), django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [[mentor.enrolment.user.email]]
    assert Delivery.objects.get(recipient=mentee.enrolment.user, kind=JOB).status == "off"


@pytest.mark.parametrize("status", [Match.Status.PAUSED, Match.Status.ENDED_EARLY])
def test_a_paused_or_ended_relationship_is_not_reminded(
    meeting, status, mailoutbox, django_capture_on_commit_callbacks
):
    Match.objects.filter(pk=meeting.match_id).update(status=status)

    result = run_job(
        JOB, datetime(2027, 3, 8, 10, 5, tzinfo=STOCKHOLM), django_capture_on_commit_callbacks
    )

    assert result.due == [] and mailoutbox == []


def test_a_meeting_cancelled_after_the_claim_is_not_sent(
    meeting, pair, mailoutbox, django_capture_on_commit_callbacks
):
    import time_machine

    from notifications import jobs

    _match, _mentor, mentee = pair
    moment = datetime(2027, 3, 8, 10, 5, tzinfo=STOCKHOLM)
    with (
        time_machine.travel(moment, tick=False),
        django_capture_on_commit_callbacks(execute=False) as queued,
    ):
        jobs.dispatch(jobs.get(JOB))
    services.meeting_cancel(member=mentee, meeting=meeting, reason="Ill")
    mailoutbox.clear()
    for callback in queued:
        callback()

    assert not [m for m in mailoutbox if "Reminder" in m.subject]
    assert set(Delivery.objects.filter(kind=JOB).values_list("status", flat=True)) == {"not_due"}


def test_a_moved_meeting_is_reminded_of_at_its_new_time(
    meeting, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    run_job(JOB, datetime(2027, 3, 8, 10, 5, tzinfo=STOCKHOLM), django_capture_on_commit_callbacks)
    moved = services.meeting_change(
        member=mentor,
        meeting=meeting,
        starts_at=datetime(2027, 3, 10, 15, tzinfo=STOCKHOLM),
        minutes=60,
        format="video",
    )
    services.meeting_accept(member=mentee, meeting=moved)

    again = run_job(
        JOB, datetime(2027, 3, 9, 15, 0, tzinfo=STOCKHOLM), django_capture_on_commit_callbacks
    )

    assert len(again.claimed) == 2
    assert Delivery.objects.filter(kind=JOB, status="sent").count() == 4


def test_a_member_who_asked_for_another_time_is_not_reminded(
    long_programme, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    meeting = services.meeting_propose(
        member=mentee,
        starts_at=datetime(2027, 3, 9, 10, tzinfo=STOCKHOLM),
        minutes=60,
        format="video",
    )
    services.meeting_accept(member=mentor, meeting=meeting)
    from meetings.models import Response

    Response.objects.filter(meeting=meeting, member=mentor).update(answer="declined")

    result = run_job(
        JOB, datetime(2027, 3, 8, 10, 5, tzinfo=STOCKHOLM), django_capture_on_commit_callbacks
    )

    assert [d.recipient_id for d in result.due] == [mentee.enrolment.user_id]


@pytest.mark.parametrize(
    "starts_at",
    [
        # Spring: the clocks go forward at 02:00 on Sunday 28 March 2027.
        datetime(2027, 3, 28, 10, tzinfo=STOCKHOLM),  # reminded on Saturday, before the change
        datetime(2027, 3, 29, 10, tzinfo=STOCKHOLM),  # reminded on Sunday, after it
        datetime(2027, 3, 29, 2, 30, tzinfo=STOCKHOLM),  # 02:30 on Sunday does not exist
        # Autumn: the clocks go back at 03:00 on Sunday 31 October 2027.
        datetime(2027, 10, 31, 10, tzinfo=STOCKHOLM),
        datetime(2027, 11, 1, 10, tzinfo=STOCKHOLM),
        datetime(2027, 11, 1, 2, 30, tzinfo=STOCKHOLM),  # 02:30 on Sunday happens twice
    ],
    ids=["spring-sat", "spring-sun", "spring-gap", "autumn-sat", "autumn-sun", "autumn-twice"],
)
def test_the_daylight_saving_weekends_neither_skip_nor_double_a_reminder(
    long_programme, pair, starts_at, mailoutbox, django_capture_on_commit_callbacks
):
    planned(pair, starts_at)
    mailoutbox.clear()

    # Beat's pass every five minutes from two days before to the meeting.
    claims = run_every(
        JOB, starts_at - timedelta(days=2), starts_at, 5, django_capture_on_commit_callbacks
    )

    assert len(claims) == 1, claims  # one pass claimed, once
    moment, claimed = claims[0]
    assert len(claimed) == 2 and len(mailoutbox) == 2
    local = moment.astimezone(STOCKHOLM)
    expected = starts_at.replace(tzinfo=None) - timedelta(days=1)
    if starts_at.hour == 2 and starts_at.month == 3:
        # 02:30 is skipped that night: the reminder goes at the first pass after 03:30.
        assert (local.date(), local.hour, local.minute) == (expected.date(), 3, 30)
    else:
        assert local.replace(tzinfo=None) == expected  # by the wall clock, the day before


def test_only_the_meeting_due_is_reminded_of_not_the_relationships_others(
    long_programme, pair, mailoutbox, django_capture_on_commit_callbacks
):
    """Each (meeting, member) row is the meeting due: a past meeting nobody marked and a
    later one of the same relationship are neither reminded of nor multiply the rows."""
    planned(pair, datetime(2027, 2, 1, 10, tzinfo=STOCKHOLM))  # past, still planned
    due = planned(pair, datetime(2027, 3, 9, 10, tzinfo=STOCKHOLM))
    planned(pair, datetime(2027, 4, 1, 10, tzinfo=STOCKHOLM))  # weeks ahead
    mailoutbox.clear()

    result = run_job(
        JOB, datetime(2027, 3, 8, 10, 0, tzinfo=STOCKHOLM), django_capture_on_commit_callbacks
    )

    assert sorted(d.about for d in result.due) == [f"meetings.meeting:{due.pk}"] * 2
    assert len(mailoutbox) == 2
