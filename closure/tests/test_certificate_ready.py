"""The "certificate ready" e-mail: once per member, from 9:00 their time on the day the
relationship was completed, or a later morning once the rule is met; in their language;
never to a member who does not meet the rule, has their certificate already, or whose
relationship ended early."""

import time_machine
from django.core import mail

from closure import certificate_services
from closure.models import ProgrammeClosing
from notifications import preferences
from notifications.jobs import deliver, dispatch, get
from notifications.models import Delivery
from relationships.models import Match

from . import certificate_fixtures as fx
from .certificate_fixtures import at, complete, end_early, held, reflect

running, pair, elsewhere, users = fx.running, fx.pair, fx.elsewhere, fx.users

JOB = "certificate-ready"
COMPLETED_AT = at(2026, 6, 30, 15)


def finish(pair, *, reflections=("mentee",), meetings=6, ended=COMPLETED_AT):
    match, mentor, mentee = pair
    Match.objects.filter(pk=match.pk).update(started_at=at(2026, 1, 15))
    held(match, meetings)
    for role in reflections:
        reflect({"mentor": mentor, "mentee": mentee}[role])
    with time_machine.travel(ended, tick=False):
        complete(match)
    return match, mentor, mentee


def run(moment, capture):
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return dispatch(get(JOB))


def test_the_member_who_meets_the_rule_is_told_once_in_their_language(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    match, _mentor, mentee = finish(pair)
    user = mentee.enrolment.user
    user.preferred_language = "sv"
    user.save()
    # The day it completed, after 9:00 (it completed at 15:00): Adam alone, not Maja.
    run(at(2026, 6, 30, 16), django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [[user.email]]
    message = mailoutbox[0]
    assert "Leaders 2027" in message.subject
    assert "Ditt intyg är klart" in message.subject
    assert f"/relationships/{match.pk}/certificate/" in message.body
    html = message.alternatives[0][0]
    assert f"/relationships/{match.pk}/certificate/" in html
    # Again, and the next day: nothing more.
    run(at(2026, 6, 30, 17), django_capture_on_commit_callbacks)
    run(at(2026, 7, 1, 10), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1


def test_in_english_it_says_what_to_do(pair, mailoutbox, django_capture_on_commit_callbacks):
    finish(pair)
    run(
        at(
            2026,
            7,
            1,
            9,
        ),
        django_capture_on_commit_callbacks,
    )
    message = mailoutbox[0]
    assert message.subject.endswith("Your certificate is ready (Leaders 2027)")
    assert "Thank you for taking part in Leaders 2027." in message.body
    assert "check that it is genuine" in message.body


def test_not_in_the_night(pair, mailoutbox, django_capture_on_commit_callbacks):
    finish(pair, ended=at(2026, 6, 30, 22))
    assert run(at(2026, 6, 30, 23), django_capture_on_commit_callbacks).due == []
    assert run(at(2026, 7, 1, 8), django_capture_on_commit_callbacks).due == []
    run(at(2026, 7, 1, 9), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1


def test_a_reflection_written_after_the_end_brings_it_the_next_morning(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, _mentee = finish(pair, reflections=("mentee",))
    run(at(2026, 7, 1, 9), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1  # Adam; Maja has not written hers
    reflect(mentor)
    run(at(2026, 7, 3, 10), django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox][1] == [mentor.enrolment.user.email]


def test_not_to_those_who_miss_the_rule(pair, mailoutbox, django_capture_on_commit_callbacks):
    finish(pair, meetings=5, reflections=("mentee", "mentor"))
    assert run(at(2026, 7, 1, 9), django_capture_on_commit_callbacks).due == []
    # The programme asks for no meetings: both are told.
    ProgrammeClosing.objects.create(programme=pair[0].programme, certificate_needs_meetings=False)
    run(at(2026, 7, 1, 10), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2


def test_not_after_an_early_end(pair, mailoutbox, django_capture_on_commit_callbacks):
    match, _mentor, mentee = pair
    held(match, 6)
    reflect(mentee)
    with time_machine.travel(at(2026, 6, 30, 15), tick=False):
        end_early(match)
    mail.outbox.clear()
    assert run(at(2026, 7, 1, 9), django_capture_on_commit_callbacks).due == []


def test_not_to_a_member_who_has_their_certificate_already(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = finish(pair)
    mentee.refresh_from_db()
    certificate_services.certificate_issue(member=mentee)
    assert run(at(2026, 7, 1, 9), django_capture_on_commit_callbacks).due == []


def test_downloaded_between_the_claim_and_the_sending_it_is_dropped(
    pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = finish(pair)
    with time_machine.travel(at(2026, 7, 1, 9), tick=False):
        claimed = dispatch(get(JOB))
        mentee.refresh_from_db()
        certificate_services.certificate_issue(member=mentee)
        for pk in claimed.claimed:
            deliver(pk)
    assert mailoutbox == []
    assert set(Delivery.objects.filter(kind=JOB).values_list("status", flat=True)) == {
        Delivery.Status.NOT_DUE
    }


def test_long_after_the_end_nobody_is_told(pair, django_capture_on_commit_callbacks):
    finish(pair)
    assert run(at(2026, 10, 30, 9), django_capture_on_commit_callbacks).due == []


def test_a_member_may_turn_it_off(pair, mailoutbox, django_capture_on_commit_callbacks):
    _match, _mentor, mentee = finish(pair)
    preferences.preference_set(user=mentee.enrolment.user, kind=JOB, mode="off")
    run(at(2026, 7, 1, 9), django_capture_on_commit_callbacks)
    assert mailoutbox == []


# Its beat entry (from closure's migration 0002) is checked with every job's, flush-proof,
# by notifications/tests/test_jobs.py::test_every_job_has_a_beat_entry_from_a_migration.
