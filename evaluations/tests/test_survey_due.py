"""The surveys' reminders (``survey-due``): 9:00 by each invited member's clock on the
opening day, and 3 days before closing to those who have not answered; exactly once;
never to a paused or early-ended relationship, never after the occasion has closed."""

from datetime import date

import pytest
import time_machine

from evaluations.survey_models import Survey
from notifications import jobs, preferences
from notifications.models import Delivery
from notifications.tests.helpers import run_every, run_job
from relationships.models import Match

from .conftest import STOCKHOLM, at, started
from .survey_fixtures import answer, make_survey

JOB = "survey-due"


@pytest.fixture
def surveyed(long_programme, pair, mailoutbox):
    """Mid-point Tuesday 1 June 2027; the survey is open until Monday 14 June, so its
    reminder is due on Friday 11 June."""
    long_programme.midpoint_on = date(2027, 6, 1)
    long_programme.save()
    match, _mentor, _mentee = pair
    started(match, at(2026, 11, 2, 10))
    mailoutbox.clear()
    return make_survey(long_programme, title_en="How is it going?")


def run(when, callbacks):
    return run_job(JOB, when, callbacks)


def emails_to(mailoutbox) -> dict:
    return {m.to[0]: m for m in mailoutbox}


def test_every_invited_member_hears_at_nine_on_the_opening_day(
    surveyed, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    mentor.enrolment.user.preferred_language = "sv"
    mentor.enrolment.user.save()

    assert run(at(2027, 6, 1, 8, 45), django_capture_on_commit_callbacks).due == []
    result = run(at(2027, 6, 1, 9), django_capture_on_commit_callbacks)

    assert len(result.claimed) == 2
    assert set(Delivery.objects.filter(kind=JOB).values_list("occasion", flat=True)) == {"midpoint"}
    english = emails_to(mailoutbox)[mentee.enrolment.user.email]
    assert english.subject.endswith("A survey for you: How is it going?")
    assert "is open for your answers until 14 June 2027" in english.body
    assert "It is anonymous" in english.body
    assert f"/surveys/{surveyed.pk}/midpoint/" in english.body
    assert mentor.enrolment.user.email in emails_to(mailoutbox)


def test_exactly_once_then_a_reminder_to_those_who_have_not_answered(
    surveyed, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    run(at(2027, 6, 1, 9), django_capture_on_commit_callbacks)
    assert run(at(2027, 6, 2, 9), django_capture_on_commit_callbacks).due == []
    with time_machine.travel(at(2027, 6, 5, 12), tick=False):
        answer(surveyed, mentee.enrolment.user, "mentee")
    mailoutbox.clear()

    assert run(at(2027, 6, 10, 12), django_capture_on_commit_callbacks).due == []
    reminded = run(at(2027, 6, 11, 9), django_capture_on_commit_callbacks)
    again = run(at(2027, 6, 12, 9), django_capture_on_commit_callbacks)

    assert [d.occasion for d in reminded.due] == ["midpoint:closing"]
    assert [m.to for m in mailoutbox] == [[mentor.enrolment.user.email]]
    assert "Last days to answer: How is it going?" in mailoutbox[0].subject
    assert "closes on 14 June 2027" in mailoutbox[0].body
    assert again.due == []


def test_nothing_once_the_occasion_has_closed(surveyed, django_capture_on_commit_callbacks):
    assert run(at(2027, 6, 15, 9), django_capture_on_commit_callbacks).due == []


def test_a_late_opening_e_mail_is_not_sent_beside_the_reminder(
    surveyed, django_capture_on_commit_callbacks
):
    result = run(at(2027, 6, 11, 9), django_capture_on_commit_callbacks)

    assert {d.occasion for d in result.due} == {"midpoint:closing"}


@pytest.mark.parametrize("status", [Match.Status.PAUSED, Match.Status.ENDED_EARLY])
def test_a_paused_or_ended_relationship_is_not_reminded(
    surveyed, status, mailoutbox, django_capture_on_commit_callbacks
):
    match = Match.objects.get(programme=surveyed.programme)
    Match.objects.filter(pk=match.pk).update(status=status)
    if status == Match.Status.ENDED_EARLY:
        match.members.update(current=False)

    assert run(at(2027, 6, 1, 9), django_capture_on_commit_callbacks).due == []
    assert mailoutbox == []


def test_a_draft_and_another_roles_survey_remind_nobody_else(
    surveyed, pair, django_capture_on_commit_callbacks
):
    _match, mentor, _mentee = pair
    Survey.objects.filter(pk=surveyed.pk).update(status=Survey.Status.DRAFT)
    make_survey(surveyed.programme, audience="mentor", title_en="Mentors only")

    result = run(at(2027, 6, 1, 9), django_capture_on_commit_callbacks)

    assert [d.recipient_id for d in result.due] == [mentor.enrolment.user_id]


def test_a_member_who_turned_it_off_is_not_reminded(
    surveyed, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    preferences.preference_set(user=mentee.enrolment.user, kind="survey-reminder", mode="off")

    run(at(2027, 6, 1, 9), django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [[mentor.enrolment.user.email]]


def test_an_answer_between_the_claim_and_the_send_drops_it(
    surveyed, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    with (
        time_machine.travel(at(2027, 6, 1, 9), tick=False),
        django_capture_on_commit_callbacks(execute=False) as queued,
    ):
        jobs.dispatch(jobs.get(JOB))
    with time_machine.travel(at(2027, 6, 1, 9, 1), tick=False):
        answer(surveyed, mentee.enrolment.user, "mentee")
        for callback in queued:
            callback()

    assert [m.to for m in mailoutbox] == [[mentor.enrolment.user.email]]
    dropped = Delivery.objects.get(kind=JOB, recipient=mentee.enrolment.user)
    assert dropped.status == "not_due"


def test_the_first_meeting_survey_opens_on_the_day_it_was_held(
    long_programme, pair, mailoutbox, django_capture_on_commit_callbacks
):
    from .conftest import meeting

    match, _mentor, mentee = pair
    started(match, at(2026, 11, 2, 10))
    make_survey(long_programme, timing="first_meeting", audience="mentee", open_days=7)
    meeting(match, at(2026, 11, 20, 17))

    assert run(at(2026, 11, 19, 12), django_capture_on_commit_callbacks).due == []
    result = run(at(2026, 11, 20, 9), django_capture_on_commit_callbacks)

    assert [(d.recipient_id, d.occasion) for d in result.due] == [
        (mentee.enrolment.user_id, "first-meeting")
    ]


def test_the_daylight_saving_night_neither_skips_nor_doubles(
    surveyed, long_programme, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    long_programme.midpoint_on = date(2027, 3, 28)
    long_programme.save()

    claims = run_every(
        JOB, at(2027, 3, 27, 0), at(2027, 3, 29, 0), 15, django_capture_on_commit_callbacks
    )

    assert len(claims) == 1
    local = claims[0][0].astimezone(STOCKHOLM)
    assert (local.date(), local.hour, local.minute) == (date(2027, 3, 28), 9, 0)
    assert timedelta(0) <= local - at(2027, 3, 28, 9) < timedelta(minutes=15)


def test_finding_who_is_due_reads_in_a_fixed_number_of_queries(surveyed, django_assert_num_queries):
    from evaluations.survey_reminders import find_surveys_due

    from .survey_fixtures import add_pairs

    with django_assert_num_queries(3):
        small = find_surveys_due(at(2027, 6, 1, 9))
    for match in add_pairs(surveyed.programme, 4):
        started(match, at(2026, 11, 2, 10))
    make_survey(surveyed.programme, title_en="Another")
    with django_assert_num_queries(3):
        large = find_surveys_due(at(2027, 6, 1, 9))

    assert len(small) == 2 and len(large) > len(small)
