"""The demo shows a completed relationship with one closing reflection written: Nora wrote
hers, Olivia is asked to write hers; running it twice adds nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from closure.models import ClosingReflection
from relationships.models import Match

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_reflection_in_a_completed_relationship_and_runs_twice(client):
    call_command("seed_demo")
    call_command("seed_demo")

    # (the certificates' demo adds reflections of its own, in another programme)
    reflection = ClosingReflection.objects.get(
        member__enrolment__user__email="nora.falk@example.org"
    )
    assert reflection.match.status == Match.Status.COMPLETED
    assert reflection.goal_ratings.count() == 2
    olivia = reflection.match.members.get(role="mentor").enrolment.user
    client.force_login(olivia)
    workspace = client.get(reverse("relationships:workspace", args=[reflection.match_id])).text
    page = client.get(reverse("closure:reflection", args=[reflection.match_id])).text
    assert "Write your closing reflection" in workspace
    assert "Nora Falk has written a closing reflection" in page
    assert "dare to say my price" not in page  # until Olivia writes hers
