"""The coordinators' morning e-mail of follow-ups due: the programme's scheduled follow-ups
made as they fall due, one e-mail a morning to each coordinator, only with news."""

from datetime import date, timedelta

import pytest

from evaluations import services
from evaluations.models import FollowUp
from notifications import jobs, preferences
from notifications.models import Delivery
from notifications.tests.helpers import run_every, run_job
from relationships.models import Match

from .conftest import STOCKHOLM, at, started

JOB = "follow-up-due"


@pytest.fixture
def scheduled(long_programme, pair, elsewhere, cora, mailoutbox):
    """The programme began on 1 November 2026 and follows up 30 and 180 days in
    (1 December, 30 April); both its relationships began that day."""
    long_programme.follow_up_offsets = [30, 180]
    long_programme.save()
    match, _mentor, _mentee = pair
    for each in (match, elsewhere):
        started(each, at(2026, 11, 1, 10))
    mailoutbox.clear()
    return match


def run(when, callbacks):
    return run_job(JOB, when, callbacks)


def test_each_coordinator_gets_one_email_listing_the_follow_ups_due_that_morning(
    scheduled, elsewhere, cora, mailoutbox, django_capture_on_commit_callbacks
):
    result = run(at(2026, 12, 1, 9), django_capture_on_commit_callbacks)

    assert len(result.claimed) == 1
    made = FollowUp.objects.order_by("match_id")
    assert {(f.match_id, f.reason, f.offset, f.due_on) for f in made} == {
        (scheduled.pk, "scheduled", 30, date(2026, 12, 1)),
        (elsewhere.pk, "scheduled", 30, date(2026, 12, 1)),
    }
    (email,) = mailoutbox
    assert email.to == [cora.email]
    assert "2 follow-ups due" in email.subject
    assert "Adam Adept · Maja Mentor" in email.body and "Bo Berg · Nils Nilsson" in email.body
    for follow_up in made:
        assert f"/admin/evaluations/followup/{follow_up.pk}/change/" in email.body
    html = email.alternatives[0][0]
    assert "Adam Adept · Maja Mentor</a>" in html
    delivery = Delivery.objects.get(kind=JOB)
    assert (delivery.about, delivery.occasion) == (f"accounts.user:{cora.pk}", "2026-12-01")


def test_nothing_before_nine_on_the_day_and_nothing_made_early(
    scheduled, mailoutbox, django_capture_on_commit_callbacks
):
    assert run(at(2026, 11, 30, 12), django_capture_on_commit_callbacks).due == []
    assert run(at(2026, 12, 1, 8, 55), django_capture_on_commit_callbacks).due == []
    assert mailoutbox == [] and not FollowUp.objects.exists()


def test_a_dry_run_lists_the_coordinator_and_makes_nothing(scheduled, cora):
    import time_machine

    with time_machine.travel(at(2026, 12, 1, 9), tick=False):
        result = jobs.dispatch(jobs.get(JOB), dry_run=True)

    assert [d.recipient_id for d in result.due] == [cora.pk]
    assert not FollowUp.objects.exists() and not Delivery.objects.filter(kind=JOB).exists()


def test_once_a_morning_and_not_again_for_what_was_told(
    scheduled, mailoutbox, django_capture_on_commit_callbacks
):
    run(at(2026, 12, 1, 9), django_capture_on_commit_callbacks)
    later = run(at(2026, 12, 1, 15), django_capture_on_commit_callbacks)
    tomorrow = run(at(2026, 12, 2, 9), django_capture_on_commit_callbacks)

    assert later.due == [] and tomorrow.due == [] and len(mailoutbox) == 1
    assert FollowUp.objects.count() == 2  # made once


def test_the_next_follow_up_of_a_log_is_told_on_its_day_with_the_overdue_ones(
    scheduled, cora, mailoutbox, django_capture_on_commit_callbacks
):
    import time_machine

    run(at(2026, 12, 1, 9), django_capture_on_commit_callbacks)
    first = FollowUp.objects.get(match=scheduled)
    with time_machine.travel(at(2026, 12, 1, 14), tick=False):
        services.follow_up_log(
            follow_up=first,
            by=cora,
            done_on=date(2026, 12, 1),
            channel="phone",
            note="Fine.",
            next_due_on=date(2026, 12, 15),
        )
    mailoutbox.clear()

    before = run(at(2026, 12, 14, 9), django_capture_on_commit_callbacks)
    on_the_day = run(at(2026, 12, 15, 9), django_capture_on_commit_callbacks)

    assert before.due == [] and len(on_the_day.claimed) == 1
    (email,) = mailoutbox
    assert "2 follow-ups due" in email.subject  # the new one and Nils and Bo's, overdue
    assert "overdue since" in email.body and "due today" in email.body


def test_a_follow_up_asked_for_after_the_morning_email_is_told_the_next_morning(
    scheduled, cora, mailoutbox, django_capture_on_commit_callbacks
):
    import time_machine

    run(at(2026, 12, 1, 9), django_capture_on_commit_callbacks)
    with time_machine.travel(at(2026, 12, 1, 16), tick=False):
        services.follow_up_ask(match=scheduled, due_on=date(2026, 12, 1), by=cora)

    same_day = run(at(2026, 12, 1, 17), django_capture_on_commit_callbacks)
    next_day = run(at(2026, 12, 2, 9), django_capture_on_commit_callbacks)

    assert same_day.due == [] and len(next_day.claimed) == 1


