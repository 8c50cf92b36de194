"""The quiet-relationship ladder: a nudge to the members after N weeks with no meeting held
or planned, a follow-up and an e-mail to each coordinator N weeks later, once per spell."""

from datetime import timedelta

import pytest

from evaluations.health import quiet_spells, weeks_for
from evaluations.models import FollowUp
from meetings.models import Meeting
from notifications import preferences
from notifications.models import Delivery
from notifications.tests.helpers import run_every, run_job
from programs.models import Programme
from relationships.models import Agreement, Match

from .conftest import STOCKHOLM, at, meeting, started

NUDGE, ESCALATION = "quiet-nudge", "quiet-escalation"


@pytest.fixture
def quiet(long_programme, pair, cora, mailoutbox):
    """Adam and Maja began on Monday 4 January 2027 and have never met; the programme says
    quiet after four weeks. Their spell begins on Monday 1 February."""
    long_programme.quiet_weeks = 4
    long_programme.save()
    match, _mentor, _mentee = pair
    started(match, at(2027, 1, 4, 10))
    mailoutbox.clear()
    return match


def run(job, when, callbacks):
    return run_job(job, when, callbacks)


@pytest.mark.parametrize(
    ("programme_weeks", "agreed", "cadence", "weeks"),
    [
        (3, "weekly", "monthly", 3),  # the programme's setting comes first
        (None, "weekly", "monthly", 2),  # then the pair's cadence
        (None, "", "fortnightly", 4),  # then the programme's
        (None, None, "monthly", 8),
        (None, "flexible", "weekly", 8),
        (0, "", "weekly", 2),  # 0 is no setting
    ],
)
def test_n_weeks_come_from_the_programme_else_the_agreed_cadence_else_the_programmes(
    programme_weeks, agreed, cadence, weeks
):
    assert weeks_for(programme_weeks, agreed, cadence) == weeks


