"""Status histories read as the statuses' labels in the reader's language, not as codes."""

import pytest
from django.urls import reverse
from django.utils import translation

from intake.tests.factories import ApplicationFactory, ApplicationStatusChangeFactory
from programs.models import Programme
from programs.tests.factories import ProgrammeStatusChangeFactory

pytestmark = pytest.mark.django_db


def test_an_application_history_reads_in_swedish_on_the_admin_page(client, coordinator, programme):
    coordinator.preferred_language = "sv"
    coordinator.save(update_fields=["preferred_language"])
    application = ApplicationFactory(programme=programme)
    ApplicationStatusChangeFactory(
        application=application, from_status="submitted", to_status="waitlisted"
    )
    client.force_login(coordinator)

    page = client.get(reverse("admin:intake_application_change", args=[application.pk])).text

    assert "Inskickad → På väntelistan" in page
    assert "submitted → waitlisted" not in page
    assert "tatushistorik" in page


def test_a_programme_history_names_the_statuses_in_the_active_language():
    change = ProgrammeStatusChangeFactory.build(
        programme=Programme(name="Ledare 2027"),
        from_status=Programme.Status.INTAKE_OPEN,
        to_status=Programme.Status.MATCHING,
    )

    with translation.override("sv"):
        swedish = str(change)
    with translation.override("en"):
        english = str(change)

    assert swedish == "Ledare 2027: Ansökan öppen → Matchning"
    assert english == "Ledare 2027: Intake open → Matching"
