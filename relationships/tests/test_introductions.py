"""A new relationship's introductions go out once per member, whatever the broker does."""

from smtplib import SMTPServerDisconnected

import pytest
from django.core.mail.backends.locmem import EmailBackend

from intake.tests.factories import person
from notifications.models import Delivery
from notifications.tasks import RETRY_POLICY
from programs.models import Enrolment
from relationships import tasks
from relationships.services import match_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(programme, django_capture_on_commit_callbacks):
    mentor = person(programme, Enrolment.Role.MENTOR, "Maja Mentor")
    mentee = person(programme, Enrolment.Role.MENTEE, "Adam Adept")
    with django_capture_on_commit_callbacks(execute=True):
        match = match_create(
            programme=programme, mentor=mentor, mentees=[mentee], origin="manual", by=None
        )
    return match, mentor, mentee


def test_a_redelivered_introduction_task_sends_one_email_per_member(pair, mailoutbox):
    match, mentor, mentee = pair
    assert sorted(m.to[0] for m in mailoutbox) == sorted([mentor.user.email, mentee.user.email])

    # The broker hands the same task out again (a lost acknowledgement), then once more.
    tasks.send_introductions.delay(match.pk, None)
    tasks.send_introductions(match.pk, None)

    assert len(mailoutbox) == 2
    assert Delivery.objects.filter(about=f"relationships.match:{match.pk}").count() == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_a_group_that_grows_twice_tells_of_each_newcomer_once(
    programme, django_capture_on_commit_callbacks, mailoutbox
):
    mentor = person(programme, Enrolment.Role.MENTOR, "Maja Mentor", capacity=3)
    first = person(programme, name="First Mentee")
    with django_capture_on_commit_callbacks(execute=True):
        group = match_create(
            programme=programme, mentor=mentor, mentees=[first], origin="manual", by=None
        )
    programme.kind = programme.Kind.GROUP
    programme.save()
    second = person(programme, name="Second Mentee")
    with django_capture_on_commit_callbacks(execute=True):
        match_create(
            programme=programme,
            mentees=[second],
            mentor=mentor,
            origin="manual",
            by=None,
            into=group,
        )
    joined = [second.pk]
    tasks.send_introductions(group.pk, joined)  # redelivered

    to_mentor = [m.subject for m in mailoutbox if m.to == [mentor.user.email]]
    assert len(to_mentor) == 2  # the founding introduction, then "someone new has joined"
    assert len([m for m in mailoutbox if m.to == [second.user.email]]) == 1


@pytest.fixture
def retries_run_in_process(monkeypatch):
    """Eager Celery runs a retry at once (no backoff wait) when failures are not raised."""
    from mentorship.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


class FlakyBackend(EmailBackend):
    """The mail server drops the connection on the first ``failures`` messages."""

    failures = 1

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_an_smtp_failure_is_retried_and_then_delivered_once(
    programme, settings, mailoutbox, retries_run_in_process
):
    mentor = person(programme, Enrolment.Role.MENTOR, "Maja Mentor")
    mentee = person(programme, name="Adam Adept")
    match = match_create(
        programme=programme, mentor=mentor, mentees=[mentee], origin="manual", by=None
    )  # no commit callbacks run: nothing has been sent yet
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 1

    tasks.send_introduction.delay(match.pk, mentee.user.pk)

    assert [m.to for m in mailoutbox] == [[mentee.user.email]]
    delivery = Delivery.objects.get(recipient=mentee.user)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 2, "")

    tasks.send_introduction.delay(match.pk, mentee.user.pk)  # and a late duplicate
    assert len(mailoutbox) == 1


def test_a_failure_after_the_last_try_is_recorded(
    programme, settings, mailoutbox, retries_run_in_process
):
    mentor = person(programme, Enrolment.Role.MENTOR, "Maja Mentor")
    mentee = person(programme, name="Adam Adept")
    match = match_create(
        programme=programme, mentor=mentor, mentees=[mentee], origin="manual", by=None
    )
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 100

    result = tasks.send_introduction.delay(match.pk, mentee.user.pk)

    assert isinstance(result.result, SMTPServerDisconnected)

    delivery = Delivery.objects.get(recipient=mentee.user)
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == RETRY_POLICY["max_retries"] + 1
    assert "Connection unexpectedly closed" in delivery.last_error
    assert delivery.programme == programme
    assert mailoutbox == []


def test_every_sending_task_follows_the_one_retry_policy():
    from celery import current_app

    current_app.loader.import_default_modules()
    senders = [
        task
        for name, task in current_app.tasks.items()
        if name.split(".")[-1].startswith(("send_", "email_"))
        and name != "relationships.tasks.send_introductions"  # fans out, sends nothing
    ]
    assert len(senders) >= 6
    for task in senders:
        assert task.autoretry_for == RETRY_POLICY["autoretry_for"], task.name
        assert task.retry_backoff == RETRY_POLICY["retry_backoff"], task.name
        assert task.retry_jitter is True, task.name
        assert task.max_retries == RETRY_POLICY["max_retries"], task.name


def test_an_introduction_shows_what_the_partner_shared_on_applying_and_nothing_else(
    programme, django_capture_on_commit_callbacks, mailoutbox
):
    """intake fills the profile through programs.hooks; relationships never reads it."""
    mentor = person(
        programme,
        Enrolment.Role.MENTOR,
        "Maja Mentor",
        organisation="Northwind",
        city="Umeå",
        about_me="Twenty years of leading teams.",
        manager_email="maja.boss@example.org",
        goals="A secret goal of Maja's.",
    )
    mentee = person(programme, name="Adam Adept")
    with django_capture_on_commit_callbacks(execute=True):
        match_create(programme=programme, mentor=mentor, mentees=[mentee], origin="manual", by=None)

    (to_adam,) = [m for m in mailoutbox if m.to == [mentee.user.email]]
    for shared in ("Maja Mentor", "Northwind", "Umeå", "Twenty years of leading teams."):
        assert shared in to_adam.body
    assert "maja.boss@example.org" not in to_adam.body
    assert mentor.user.email not in to_adam.body + to_adam.alternatives[0][0]  # not shared
    assert f"/relationships/{mentee.memberships.get().match_id}/" in to_adam.body
    assert "A secret goal" not in to_adam.body
