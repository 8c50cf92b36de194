"""The demo shows follow-ups at work: one logged with a note and its next one set, and
one due today; running it twice adds nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from evaluations.models import FollowUp

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_follow_up_logged_and_one_due_and_running_it_twice_adds_nothing(client):
    call_command("seed_demo")
    first = FollowUp.objects.count()
    call_command("seed_demo")

    assert FollowUp.objects.count() == first == 3
    done = FollowUp.objects.get(done_on__isnull=False)
    assert done.channel == "phone" and "pricing" in done.note
    assert done.next_follow_up.due_on > timezone.localdate()
    due = FollowUp.objects.get(due_on=timezone.localdate())
    assert due.match.members.filter(enrolment__user__email="maja.blom@example.org").exists()
    coordinator = User.objects.get(pk=done.done_by_id)
    client.force_login(coordinator)
    listing = client.get(reverse("admin:evaluations_followup_changelist"), {"state": "due"})
    assert [f.pk for f in listing.context["cl"].result_list] == [due.pk]
    lina = User.objects.get(email="lina.hassan@example.org")
    client.force_login(lina)
    workspace = client.get(reverse("relationships:workspace", args=[done.match_id])).text
    assert "pricing; Karl suggested" not in workspace  # the note is the coordinators' alone
