"""Reminders about steps: due soon and overdue — due, not yet, once, and never where they
should not go."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from goals import reminders
from goals.models import Goal, Step
from goals.services import goal_create, goal_status_change, step_create, step_mark, step_update
from goals.tests.conftest import goal_values
from notifications import jobs, preferences
from notifications.models import Delivery
from notifications.tests.helpers import run_every, run_job
from relationships.models import Match
from relationships.services import match_end

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SOON, OVERDUE = "step-due-soon", "step-overdue"
BOTH = [SOON, OVERDUE]
DUE = date(2027, 3, 9)  # a Tuesday
PLANNING = datetime(2027, 1, 15, 12, tzinfo=STOCKHOLM)  # when the plan is made


def at(day: date, hour: int, minute: int = 0, zone=STOCKHOLM) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


@pytest.fixture
def long_programme(running):
    """From November 2026 to the end of 2027: both daylight-saving weekends fall inside."""
    running.starts_on, running.ends_on = date(2026, 11, 1), date(2027, 12, 31)
    running.save()
    return running


def make_goal(mentee, programme, **values) -> Goal:
    with time_machine.travel(PLANNING, tick=False):
        return goal_create(
            member=mentee, **goal_values(programme, target_date=date(2027, 12, 1), **values)
        )


def make_step(mentee, goal, due_on=DUE, owner=None, text="Write the agenda") -> Step:
    with time_machine.travel(PLANNING, tick=False):
        return step_create(
            member=mentee, goal=goal, text=text, owner=owner or mentee, due_on=due_on
        )


@pytest.fixture
def goal(long_programme, pair):
    _match, _mentor, mentee = pair
    return make_goal(mentee, long_programme, title="Lead my first team <meeting>")


@pytest.fixture
def step(goal, pair, mailoutbox):
    """Adam's own step "Write the agenda", due on Tuesday 9 March 2027."""
    _match, _mentor, mentee = pair
    made = make_step(mentee, goal, text="Write the <agenda>")
    mailoutbox.clear()
    return made


def recipients(result) -> list[int]:
    return sorted(item.recipient_id for item in result.due)