def test_a_coordinator_who_turned_it_off_gets_nothing_and_the_follow_ups_are_made(
    scheduled, cora, mailoutbox, django_capture_on_commit_callbacks
):
    preferences.preference_set(user=cora, kind="coordinator-tasks", mode="off")

    run(at(2026, 12, 1, 9), django_capture_on_commit_callbacks)

    assert mailoutbox == []
    assert Delivery.objects.get(kind=JOB).status == "off"
    assert FollowUp.objects.count() == 2


@pytest.mark.parametrize("status", [Match.Status.PAUSED, Match.Status.ENDED_EARLY, "completed"])
def test_a_paused_or_ended_relationship_is_not_followed_up(
    scheduled, elsewhere, status, mailoutbox, django_capture_on_commit_callbacks
):
    Match.objects.filter(pk__in=[scheduled.pk, elsewhere.pk]).update(status=status)

    result = run(at(2026, 12, 1, 9), django_capture_on_commit_callbacks)

    assert result.due == [] and mailoutbox == [] and not FollowUp.objects.exists()


def test_a_follow_up_done_before_the_email_goes_is_not_listed(
    scheduled, elsewhere, cora, mailoutbox, django_capture_on_commit_callbacks
):
    import time_machine

    run(at(2026, 12, 1, 9), django_capture_on_commit_callbacks)
    with time_machine.travel(at(2026, 12, 2, 10), tick=False):
        for follow_up in FollowUp.objects.all():
            services.follow_up_log(
                follow_up=follow_up, by=cora, done_on=date(2026, 12, 2), channel="email"
            )
        services.follow_up_ask(match=elsewhere, due_on=date(2026, 12, 3), by=cora)
    mailoutbox.clear()
    with (
        time_machine.travel(at(2026, 12, 3, 9), tick=False),
        django_capture_on_commit_callbacks(execute=False) as queued,
    ):
        claimed = jobs.dispatch(jobs.get(JOB)).claimed
    FollowUp.objects.filter(due_on=date(2026, 12, 3)).update(
        done_on=date(2026, 12, 2), channel="phone"
    )
    with time_machine.travel(at(2026, 12, 3, 9, 1), tick=False):
        for callback in queued:
            callback()

    assert len(claimed) == 1 and mailoutbox == []
    assert Delivery.objects.get(occasion="2026-12-03").status == "not_due"


def test_a_relationship_formed_after_the_day_is_not_owed_that_follow_up(
    scheduled, elsewhere, mailoutbox, django_capture_on_commit_callbacks
):
    started(elsewhere, at(2026, 12, 10, 10))

    run(at(2026, 12, 1, 9), django_capture_on_commit_callbacks)
    run(at(2026, 12, 11, 9), django_capture_on_commit_callbacks)

    assert list(FollowUp.objects.values_list("match_id", flat=True)) == [scheduled.pk]


def test_coordinators_elsewhere_and_participants_get_nothing(
    scheduled, pair, otto, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair

    result = run(at(2026, 12, 1, 9), django_capture_on_commit_callbacks)

    recipients = {d.recipient_id for d in result.due}
    assert otto.pk not in recipients
    assert not {mentor.enrolment.user_id, mentee.enrolment.user_id} & recipients


def test_each_coordinator_hears_at_nine_by_their_own_clock(
    scheduled, running, cora, mailoutbox, django_capture_on_commit_callbacks
):
    from accounts.tests.factories import UserFactory
    from programs.services import coordinator_grant

    new_york = UserFactory(email="ny@example.org", time_zone="America/New_York")
    coordinator_grant(user=new_york, programme=running)

    stockholm_nine = run(at(2026, 12, 1, 9), django_capture_on_commit_callbacks)
    # 9:00 in New York is 15:00 in Stockholm.
    new_york_nine = run(at(2026, 12, 1, 15), django_capture_on_commit_callbacks)

    assert [d.recipient_id for d in stockholm_nine.due] == [cora.pk]
    assert [d.recipient_id for d in new_york_nine.due] == [new_york.pk]
    assert len(mailoutbox) == 2


def test_the_email_renders_in_swedish(
    scheduled, cora, mailoutbox, django_capture_on_commit_callbacks
):
    cora.preferred_language = "sv"
    cora.save()

    run(at(2026, 12, 1, 9), django_capture_on_commit_callbacks)

    (email,) = mailoutbox
    assert "2 uppföljningar att göra" in email.subject
    assert "Schemalagd av programmet" in email.body


@pytest.mark.parametrize(
    ("offset", "day"),
    [(147, at(2027, 3, 28)), (364, at(2027, 10, 31))],  # the Sundays the clocks change
    ids=["spring", "autumn"],
)
def test_the_daylight_saving_weekends_neither_skip_nor_double_the_email(
    scheduled, long_programme, offset, day, mailoutbox, django_capture_on_commit_callbacks
):
    long_programme.follow_up_offsets = [offset]
    long_programme.save()
    assert long_programme.starts_on + timedelta(days=offset) == day.date()

    claims = run_every(
        JOB,
        day - timedelta(days=1, hours=9),
        day + timedelta(days=1),
        15,
        django_capture_on_commit_callbacks,
    )

    assert len(claims) == 1, claims
    local = claims[0][0].astimezone(STOCKHOLM)
    assert (local.date(), local.hour, local.minute) == (day.date(), 9, 0)
    assert len(mailoutbox) == 1 and FollowUp.objects.count() == 2
