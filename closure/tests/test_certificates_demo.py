"""The demo shows a certificate: Elin's, issued by the rule in a closed programme, and
Karl's page saying what is missing; running it twice adds nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from closure.models import Certificate

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_certificate_and_running_it_twice_adds_nothing(client):
    call_command("seed_demo")
    call_command("seed_demo")

    certificate = Certificate.objects.get()
    member = certificate.member
    assert member.enrolment.user.email == "elin.sjoberg@example.org"
    assert certificate.granted_by is None and certificate.revoked_at is None
    client.force_login(member.enrolment.user)
    page = client.get(reverse("closure:certificate", args=[member.match_id]))
    assert page.status_code == 200
    assert certificate.code in page.text
    karl = member.match.members.get(role="mentor").enrolment.user
    client.force_login(karl)
    # Karl reads Swedish (the demo's default): his page says what is missing.
    karls = client.get(reverse("closure:certificate", args=[member.match_id])).text
    assert "Den avslutande reflektionen är inte skriven" in karls
    assert certificate.code not in karls
    assert client.get(reverse("closure:verify", args=[certificate.code])).status_code == 200
