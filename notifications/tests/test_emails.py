"""An e-mail goes out once per (kind, recipient, what it is about, occasion)."""

import threading

import pytest
from django.db import connection

from accounts.tests.factories import UserFactory
from notifications import emails
from notifications.models import Delivery

pytestmark = pytest.mark.django_db
KIND = "participant-added"  # any of our e-mails: what it says does not matter here


@pytest.fixture
def person():
    return UserFactory(email="adam@example.org", display_name="Adam Adept")


def test_the_same_email_about_the_same_thing_goes_out_once(person, mailoutbox):
    assert emails.send(KIND, to=person, about=person) is True
    assert emails.send(KIND, to=person, about=person) is False

    assert len(mailoutbox) == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.about) == (
        Delivery.Status.SENT,
        1,
        f"accounts.user:{person.pk}",
    )


def test_a_new_occasion_or_another_recipient_is_a_new_email(person, mailoutbox):
    other = UserFactory()
    emails.send(KIND, to=person, about=person, occasion="1")
    emails.send(KIND, to=person, about=person, occasion="2")
    emails.send(KIND, to=other, about=person, occasion="1")
    emails.send("application-received", to=person, about=person, occasion="1")

    assert len(mailoutbox) == 4


def test_the_database_refuses_a_second_record_of_one_email(person):
    from django.db import IntegrityError, transaction

    Delivery.objects.create(kind=KIND, recipient=person, about="x:1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(kind=KIND, recipient=person, about="x:1")


def test_a_failure_outside_a_task_is_recorded_and_raised(person, settings, mailoutbox):
    settings.EMAIL_BACKEND = "notifications.tests.test_emails.BrokenBackend"

    with pytest.raises(ConnectionRefusedError):
        emails.send(KIND, to=person, about=person)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert "ConnectionRefusedError" in delivery.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert emails.send(KIND, to=person, about=person) is True  # a later try delivers it
    assert len(mailoutbox) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("Connection refused")


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_email_at_once_send_it_once(postgresql, mailoutbox):
    person = UserFactory()
    barrier = threading.Barrier(2)
    sent: list[bool] = []

    def worker() -> None:
        barrier.wait()
        try:
            sent.append(emails.send(KIND, to=person, about=person))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(sent) == [False, True]
    assert len(mailoutbox) == 1


def test_an_email_that_cannot_be_written_is_recorded_as_not_delivered(person, mailoutbox):
    from django.template import TemplateDoesNotExist

    with pytest.raises(TemplateDoesNotExist):
        emails.send("no-such-email", to=person, about=person)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert "no-such-email" in delivery.last_error
    assert mailoutbox == []
