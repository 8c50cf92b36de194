"""The demo shows the mid-point review and a report: Lina wrote both; running it twice adds
nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluations.models import MidpointReview, ParticipantReport

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_review_and_a_report_and_running_it_twice_adds_nothing(client):
    call_command("seed_demo")
    call_command("seed_demo")

    review = MidpointReview.objects.get()
    assert review.member.enrolment.user.email == "lina.hassan@example.org"
    assert ParticipantReport.objects.count() <= 1
    client.force_login(review.member.enrolment.user)
    page = client.get(reverse("reviews:review", args=[review.match_id])).text
    assert "priced his first contracts" in page
