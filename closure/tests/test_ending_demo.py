"""The demo shows an early end: Oskar ended his relationship with Olivia, with a category
the coordinator sees; running it twice adds nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from relationships.models import Match

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_early_end_by_a_mentee_and_running_it_twice_adds_nothing(client):
    call_command("seed_demo")
    call_command("seed_demo")

    ended = Match.objects.get(members__enrolment__user__email="oskar.jakobsson@example.org")
    assert ended.status == Match.Status.ENDED_EARLY
    assert ended.end_category == Match.EndCategory.LIFE_CHANGE
    assert ended.ended_by.email == "oskar.jakobsson@example.org"
    assert "Oslo" in ended.end_reason and "Tack, Olivia!" in ended.end_message
    client.force_login(ended.ended_by)
    page = client.get(reverse("closure:end", kwargs={"pk": ended.pk})).text
    assert 'id="ended-already"' in page and 'name="reason"' not in page
