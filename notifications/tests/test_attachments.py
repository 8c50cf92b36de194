"""Files an e-mail carries (a calendar invitation): made while the message is rendered, in
the recipient's language and time zone, and only for a message that goes out — once."""

import email

import pytest
from django.utils import timezone, translation

from accounts.tests.factories import UserFactory
from notifications import emails
from notifications.models import Delivery

pytestmark = pytest.mark.django_db
KIND = "participant-added"
ICS = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:M\xc3\xb6te\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def swede():
    return UserFactory(preferred_language="sv", time_zone="America/New_York")


def test_attachments_are_made_in_the_recipients_language_and_go_out_once(swede, mailoutbox):
    made = []

    def invitation():
        made.append((translation.get_language(), str(timezone.get_current_timezone())))
        return [("meeting.ics", ICS, "text/calendar; method=REQUEST")]

    assert emails.send(KIND, to=swede, about=swede, attachments=invitation) is True
    assert emails.send(KIND, to=swede, about=swede, attachments=invitation) is False

    assert made == [("sv", "America/New_York")]  # made once: the second send sent nothing
    (mail,) = mailoutbox
    assert mail.attachments == [("meeting.ics", ICS.decode(), "text/calendar; method=REQUEST")]
    parsed = email.message_from_bytes(mail.message().as_bytes())
    parts = {part.get_content_type(): part for part in parsed.walk()}
    assert parts["text/calendar"].get_param("method") == "REQUEST"
    # The invitation is also the last alternative to the text and HTML, for Outlook.
    assert [t for _c, t in mail.alternatives] == ["text/html", "text/calendar; method=REQUEST"]
    files = [p for p in parsed.walk() if p.get_filename() == "meeting.ics"]
    # Line ends are the transport's (SMTP sends CRLF, as iCalendar wants).
    assert files[0].get_payload(decode=True).splitlines() == ICS.splitlines()


def test_a_plain_list_of_attachments_is_taken_as_it_is(swede, mailoutbox):
    emails.send(KIND, to=swede, about=swede, attachments=[("notes.txt", b"hej", "text/plain")])

    assert mailoutbox[0].attachments == [("notes.txt", "hej", "text/plain")]
    assert [t for _c, t in mailoutbox[0].alternatives] == ["text/html"]


def test_an_attachment_that_cannot_be_made_is_recorded_and_nothing_goes_out(swede, mailoutbox):
    def broken():
        raise ValueError("no calendar today")

    with pytest.raises(ValueError, match="no calendar today"):
        emails.send(KIND, to=swede, about=swede, attachments=broken)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED and "no calendar" in delivery.last_error
    assert mailoutbox == []


def test_sent_before_knows_what_reached_the_person(swede, mailoutbox):
    other = UserFactory()
    assert emails.sent_before(swede.pk, [other]) is False
    emails.send(KIND, to=swede, about=other)

    assert emails.sent_before(swede.pk, [other]) is True
    assert emails.sent_before(other.pk, [other]) is False
    assert emails.sent_before(swede.pk, [swede]) is False
