"""Coordinators see the e-mails of their own programmes, failures first of all."""

import pytest
from django.urls import reverse

from notifications.models import Delivery
from notifications.tests.factories import DeliveryFactory

pytestmark = pytest.mark.django_db
LIST = reverse("admin:notifications_delivery_changelist")


@pytest.fixture
def failed(programme, mentee):
    return DeliveryFactory(
        recipient=mentee,
        programme=programme,
        kind="application-accepted",
        status=Delivery.Status.FAILED,
        attempts=7,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )


@pytest.fixture
def elsewhere(other_programme, other_mentee):
    return DeliveryFactory(recipient=other_mentee, programme=other_programme, kind="theirs-only")


def test_a_coordinator_sees_what_did_not_go_out_in_their_programme(
    client, coordinator, failed, elsewhere
):
    client.force_login(coordinator)

    listing = client.get(LIST + "?status=failed").text
    change = client.get(reverse("admin:notifications_delivery_change", args=[failed.pk])).text

    assert "application-accepted" in listing and "theirs-only" not in listing
    assert "Connection unexpectedly closed" in change
    assert "Adam Adept" in change


def test_another_programmes_coordinator_gets_nothing_of_it(client, other_coordinator, failed):
    client.force_login(other_coordinator)

    listing = client.get(LIST).text
    # The e-mail's name is offered as a filter (every e-mail the site sends); the row is not.
    assert reverse("admin:notifications_delivery_change", args=[failed.pk]) not in listing
    assert "Adam Adept" not in listing
    response = client.get(reverse("admin:notifications_delivery_change", args=[failed.pk]))
    assert response.status_code == 302  # the admin's "does not exist", with nothing of it
    assert "Connection unexpectedly closed" not in client.get(response["Location"]).text


def test_nobody_changes_the_record(client, coordinator, failed):
    client.force_login(coordinator)

    client.post(
        reverse("admin:notifications_delivery_change", args=[failed.pk]), {"status": "sent"}
    )

    failed.refresh_from_db()
    assert failed.status == Delivery.Status.FAILED


@pytest.mark.parametrize("who", ["mentee", "outsider"])
def test_participants_and_outsiders_see_no_deliveries(client, request, who, failed):
    client.force_login(request.getfixturevalue(who))

    response = client.get(LIST, follow=True)

    assert "application-accepted" not in response.text
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, failed):
    response = client.get(LIST, follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "application-accepted" not in response.text
