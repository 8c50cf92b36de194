"""Where one stage reacts to another through a hook of the lower one (imports run one way)."""

import pytest

from accounts.tests.factories import UserFactory
from events.models import RSVP
from events.services import rsvp_respond
from events.tests.factories import EventFactory
from intake import services
from intake.tests.factories import ApplicationFactory
from programs.models import Enrolment, Programme

pytestmark = pytest.mark.django_db


def test_withdrawing_an_accepted_place_gives_event_seats_to_the_wait_list(
    programme, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    """intake sends ``programs.hooks.enrolment_withdrawn``; events hands the seat on."""
    programme.status = Programme.Status.INTAKE_OPEN
    programme.save()
    applicant = UserFactory(email="applicant@example.org")
    application = ApplicationFactory(programme=programme, user=applicant)
    services.application_decide(application=application, decision="accepted", by=coordinator)
    waiting = UserFactory()
    Enrolment.objects.create(programme=programme, user=waiting, role="mentee")
    event = EventFactory(programme=programme, capacity=1, published=True)
    rsvp_respond(event=event, user=applicant, going=True)
    assert rsvp_respond(event=event, user=waiting, going=True).status == RSVP.Status.WAITLISTED

    with django_capture_on_commit_callbacks(execute=True):
        services.application_withdraw(application=application, by=applicant)

    assert RSVP.objects.get(user=applicant).status == RSVP.Status.NOT_GOING
    assert RSVP.objects.get(user=waiting).status == RSVP.Status.GOING
    assert any(waiting.email in message.to for message in mailoutbox)
