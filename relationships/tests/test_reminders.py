"""The relationships' scheduled jobs: a pause that ends by itself with a welcome back, the
reminder to sign the agreement, the reminder to answer the fit check. Each is due, not
yet due, sent once, turned off by the person, silent while paused and once ended, and
neither skipped nor doubled on the daylight-saving weekends."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import DateTimeField, Value

from notifications import jobs, preferences
from notifications.models import Delivery
from notifications.tests.helpers import run_every, run_job
from relationships import hooks
from relationships.models import Match, MatchMember
from relationships.services import (
    agreement_sign,
    agreement_terms_update,
    fit_check_answer,
    guide_update,
    match_end,
    match_pause,
    match_resume,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NEW_YORK = ZoneInfo("America/New_York")
RESUME, AGREEMENT, FIT_CHECK = "relationship-resume", "agreement-reminder", "fit-check-reminder"
DONE = dict.fromkeys(("introductions", "expectations", "topics", "structure"), True)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


def on(day: date, hour: int = 0) -> datetime:
    """``hour`` o'clock on ``day`` in Stockholm."""
    return local(day.year, day.month, day.day, hour)


@pytest.fixture
def long_programme(running):
    """From November 2026 to the end of 2027: both daylight-saving weekends fall inside."""
    running.starts_on, running.ends_on = date(2026, 11, 1), date(2027, 12, 31)
    running.save()
    return running


def started(pair, moment: datetime):
    """The pair as if matched at ``moment``."""
    match, mentor, mentee = pair
    Match.objects.filter(pk=match.pk).update(started_at=moment)
    MatchMember.objects.filter(match=match).update(joined_at=moment)
    for row in (match, mentor, mentee):
        row.refresh_from_db()
    return match, mentor, mentee


def in_zone(member, zone: str, language: str = "en"):
    user = member.enrolment.user
    user.time_zone, user.preferred_language = zone, language
    user.save()


def claimed_by(result) -> set[int]:
    return set(
        Delivery.objects.filter(pk__in=result.claimed).values_list("recipient_id", flat=True)
    )


def users(*members) -> set[int]:
    return {m.enrolment.user_id for m in members}


# --- The pause ends by itself ----------------------------------------------------------------