def test_every_member_is_nudged_at_nine_on_the_day_the_spell_begins(
    quiet, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    mentor.enrolment.user.preferred_language = "sv"
    mentor.enrolment.user.save()

    early = run(NUDGE, at(2027, 2, 1, 8, 55), django_capture_on_commit_callbacks)
    nine = run(NUDGE, at(2027, 2, 1, 9, 0), django_capture_on_commit_callbacks)

    assert early.due == [] and len(nine.claimed) == 2
    by_person = {m.to[0]: m for m in mailoutbox}
    english = by_person[mentee.enrolment.user.email]
    swedish = by_person[mentor.enrolment.user.email]
    assert "Time to plan your next meeting?" in english.subject
    assert "quiet for 4 weeks" in english.body and "Maja Mentor" in english.body
    assert f"/relationships/{quiet.pk}/meetings/" in english.body
    assert "Dags att planera nästa möte?" in swedish.subject
    assert "4 veckor" in swedish.body
    assert {d.occasion for d in Delivery.objects.filter(kind=NUDGE)} == {"2027-02-01"}


def test_not_nudged_the_day_before_nor_a_second_time(
    quiet, mailoutbox, django_capture_on_commit_callbacks
):
    assert run(NUDGE, at(2027, 1, 31, 12), django_capture_on_commit_callbacks).due == []
    run(NUDGE, at(2027, 2, 1, 9), django_capture_on_commit_callbacks)
    again = run(NUDGE, at(2027, 2, 3, 10), django_capture_on_commit_callbacks)

    assert again.due == [] and len(mailoutbox) == 2


def test_the_weeks_follow_the_pairs_agreed_cadence_when_the_programme_sets_none(
    quiet, long_programme, mailoutbox, django_capture_on_commit_callbacks
):
    long_programme.quiet_weeks = None
    long_programme.meeting_cadence = Programme.Cadence.MONTHLY  # 8 weeks
    long_programme.save()
    Agreement.objects.update_or_create(match=quiet, defaults={"cadence": "weekly"})  # 2 weeks

    result = run(NUDGE, at(2027, 1, 18, 9), django_capture_on_commit_callbacks)

    assert len(result.claimed) == 2
    assert "quiet for 2 weeks" in mailoutbox[0].body


def test_a_planned_meeting_means_no_nudge(quiet, mailoutbox, django_capture_on_commit_callbacks):
    meeting(quiet, at(2027, 2, 10, 17), Meeting.Status.PLANNED)

    assert run(NUDGE, at(2027, 2, 1, 9), django_capture_on_commit_callbacks).due == []


def test_a_proposed_meeting_ahead_also_means_no_nudge(
    quiet, mailoutbox, django_capture_on_commit_callbacks
):
    meeting(quiet, at(2027, 2, 10, 17), Meeting.Status.PROPOSED)

    assert run(NUDGE, at(2027, 2, 1, 9), django_capture_on_commit_callbacks).due == []


def test_a_meeting_cancelled_or_missed_does_not_count(
    quiet, mailoutbox, django_capture_on_commit_callbacks
):
    meeting(quiet, at(2027, 1, 20, 17), Meeting.Status.CANCELLED)
    meeting(quiet, at(2027, 1, 25, 17), Meeting.Status.MISSED)

    assert len(run(NUDGE, at(2027, 2, 1, 9), django_capture_on_commit_callbacks).claimed) == 2


def test_the_spell_counts_from_the_last_meeting_held(
    quiet, mailoutbox, django_capture_on_commit_callbacks
):
    meeting(quiet, at(2027, 1, 20, 17))  # held: quiet from 17 February

    assert run(NUDGE, at(2027, 2, 1, 9), django_capture_on_commit_callbacks).due == []
    assert len(run(NUDGE, at(2027, 2, 17, 9), django_capture_on_commit_callbacks).claimed) == 2
    assert "Your last meeting was on" in mailoutbox[0].body


def test_a_meeting_held_ends_the_spell_and_a_later_spell_nudges_again(
    quiet, mailoutbox, django_capture_on_commit_callbacks
):
    run(NUDGE, at(2027, 2, 1, 9), django_capture_on_commit_callbacks)
    meeting(quiet, at(2027, 2, 5, 17))  # they met: the spell is over

    between = run(NUDGE, at(2027, 2, 20, 9), django_capture_on_commit_callbacks)
    escalated = run(ESCALATION, at(2027, 3, 1, 9), django_capture_on_commit_callbacks)
    later = run(NUDGE, at(2027, 3, 5, 9), django_capture_on_commit_callbacks)  # 5 Feb + 4 weeks

    assert between.due == [] and escalated.due == []
    assert len(later.claimed) == 2 and len(mailoutbox) == 4
    assert sorted(set(Delivery.objects.filter(kind=NUDGE).values_list("occasion", flat=True))) == [
        "2027-02-01",
        "2027-03-05",
    ]


def test_a_member_who_turned_it_off_is_not_nudged(
    quiet, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    preferences.preference_set(user=mentee.enrolment.user, kind=NUDGE, mode="off")

    run(NUDGE, at(2027, 2, 1, 9), django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [[mentor.enrolment.user.email]]
    assert Delivery.objects.get(recipient=mentee.enrolment.user, kind=NUDGE).status == "off"


@pytest.mark.parametrize("status", [Match.Status.PAUSED, Match.Status.ENDED_EARLY, "completed"])
def test_a_paused_or_ended_relationship_is_not_quiet(
    quiet, status, mailoutbox, django_capture_on_commit_callbacks
):
    Match.objects.filter(pk=quiet.pk).update(status=status)

    nudged = run(NUDGE, at(2027, 2, 1, 9), django_capture_on_commit_callbacks)
    escalated = run(ESCALATION, at(2027, 3, 1, 9), django_capture_on_commit_callbacks)

    assert nudged.due == [] and escalated.due == [] and mailoutbox == []
    assert not FollowUp.objects.exists()


def test_a_relationship_back_from_a_pause_counts_from_its_return_date(
    quiet, mailoutbox, django_capture_on_commit_callbacks
):
    from datetime import date

    # Paused in January, back on 15 February: quiet from 15 March, not 1 February.
    Match.objects.filter(pk=quiet.pk).update(paused_until=date(2027, 2, 15))

    assert run(NUDGE, at(2027, 2, 16, 9), django_capture_on_commit_callbacks).due == []
    assert len(run(NUDGE, at(2027, 3, 15, 9), django_capture_on_commit_callbacks).claimed) == 2


def test_a_nudge_claimed_before_a_meeting_was_planned_is_not_sent(
    quiet, pair, mailoutbox, django_capture_on_commit_callbacks
):
    import time_machine

    from notifications import jobs

    moment = at(2027, 2, 1, 9)
    with (
        time_machine.travel(moment, tick=False),
        django_capture_on_commit_callbacks(execute=False) as queued,
    ):
        jobs.dispatch(jobs.get(NUDGE))
    meeting(quiet, at(2027, 2, 10, 17), Meeting.Status.PLANNED)
    with time_machine.travel(moment + timedelta(minutes=1), tick=False):
        for callback in queued:
            callback()

    assert mailoutbox == []
    assert set(Delivery.objects.filter(kind=NUDGE).values_list("status", flat=True)) == {"not_due"}


def test_still_quiet_n_weeks_later_one_follow_up_and_one_email_per_coordinator(
    quiet, running, cora, mailoutbox, django_capture_on_commit_callbacks
):
    from accounts.tests.factories import UserFactory
    from programs.services import coordinator_grant

    second = UserFactory(email="second@example.org", preferred_language="sv")
    coordinator_grant(user=second, programme=running)
    run(NUDGE, at(2027, 2, 1, 9), django_capture_on_commit_callbacks)
    mailoutbox.clear()

    early = run(ESCALATION, at(2027, 2, 28, 12), django_capture_on_commit_callbacks)
    first = run(ESCALATION, at(2027, 3, 1, 9), django_capture_on_commit_callbacks)
    again = run(ESCALATION, at(2027, 3, 2, 9), django_capture_on_commit_callbacks)

    assert early.due == [] and len(first.claimed) == 2 and again.due == []
    (follow_up,) = FollowUp.objects.all()
    assert (follow_up.match, follow_up.reason) == (quiet, "quiet")
    assert (str(follow_up.quiet_since), str(follow_up.due_on)) == ("2027-02-01", "2027-03-01")
    by_person = {m.to[0]: m for m in mailoutbox}
    assert set(by_person) == {cora.email, second.email}
    english, swedish = by_person[cora.email], by_person[second.email]
    assert "Quiet relationship: " in english.subject and "Adam Adept" in english.subject
    assert "quiet for 8 weeks" in english.body
    assert f"/admin/evaluations/followup/{follow_up.pk}/change/" in english.body
    assert "Tyst relation" in swedish.subject and "8 veckor" in swedish.body


def test_the_escalation_is_no_participants_business(
    quiet, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    run(ESCALATION, at(2027, 3, 1, 9), django_capture_on_commit_callbacks)

    recipients = {m.to[0] for m in mailoutbox}
    assert mentor.enrolment.user.email not in recipients
    assert mentee.enrolment.user.email not in recipients


def test_a_coordinator_elsewhere_hears_nothing(
    quiet, otto, mailoutbox, django_capture_on_commit_callbacks
):
    run(ESCALATION, at(2027, 3, 1, 9), django_capture_on_commit_callbacks)

    assert otto.email not in {m.to[0] for m in mailoutbox}


def test_a_coordinator_who_turned_it_off_gets_no_email_but_the_follow_up_is_made(
    quiet, cora, mailoutbox, django_capture_on_commit_callbacks
):
    preferences.preference_set(user=cora, kind="coordinator-tasks", mode="off")

    run(ESCALATION, at(2027, 3, 1, 9), django_capture_on_commit_callbacks)

    assert mailoutbox == []
    assert FollowUp.objects.filter(reason="quiet").count() == 1


def test_no_step_after_the_programmes_end(
    quiet, long_programme, mailoutbox, django_capture_on_commit_callbacks
):
    from datetime import date

    long_programme.ends_on = date(2027, 2, 20)
    long_programme.save()

    assert len(run(NUDGE, at(2027, 2, 1, 9), django_capture_on_commit_callbacks).claimed) == 2
    assert run(ESCALATION, at(2027, 3, 1, 9), django_capture_on_commit_callbacks).due == []


def test_the_quiet_spells_are_read_in_one_query_for_many_relationships(
    quiet, running, django_assert_num_queries
):
    from intake.tests.factories import person
    from relationships.services import match_create

    for _ in range(5):
        match = match_create(
            programme=running,
            mentor=person(running, "mentor"),
            mentees=[person(running)],
            origin="manual",
            by=None,
        )
        started(match, at(2027, 1, 4, 10))

    with django_assert_num_queries(1):
        spells = quiet_spells(at(2027, 2, 1, 9))

    assert len(spells) == 6


@pytest.mark.parametrize(
    ("job", "begins", "day"),
    [
        # The nudge falls on Sunday 28 March 2027, when the clocks go forward at 02:00 …
        (NUDGE, at(2027, 2, 28, 10), at(2027, 3, 28)),
        # … and on Sunday 31 October 2027, when they go back at 03:00.
        (NUDGE, at(2027, 10, 3, 10), at(2027, 10, 31)),
        # The coordinators' step on the same Sundays, four weeks after the nudge.
        (ESCALATION, at(2027, 1, 31, 10), at(2027, 3, 28)),
        (ESCALATION, at(2027, 9, 5, 10), at(2027, 10, 31)),
    ],
    ids=["nudge-spring", "nudge-autumn", "escalation-spring", "escalation-autumn"],
)
def test_the_daylight_saving_weekends_neither_skip_nor_double_a_step(
    quiet, job, begins, day, mailoutbox, django_capture_on_commit_callbacks
):
    started(quiet, begins)

    # Beat's pass every fifteen minutes from Saturday to Monday.
    claims = run_every(
        job,
        day - timedelta(days=1, hours=9),
        day + timedelta(days=1),
        15,
        django_capture_on_commit_callbacks,
    )

    assert len(claims) == 1, claims
    moment, claimed = claims[0]
    local = moment.astimezone(STOCKHOLM)
    assert (local.date(), local.hour, local.minute) == (day.date(), 9, 0)
    assert len(claimed) == (2 if job == NUDGE else 1)
