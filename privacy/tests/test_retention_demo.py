"""The demo: consent records for its applications, two openings in the log, the retention
date in a workspace; running it twice adds nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from evaluations.review_models import ReportRead
from intake.models import Application, ConsentRecord
from relationships.models import ConfidentialRead, MatchMember

pytestmark = pytest.mark.django_db


def test_the_demo_shows_consents_openings_and_the_date_and_running_it_twice_adds_nothing(
    client,
):
    call_command("seed_demo")
    counts = (ConsentRecord.objects.count(), ConfidentialRead.objects.count())
    call_command("seed_demo")

    assert (ConsentRecord.objects.count(), ConfidentialRead.objects.count()) == counts
    consented = Application.objects.filter(consent_given_at__isnull=False)
    assert ConsentRecord.objects.count() == consented.count() > 0
    assert ConfidentialRead.objects.exists() and ReportRead.objects.exists()
    client.force_login(User.objects.get(email="admin@example.org"))
    log = client.get(reverse("admin:privacy_confidentialopening_changelist")).text
    assert "Karin Coordinator" in log
    lina = MatchMember.objects.get(enrolment__user__email="lina.hassan@example.org", current=True)
    client.force_login(lina.enrolment.user)
    page = client.get(reverse("relationships:workspace", args=[lina.match_id])).text
    assert 'id="retention-section"' in page
