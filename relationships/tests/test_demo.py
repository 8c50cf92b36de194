"""The demo leaves relationships in every state a newcomer should see at once."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from relationships.models import FitCheck, Match, Message, Signature

pytestmark = pytest.mark.django_db


def rows():
    return Match.objects.count(), Signature.objects.count(), Message.objects.count()


def test_the_demo_has_a_relationship_under_way_one_forming_one_paused_and_a_fit_check_no(client):
    call_command("seed_demo")
    again = rows()
    call_command("seed_demo")

    assert rows() == again
    # (closure's demo adds one ended early by its mentee)
    statuses = set(Match.objects.values_list("status", flat=True))
    assert statuses - {"ended_early"} == {"active", "forming", "paused"}
    paused = Match.objects.get(status="paused")
    assert paused.paused_until > timezone.localdate() and "Shanghai" in paused.pause_reason
    assert FitCheck.objects.filter(answer="no").count() == 1
    lina = User.objects.get(email="lina.hassan@example.org")
    match = Match.objects.get(members__enrolment__user=lina)
    assert match.agreement_signed_at is not None
    client.force_login(lina)
    mine = client.get(reverse("dashboard:mine")).text
    assert reverse("relationships:workspace", args=[match.pk]) in mine
    workspace = client.get(reverse("relationships:workspace", args=[match.pk])).text
    assert "Karl Åberg" in workspace and "Bring the numbers on Thursday." in workspace
    assert "karl.aberg@example.org" in workspace  # he chose to share it

    mohammed = User.objects.get(email="mohammed.rahimi@example.org")
    client.force_login(mohammed)
    workspace = client.get(reverse("relationships:workspace", args=[paused.pk])).text
    assert "Paused until" in workspace and "Shanghai" in workspace
    assert "Paused until" in client.get(reverse("dashboard:mine")).text