@pytest.fixture
def paused(long_programme, pair, mailoutbox, django_capture_on_commit_callbacks):
    """Adam paused on Monday 1 March 2027 at 10:00 until Monday 15 March."""
    match, mentor, mentee = started(pair, local(2027, 2, 1, 10))
    with (
        time_machine.travel(local(2027, 3, 1, 10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        match_pause(match=match, by=mentee.enrolment.user, until=date(2027, 3, 15), reason="Exams")
    mailoutbox.clear()
    return match, mentor, mentee


def test_it_resumes_at_nine_on_the_return_date_with_a_welcome_back_to_each(
    paused, mailoutbox, django_capture_on_commit_callbacks
):
    match, mentor, mentee = paused
    in_zone(mentor, "Europe/Stockholm", "sv")

    early = run_job(RESUME, local(2027, 3, 15, 8, 55), django_capture_on_commit_callbacks)
    assert early.claimed == [] and mailoutbox == []
    match.refresh_from_db()
    assert match.is_paused

    result = run_job(RESUME, local(2027, 3, 15, 9, 0), django_capture_on_commit_callbacks)

    assert claimed_by(result) == users(mentor, mentee)
    match.refresh_from_db()
    assert match.status == Match.Status.FORMING  # nobody has signed the agreement yet
    assert match.paused_until == date(2027, 3, 15)  # the day it came back
    by_person = {m.to[0]: m for m in mailoutbox}
    english = by_person[mentee.enrolment.user.email]
    swedish = by_person[mentor.enrolment.user.email]
    assert "Welcome back" in english.subject and "Maja Mentor" in english.body
    assert "Välkommen tillbaka" in swedish.subject and "Adam Adept" in swedish.body
    assert f"/relationships/{match.pk}/" in english.body
    assert "List-Unsubscribe" not in english.extra_headers  # it cannot be turned off


def test_a_second_pass_resumes_and_sends_nothing_again(
    paused, mailoutbox, django_capture_on_commit_callbacks
):
    run_job(RESUME, local(2027, 3, 15, 9, 0), django_capture_on_commit_callbacks)
    later = run_job(RESUME, local(2027, 3, 15, 10, 0), django_capture_on_commit_callbacks)

    assert later.claimed == [] and later.due == []
    assert len(mailoutbox) == 2


def test_a_member_far_behind_is_welcomed_back_on_their_own_morning(
    paused, mailoutbox, django_capture_on_commit_callbacks
):
    match, _mentor, mentee = paused
    in_zone(mentee, "America/New_York")

    # Every quarter of an hour from Sunday noon to Tuesday noon.
    claims = run_every(
        RESUME,
        local(2027, 3, 14, 12),
        local(2027, 3, 16, 12),
        15,
        django_capture_on_commit_callbacks,
    )

    moments = [moment for moment, _claimed in claims]
    assert [m.astimezone(STOCKHOLM).hour for m in moments][:1] == [9]  # Maja's morning
    assert moments[1].astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2027, 3, 15, 9)
    assert len(claims) == 2 and len(mailoutbox) == 2
    match.refresh_from_db()
    assert not match.is_paused


def test_someone_who_resumes_early_brings_the_welcome_back_that_day_and_no_other(
    paused, mailoutbox, django_capture_on_commit_callbacks
):
    match, mentor, _mentee = paused
    with time_machine.travel(local(2027, 3, 10, 15), tick=False):
        match_resume(match=match, by=mentor.enrolment.user)

    claims = run_every(
        RESUME,
        local(2027, 3, 10, 15),
        local(2027, 3, 16, 12),
        15,
        django_capture_on_commit_callbacks,
    )

    assert [moment for moment, _claimed in claims] == [local(2027, 3, 10, 15)]
    assert len(mailoutbox) == 2
    match.refresh_from_db()
    assert match.paused_until == date(2027, 3, 10)


def test_a_relationship_paused_anew_is_not_resumed_by_an_old_claim(
    paused, mailoutbox, django_capture_on_commit_callbacks
):
    match, _mentor, mentee = paused
    with (
        time_machine.travel(local(2027, 3, 15, 9), tick=False),
        django_capture_on_commit_callbacks(execute=False) as queued,
    ):
        jobs.dispatch(jobs.get(RESUME))
    with time_machine.travel(local(2027, 3, 15, 9, 1), tick=False):
        match_resume(match=match, by=mentee.enrolment.user)
        match_pause(match=match, by=mentee.enrolment.user, until=date(2027, 4, 1), reason="Again")
    mailoutbox.clear()
    for callback in queued:
        callback()

    match.refresh_from_db()
    assert match.is_paused and match.paused_until == date(2027, 4, 1)
    assert not [m for m in mailoutbox if "Welcome back" in m.subject]
    assert set(
        Delivery.objects.filter(kind="relationship-welcome-back").values_list("status", flat=True)
    ) == {"not_due"}


def test_a_relationship_ended_while_paused_is_left_alone(
    paused, mailoutbox, django_capture_on_commit_callbacks
):
    match, _mentor, _mentee = paused
    match_end(match=match, by=None, reason="Moved away")
    mailoutbox.clear()

    result = run_job(RESUME, local(2027, 3, 15, 9, 0), django_capture_on_commit_callbacks)

    assert result.due == [] and mailoutbox == []
    match.refresh_from_db()
    assert match.status == Match.Status.ENDED_EARLY


@pytest.mark.parametrize("until", [date(2027, 3, 28), date(2027, 10, 31)], ids=["spring", "autumn"])
def test_the_daylight_saving_weekends_resume_once_at_nine(
    long_programme, pair, until, mailoutbox, django_capture_on_commit_callbacks
):
    match, _mentor, mentee = started(pair, local(2027, 2, 1, 10))
    with time_machine.travel(on(until - timedelta(days=20), 10), tick=False):
        match_pause(match=match, by=mentee.enrolment.user, until=until, reason="Travel")
    mailoutbox.clear()

    # Every quarter of an hour from two days before to the day after.
    claims = run_every(
        RESUME,
        on(until - timedelta(days=2)),
        on(until + timedelta(days=1)),
        15,
        django_capture_on_commit_callbacks,
    )

    assert len(claims) == 1, claims
    moment, claimed = claims[0]
    assert moment == on(until, 9)
    assert len(claimed) == 2 and len(mailoutbox) == 2


# --- The agreement waits for a signature -----------------------------------------------------


@pytest.fixture
def unsigned(long_programme, pair, mailoutbox):
    """Matched on Monday 1 March 2027 at 10:00; nobody has signed."""
    mailoutbox.clear()
    return started(pair, local(2027, 3, 1, 10))


def test_each_member_who_has_not_signed_is_reminded_at_nine_seven_days_on(
    unsigned, mailoutbox, django_capture_on_commit_callbacks
):
    match, mentor, mentee = unsigned
    in_zone(mentor, "Europe/Stockholm", "sv")

    result = run_job(AGREEMENT, local(2027, 3, 8, 9, 0), django_capture_on_commit_callbacks)

    assert claimed_by(result) == users(mentor, mentee)
    by_person = {m.to[0]: m for m in mailoutbox}
    english = by_person[mentee.enrolment.user.email]
    swedish = by_person[mentor.enrolment.user.email]
    assert "Reminder: sign your agreement in Leaders 2027" in english.subject
    assert "Maja Mentor" in english.body
    assert f"/relationships/{match.pk}/agreement/" in english.body
    assert "List-Unsubscribe" in english.extra_headers
    assert "Påminnelse: skriv under er överenskommelse" in swedish.subject


def test_the_agreement_reminder_is_not_due_before_nine(
    unsigned, mailoutbox, django_capture_on_commit_callbacks
):
    for moment in (local(2027, 3, 7, 10, 0), local(2027, 3, 8, 8, 55)):
        assert run_job(AGREEMENT, moment, django_capture_on_commit_callbacks).claimed == []
    assert mailoutbox == []


def test_a_member_who_signed_is_not_reminded_and_a_second_pass_sends_nothing(
    unsigned, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = unsigned
    with time_machine.travel(local(2027, 3, 2, 10), tick=False):
        agreement_sign(member=mentee)

    first = run_job(AGREEMENT, local(2027, 3, 8, 9, 0), django_capture_on_commit_callbacks)
    again = run_job(AGREEMENT, local(2027, 3, 9, 9, 0), django_capture_on_commit_callbacks)

    assert claimed_by(first) == users(mentor)
    assert again.claimed == [] and again.due == []
    assert len(mailoutbox) == 1


def test_a_new_version_is_a_new_reminder_seven_days_after_the_change(
    unsigned, mailoutbox, django_capture_on_commit_callbacks
):
    match, mentor, mentee = unsigned
    with time_machine.travel(local(2027, 3, 2, 10), tick=False):
        agreement_sign(member=mentee)
        agreement_sign(member=mentor)
    with time_machine.travel(local(2027, 3, 20, 18), tick=False):
        agreement_terms_update(member=mentor, place="The library")

    early = run_job(AGREEMENT, local(2027, 3, 26, 9, 0), django_capture_on_commit_callbacks)
    result = run_job(AGREEMENT, local(2027, 3, 27, 9, 0), django_capture_on_commit_callbacks)

    assert early.claimed == []
    assert claimed_by(result) == users(mentor, mentee)
    assert all("has changed" in m.subject for m in mailoutbox)
    # Changed back to what they signed: nothing waits, nothing is sent.
    with time_machine.travel(local(2027, 3, 28, 10), tick=False):
        agreement_terms_update(member=mentor, place="")
    match.refresh_from_db()
    assert match.agreement_signed_at is not None
    later = run_job(AGREEMENT, local(2027, 4, 5, 9, 0), django_capture_on_commit_callbacks)
    assert later.due == []


def test_someone_who_joins_a_group_is_reminded_seven_days_after_joining(
    unsigned, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = unsigned
    MatchMember.objects.filter(pk=mentee.pk).update(joined_at=local(2027, 3, 5, 12))

    result = run_job(AGREEMENT, local(2027, 3, 8, 9, 0), django_capture_on_commit_callbacks)
    later = run_job(AGREEMENT, local(2027, 3, 12, 9, 0), django_capture_on_commit_callbacks)

    assert claimed_by(result) == users(mentor)
    assert claimed_by(later) == users(mentee)


def test_the_agreement_reminder_can_be_turned_off(
    unsigned, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = unsigned
    preferences.preference_set(user=mentee.enrolment.user, kind=AGREEMENT, mode="off")

    run_job(AGREEMENT, local(2027, 3, 8, 9, 0), django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [[mentor.enrolment.user.email]]
    assert Delivery.objects.get(recipient=mentee.enrolment.user, kind=AGREEMENT).status == "off"


def test_no_agreement_reminder_where_the_programme_asks_for_none(
    unsigned, long_programme, mailoutbox, django_capture_on_commit_callbacks
):
    long_programme.agreement_required = False
    long_programme.save()

    result = run_job(AGREEMENT, local(2027, 3, 8, 9, 0), django_capture_on_commit_callbacks)

    assert result.due == [] and mailoutbox == []


@pytest.mark.parametrize("status", [Match.Status.PAUSED, Match.Status.ENDED_EARLY])
def test_no_agreement_reminder_while_paused_or_once_ended(
    unsigned, status, mailoutbox, django_capture_on_commit_callbacks
):
    match = unsigned[0]
    Match.objects.filter(pk=match.pk).update(status=status)

    result = run_job(AGREEMENT, local(2027, 3, 8, 9, 5), django_capture_on_commit_callbacks)

    assert result.due == [] and mailoutbox == []


def test_after_a_pause_the_agreement_reminder_waits_seven_days_from_the_return(
    unsigned, mailoutbox, django_capture_on_commit_callbacks
):
    match, _mentor, _mentee = unsigned
    with time_machine.travel(local(2027, 3, 3, 10), tick=False):
        match_pause(match=match, by=None, until=date(2027, 3, 20), reason="Busy")
    with time_machine.travel(local(2027, 3, 20, 9, 30), tick=False):
        match_resume(match=match, returned_on=date(2027, 3, 20))

    early = run_job(AGREEMENT, local(2027, 3, 26, 9, 0), django_capture_on_commit_callbacks)
    result = run_job(AGREEMENT, local(2027, 3, 27, 9, 0), django_capture_on_commit_callbacks)

    assert early.due == [] and len(result.claimed) == 2


def test_a_reminder_claimed_just_before_signing_is_not_sent(
    unsigned, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = unsigned
    with (
        time_machine.travel(local(2027, 3, 8, 9), tick=False),
        django_capture_on_commit_callbacks(execute=False) as queued,
    ):
        jobs.dispatch(jobs.get(AGREEMENT))
    agreement_sign(member=mentee)
    for callback in queued:
        callback()

    assert [m.to for m in mailoutbox] == [[mentor.enrolment.user.email]]
    mine = Delivery.objects.get(kind=AGREEMENT, recipient=mentee.enrolment.user)
    assert mine.status == "not_due"


@pytest.mark.parametrize(
    "since",
    [local(2027, 3, 21, 10), local(2027, 10, 24, 10)],
    ids=["spring", "autumn"],
)
def test_the_daylight_saving_weekends_neither_skip_nor_double_the_agreement_reminder(
    long_programme, pair, since, mailoutbox, django_capture_on_commit_callbacks
):
    started(pair, since)
    mailoutbox.clear()
    due_day = since.date() + timedelta(days=7)  # the Sunday the clocks change

    claims = run_every(
        AGREEMENT,
        on(due_day - timedelta(days=1)),
        on(due_day + timedelta(days=1), 12),
        15,
        django_capture_on_commit_callbacks,
    )

    assert due_day.weekday() == 6
    assert len(claims) == 1, claims
    moment, claimed = claims[0]
    assert moment == on(due_day, 9)
    assert len(claimed) == 2 and len(mailoutbox) == 2


def test_the_agreement_reminder_days_are_a_setting(
    unsigned, settings, django_capture_on_commit_callbacks
):
    settings.AGREEMENT_REMINDER_DAYS = 3

    result = run_job(AGREEMENT, local(2027, 3, 4, 9, 0), django_capture_on_commit_callbacks)

    assert len(result.claimed) == 2


def test_the_agreement_reminder_finds_many_in_a_few_queries(
    long_programme, django_assert_max_num_queries
):
    from relationships.tests.factories import MatchFactory

    for _ in range(30):
        MatchFactory(programme=long_programme, status=Match.Status.FORMING)
    Match.objects.update(started_at=local(2027, 3, 1, 10))
    MatchMember.objects.update(joined_at=local(2027, 3, 1, 10))
    job = jobs.get(AGREEMENT)

    with django_assert_max_num_queries(8):
        due = job.find(local(2027, 3, 8, 9, 0))

    assert len(due) == 60


# --- The fit check waits for an answer -------------------------------------------------------


@pytest.fixture
def fitting(long_programme, pair, mailoutbox):
    """Matched on Monday 1 March 2027 at 10:00: the fit check opens three weeks on."""
    mailoutbox.clear()
    return started(pair, local(2027, 3, 1, 10))


def test_each_member_is_asked_a_week_after_the_fit_check_opened(
    fitting, mailoutbox, django_capture_on_commit_callbacks
):
    match, mentor, mentee = fitting
    in_zone(mentor, "Europe/Stockholm", "sv")

    early = run_job(FIT_CHECK, local(2027, 3, 29, 8, 55), django_capture_on_commit_callbacks)
    result = run_job(FIT_CHECK, local(2027, 3, 29, 9, 0), django_capture_on_commit_callbacks)

    assert early.claimed == []
    assert claimed_by(result) == users(mentor, mentee)  # opened 22 March, due a week on
    by_person = {m.to[0]: m for m in mailoutbox}
    english = by_person[mentee.enrolment.user.email]
    swedish = by_person[mentor.enrolment.user.email]
    assert "Is it a good fit?" in english.subject
    assert f"/relationships/{match.pk}/fit-check/" in english.body
    assert "only your coordinator reads it" in english.body
    assert "Passar ni ihop?" in swedish.subject
    assert "List-Unsubscribe" in english.extra_headers


def test_the_guide_done_opens_it_sooner_and_an_answer_stops_the_reminder(
    fitting, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = fitting
    with time_machine.travel(local(2027, 3, 3, 18), tick=False):
        guide_update(member=mentee, steps=DONE)
        fit_check_answer(member=mentee, answer="yes")

    early = run_job(FIT_CHECK, local(2027, 3, 9, 9, 0), django_capture_on_commit_callbacks)
    result = run_job(FIT_CHECK, local(2027, 3, 10, 9, 0), django_capture_on_commit_callbacks)
    again = run_job(FIT_CHECK, local(2027, 3, 30, 9, 0), django_capture_on_commit_callbacks)

    assert early.claimed == []
    assert claimed_by(result) == users(mentor)  # Adam has answered
    assert again.due == [] and len(mailoutbox) == 1


def test_a_meeting_held_opens_it(fitting, monkeypatch, django_capture_on_commit_callbacks):
    """Meetings tells when the first meeting was held (through the hook), here on 4 March."""
    held = local(2027, 3, 4, 17)
    monkeypatch.setattr(
        hooks,
        "first_meeting_held_expressions",
        [lambda match: Value(held, output_field=DateTimeField())],
    )
    monkeypatch.setattr(hooks, "meetings_held_counters", [lambda match: 1])

    result = run_job(FIT_CHECK, local(2027, 3, 11, 9, 0), django_capture_on_commit_callbacks)

    assert len(result.claimed) == 2


def test_the_fit_check_reminder_can_be_turned_off(
    fitting, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = fitting
    preferences.preference_set(user=mentor.enrolment.user, kind=FIT_CHECK, mode="off")

    run_job(FIT_CHECK, local(2027, 3, 29, 9, 0), django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [[mentee.enrolment.user.email]]


def test_the_fit_check_reminder_goes_once_per_member(
    fitting, mailoutbox, django_capture_on_commit_callbacks
):
    run_job(FIT_CHECK, local(2027, 3, 29, 9, 0), django_capture_on_commit_callbacks)
    later = run_job(FIT_CHECK, local(2027, 4, 12, 9, 0), django_capture_on_commit_callbacks)

    assert later.claimed == [] and later.due == []
    assert len(mailoutbox) == 2


@pytest.mark.parametrize("status", [Match.Status.PAUSED, Match.Status.ENDED_EARLY])
def test_no_fit_check_reminder_while_paused_or_once_ended(
    fitting, status, mailoutbox, django_capture_on_commit_callbacks
):
    Match.objects.filter(pk=fitting[0].pk).update(status=status)

    result = run_job(FIT_CHECK, local(2027, 3, 29, 9, 5), django_capture_on_commit_callbacks)

    assert result.due == [] and mailoutbox == []


def test_an_answer_given_after_the_claim_stops_the_reminder(
    fitting, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = fitting
    with time_machine.travel(local(2027, 3, 29, 9), tick=False):
        with django_capture_on_commit_callbacks(execute=False) as queued:
            jobs.dispatch(jobs.get(FIT_CHECK))
        fit_check_answer(member=mentee, answer="not_sure")
        for callback in queued:
            callback()

    assert [m.to for m in mailoutbox] == [[mentor.enrolment.user.email]]


@pytest.mark.parametrize(
    "joined", [local(2027, 2, 28, 10), local(2027, 10, 3, 10)], ids=["spring", "autumn"]
)
def test_the_daylight_saving_weekends_neither_skip_nor_double_the_fit_check_reminder(
    long_programme, pair, joined, mailoutbox, django_capture_on_commit_callbacks
):
    started(pair, joined)
    mailoutbox.clear()
    due_day = joined.date() + timedelta(days=28)  # opened after 21 days, a week to answer

    claims = run_every(
        FIT_CHECK,
        on(due_day - timedelta(days=1)),
        on(due_day + timedelta(days=1), 12),
        15,
        django_capture_on_commit_callbacks,
    )

    assert due_day.weekday() == 6  # the Sunday the clocks change
    assert len(claims) == 1, claims
    moment, claimed = claims[0]
    assert moment == on(due_day, 9)
    assert len(claimed) == 2 and len(mailoutbox) == 2


@pytest.mark.parametrize("job", [RESUME, FIT_CHECK])
def test_the_other_jobs_find_many_in_one_query(long_programme, job, django_assert_num_queries):
    from relationships.tests.factories import MatchFactory

    for _ in range(30):
        MatchFactory(
            programme=long_programme,
            status=Match.Status.PAUSED,
            paused_until=date(2027, 3, 15),
            paused_at=local(2027, 3, 1, 10),
        )
    Match.objects.update(started_at=local(2027, 2, 1, 10))
    MatchMember.objects.update(joined_at=local(2027, 2, 1, 10))
    if job == FIT_CHECK:
        Match.objects.update(status=Match.Status.ACTIVE, paused_until=None, paused_at=None)

    with django_assert_num_queries(1):
        due = jobs.get(job).find(local(2027, 3, 15, 9, 0))

    assert len(due) == 60