# --- Due soon -------------------------------------------------------------------------------
def test_the_owner_is_reminded_two_days_before_at_nine_with_the_step_and_a_link(
    step, goal, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair

    result = run_job(SOON, at(DUE - timedelta(days=2), 9), django_capture_on_commit_callbacks)

    assert recipients(result) == [mentee.enrolment.user_id]
    [email] = mailoutbox
    assert email.to == [mentee.enrolment.user.email]
    assert "Reminder: “Write the <agenda>” is due Tuesday 9 March" in email.subject
    assert "Write the <agenda>" in email.body and "Lead my first team <meeting>" in email.body
    html = email.alternatives[0][0]
    assert "Write the &lt;agenda&gt;" in html and "<agenda>" not in html  # escaped in HTML
    assert "Lead my first team &lt;meeting&gt;" in html
    assert f"/relationships/{goal.match_id}/goals/{goal.pk}/" in email.body
    assert "give the step a new date on the goal's page" in email.body  # his own goal
    assert "List-Unsubscribe" in email.extra_headers
    assert Delivery.objects.get(kind=SOON).occasion == "2027-03-09"


def test_a_step_given_to_the_mentor_reminds_the_mentor_in_swedish(
    goal, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    maja = mentor.enrolment.user
    maja.preferred_language = "sv"
    maja.save()
    make_step(mentee, goal, owner=mentor, text="Introduce Adam to a banker")

    result = run_job(SOON, at(DUE - timedelta(days=2), 9), django_capture_on_commit_callbacks)

    assert recipients(result) == [maja.pk]
    [email] = mailoutbox
    assert email.to == [maja.email]
    assert "Påminnelse: ”Introduce Adam to a banker” ska vara klart tisdag 9 mars" in email.subject
    assert "Hej Maja Mentor" in email.body
    assert "be Adam Adept, vars mål det är" in email.body  # she asks him for more time
    assert "Markera det som klart på målets sida" in email.alternatives[0][0]


def test_not_yet_due_before_nine_or_three_days_before(
    step, mailoutbox, django_capture_on_commit_callbacks
):
    for moment in (at(DUE - timedelta(days=2), 8, 55), at(DUE - timedelta(days=3), 12)):
        assert run_job(SOON, moment, django_capture_on_commit_callbacks).due == []
    assert mailoutbox == []


def test_a_second_pass_sends_nothing_again(step, mailoutbox, django_capture_on_commit_callbacks):
    run_job(SOON, at(DUE - timedelta(days=2), 9), django_capture_on_commit_callbacks)
    for moment in (at(DUE - timedelta(days=2), 10), at(DUE - timedelta(days=1), 9)):
        later = run_job(SOON, moment, django_capture_on_commit_callbacks)
        assert later.due == [] and later.claimed == []
    assert len(mailoutbox) == 1


def test_the_days_before_come_from_the_setting(
    step, settings, mailoutbox, django_capture_on_commit_callbacks
):
    five_before = at(DUE - timedelta(days=5), 9)
    assert run_job(SOON, five_before, django_capture_on_commit_callbacks).due == []

    settings.STEP_REMINDER_DAYS_BEFORE = 5

    assert len(run_job(SOON, five_before, django_capture_on_commit_callbacks).claimed) == 1


def test_a_reminder_missed_in_the_evening_goes_the_next_morning_but_not_after_the_due_day(
    step, mailoutbox, django_capture_on_commit_callbacks
):
    # Beat was down from 21:00 on the day it was due until after the due date.
    evening = at(DUE - timedelta(days=2), 21, 5)
    assert run_job(SOON, evening, django_capture_on_commit_callbacks).due == []
    after = at(DUE + timedelta(days=1), 9)
    assert run_job(SOON, after, django_capture_on_commit_callbacks).due == []
    # Found on the due day itself, it still goes.
    assert len(run_job(SOON, at(DUE, 9), django_capture_on_commit_callbacks).claimed) == 1


def test_a_done_step_is_not_reminded_of(step, pair, mailoutbox, django_capture_on_commit_callbacks):
    _match, _mentor, mentee = pair
    step_mark(member=mentee, step=step, done=True)

    for job, moment in (
        (SOON, at(DUE - timedelta(days=2), 9)),
        (OVERDUE, at(DUE, 9) + timedelta(days=1)),
    ):
        assert run_job(job, moment, django_capture_on_commit_callbacks).due == []
    assert mailoutbox == []


def test_a_member_who_turned_step_reminders_off_gets_neither(
    step, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    preferences.preference_set(user=mentee.enrolment.user, kind="step-reminders", mode="off")

    run_job(SOON, at(DUE - timedelta(days=2), 9), django_capture_on_commit_callbacks)
    run_job(OVERDUE, at(DUE + timedelta(days=1), 9), django_capture_on_commit_callbacks)

    assert mailoutbox == []
    assert set(Delivery.objects.filter(kind__in=BOTH).values_list("kind", "status")) == {
        (SOON, "off"),
        (OVERDUE, "off"),
    }


def test_the_weekly_digest_may_keep_them(
    step, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    preferences.preference_set(user=mentee.enrolment.user, kind="step-reminders", mode="digest")

    run_job(SOON, at(DUE - timedelta(days=2), 9), django_capture_on_commit_callbacks)

    assert mailoutbox == []
    kept = Delivery.objects.get(kind=SOON)
    assert kept.status == "digest" and "Write the <agenda>" in kept.summary
    assert f"/goals/{step.goal_id}/" in kept.link


@pytest.mark.parametrize("job", BOTH)
def test_a_paused_relationship_gets_no_step_reminders(
    step, job, mailoutbox, django_capture_on_commit_callbacks
):
    Match.objects.filter(pk=step.goal.match_id).update(
        status=Match.Status.PAUSED, paused_until=date(2027, 4, 1)
    )

    for moment in (at(DUE - timedelta(days=2), 9), at(DUE + timedelta(days=1), 9)):
        assert run_job(job, moment, django_capture_on_commit_callbacks).due == []
    assert mailoutbox == []


@pytest.mark.parametrize("job", BOTH)
def test_an_ended_relationship_gets_no_step_reminders(
    step, job, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(DUE - timedelta(days=5), 12), tick=False):
        match_end(match=step.goal.match, by=None, reason="Moved abroad")
    mailoutbox.clear()

    for moment in (at(DUE - timedelta(days=2), 9), at(DUE + timedelta(days=1), 9)):
        assert run_job(job, moment, django_capture_on_commit_callbacks).due == []
    assert mailoutbox == []


def test_a_completed_goal_gets_no_step_reminders(
    step, goal, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    with django_capture_on_commit_callbacks(execute=True):
        goal_status_change(member=mentee, goal=goal, status="completed")

    assert (
        run_job(SOON, at(DUE - timedelta(days=2), 9), django_capture_on_commit_callbacks).due == []
    )


def test_a_private_goals_step_is_reminded_to_its_author_alone(
    long_programme, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    secret = make_goal(mentee, long_programme, title="Adam's secret wish", visibility="private")
    own = make_step(mentee, secret, text="Ask for the promotion")
    # A step of it in the mentor's name (as the services never allow) is nobody's to be told.
    other = make_step(mentee, secret, text="Find out her salary")
    Step.objects.filter(pk=other.pk).update(owner=mentor)
    mailoutbox.clear()

    moment = at(DUE - timedelta(days=2), 9)
    result = run_job(SOON, moment, django_capture_on_commit_callbacks)

    assert [(d.recipient_id, d.about) for d in result.due] == [
        (mentee.enrolment.user_id, f"goals.step:{own.pk}")
    ]
    assert [m.to for m in mailoutbox] == [[mentee.enrolment.user.email]]
    overdue = run_job(OVERDUE, at(DUE + timedelta(days=1), 9), django_capture_on_commit_callbacks)
    assert recipients(overdue) == [mentee.enrolment.user_id]
    assert not Delivery.objects.filter(kind__in=BOTH, recipient=mentor.enrolment.user).exists()


def test_a_moved_due_date_is_a_new_reminder(
    step, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    run_job(SOON, at(DUE - timedelta(days=2), 9), django_capture_on_commit_callbacks)
    later = DUE + timedelta(days=7)
    with time_machine.travel(at(DUE - timedelta(days=2), 12), tick=False):
        step_update(member=mentee, step=step, text=step.text, owner=mentee, due_on=later)

    assert run_job(SOON, at(DUE, 9), django_capture_on_commit_callbacks).due == []
    again = run_job(SOON, at(later - timedelta(days=2), 9), django_capture_on_commit_callbacks)

    assert len(again.claimed) == 1
    assert sorted(
        Delivery.objects.filter(kind=SOON, status="sent").values_list("occasion", flat=True)
    ) == [
        "2027-03-09",
        "2027-03-16",
    ]
    # Nor is the old date overdue.
    assert (
        run_job(OVERDUE, at(DUE + timedelta(days=1), 9), django_capture_on_commit_callbacks).due
        == []
    )


@pytest.mark.parametrize("change", ["done", "moved", "given away"])
def test_a_step_changed_after_the_claim_is_not_sent(
    step, goal, pair, change, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    moment = at(DUE - timedelta(days=2), 9)
    with (
        time_machine.travel(moment, tick=False),
        django_capture_on_commit_callbacks(execute=False) as queued,
    ):
        jobs.dispatch(jobs.get(SOON))
        if change == "done":
            step_mark(member=mentee, step=step, done=True)
        else:
            step_update(
                member=mentee,
                step=step,
                text=step.text,
                owner=mentor if change == "given away" else mentee,
                due_on=DUE + timedelta(days=(0 if change == "given away" else 3)),
            )
    with time_machine.travel(moment + timedelta(minutes=1), tick=False):
        for callback in queued:
            callback()

    assert mailoutbox == []
    assert list(Delivery.objects.filter(kind__in=BOTH).values_list("status", flat=True)) == [
        "not_due"
    ]


# --- Overdue --------------------------------------------------------------------------------
def test_an_open_step_is_overdue_the_morning_after_its_due_date(
    step, goal, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    day_after = DUE + timedelta(days=1)

    assert run_job(OVERDUE, at(DUE, 20), django_capture_on_commit_callbacks).due == []
    assert run_job(OVERDUE, at(day_after, 8, 55), django_capture_on_commit_callbacks).due == []
    result = run_job(OVERDUE, at(day_after, 9), django_capture_on_commit_callbacks)

    assert recipients(result) == [mentee.enrolment.user_id]
    [email] = mailoutbox
    assert "Still to do? “Write the <agenda>” was due Tuesday 9 March" in email.subject
    assert "not marked done yet" in email.body
    assert f"/relationships/{goal.match_id}/goals/{goal.pk}/" in email.body
    assert "Write the &lt;agenda&gt;" in email.alternatives[0][0]
    again = run_job(
        OVERDUE, at(day_after + timedelta(days=1), 9), django_capture_on_commit_callbacks
    )
    assert again.due == [] and len(mailoutbox) == 1


def test_the_overdue_reminder_renders_in_swedish(
    step, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    adam = mentee.enrolment.user
    adam.preferred_language = "sv"
    adam.save()

    run_job(OVERDUE, at(DUE + timedelta(days=1), 9), django_capture_on_commit_callbacks)

    [email] = mailoutbox
    assert "Kvar att göra? ”Write the <agenda>” skulle vara klart tisdag 9 mars" in email.subject
    assert "inte markerat som klart än" in email.body
    assert "Målet och dess steg" in email.alternatives[0][0]


def test_a_step_long_overdue_when_first_seen_is_not_announced(
    step, mailoutbox, django_capture_on_commit_callbacks
):
    late = at(DUE + timedelta(days=reminders.OVERDUE_WITHIN_DAYS + 1), 9)
    assert run_job(OVERDUE, late, django_capture_on_commit_callbacks).due == []
    week = at(DUE + timedelta(days=reminders.OVERDUE_WITHIN_DAYS), 9)
    assert len(run_job(OVERDUE, week, django_capture_on_commit_callbacks).claimed) == 1


def test_nine_in_the_morning_is_the_owners_own(
    goal, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    maja = mentor.enrolment.user
    maja.time_zone = "America/New_York"
    maja.save()
    make_step(mentee, goal, owner=mentor, text="Introduce Adam to a banker")
    new_york = ZoneInfo("America/New_York")

    claims = run_every(
        OVERDUE,
        at(DUE, 12),
        at(DUE + timedelta(days=1), 12, zone=new_york),
        15,
        django_capture_on_commit_callbacks,
    )

    [(moment, _claimed)] = claims
    assert moment.astimezone(new_york).replace(tzinfo=None) == datetime(2027, 3, 10, 9)


def test_finding_costs_one_query_however_many_steps(
    goal, pair, long_programme, django_assert_num_queries
):
    _match, mentor, mentee = pair
    for number in range(12):
        make_step(mentee, goal, owner=mentor if number % 2 else mentee, text=f"Step {number}")

    with django_assert_num_queries(1):
        due = reminders.find_steps_due_soon(at(DUE - timedelta(days=2), 9))
    with django_assert_num_queries(1):
        overdue = reminders.find_steps_overdue(at(DUE + timedelta(days=1), 9))
    assert len(due) == len(overdue) == 12


# --- The daylight-saving weekends -------------------------------------------------------------
@pytest.mark.parametrize(
    ("job", "due_on", "reminder_day"),
    [
        # Spring: the clocks go forward at 02:00 on Sunday 28 March 2027.
        (SOON, date(2027, 3, 30), date(2027, 3, 28)),
        (SOON, date(2027, 3, 29), date(2027, 3, 27)),
        (OVERDUE, date(2027, 3, 27), date(2027, 3, 28)),
        # Autumn: the clocks go back at 03:00 on Sunday 31 October 2027.
        (SOON, date(2027, 11, 2), date(2027, 10, 31)),
        (SOON, date(2027, 11, 1), date(2027, 10, 30)),
        (OVERDUE, date(2027, 10, 30), date(2027, 10, 31)),
    ],
    ids=[
        "spring-soon-sun",
        "spring-soon-sat",
        "spring-overdue-sun",
        "autumn-soon-sun",
        "autumn-soon-sat",
        "autumn-overdue-sun",
    ],
)
def test_the_daylight_saving_weekends_neither_skip_nor_double_a_reminder(
    goal, pair, job, due_on, reminder_day, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    make_step(mentee, goal, due_on=due_on)
    mailoutbox.clear()

    # Beat's pass every fifteen minutes over the whole weekend.
    start = at(reminder_day - timedelta(days=1), 0)
    claims = run_every(
        job, start, start + timedelta(days=3), 15, django_capture_on_commit_callbacks
    )

    assert len(claims) == 1, claims  # one pass claimed, once
    moment, claimed = claims[0]
    assert len(claimed) == 1 and len(mailoutbox) == 1
    assert moment.astimezone(STOCKHOLM).replace(tzinfo=None) == datetime.combine(
        reminder_day, datetime.min.time()
    ).replace(hour=9)
