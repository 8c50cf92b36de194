"""The demo shows meetings at work: Lina and Karl's three held meetings with notes, her
reflection and action items, the next one planned with an agenda from the bank, and a
call two days ago that nobody has marked yet."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem, AgendaItem, Meeting, Note

pytestmark = pytest.mark.django_db
REFLECTION = "I still feel like a cook pretending to be a business owner."


def rows() -> tuple:
    return tuple(model.objects.count() for model in (Meeting, AgendaItem, Note, ActionItem))


def test_the_demo_has_lina_and_karls_meetings_and_running_it_twice_adds_nothing(client, bank):
    call_command("seed_demo")
    first = rows()
    call_command("seed_demo")

    assert rows() == first
    meetings = Meeting.objects.filter(
        match__members__enrolment__user__email="lina.hassan@example.org"
    )
    held = meetings.filter(status=Meeting.Status.HELD)
    (coming,) = meetings.filter(status=Meeting.Status.PLANNED, starts_at__gt=timezone.now())
    (unmarked,) = meetings.filter(status=Meeting.Status.PLANNED, starts_at__lt=timezone.now())
    assert unmarked.starts_at > timezone.now() - timedelta(days=3)  # "did you meet?" asks
    programme = coming.match.programme
    assert held.count() == 3 and coming.starts_at > timezone.now()
    for meeting in meetings:
        day = timezone.localtime(meeting.starts_at).date()
        assert programme.starts_on <= day <= programme.ends_on
    assert coming.agenda.filter(topic__isnull=False).exists()
    assert coming.agenda.filter(topic__isnull=True).exists()
    latest = held.order_by("-starts_at").first()
    assert latest.notes.filter(private=False).count() == 2
    assert latest.notes.get(private=True).author.enrolment.user.email == "lina.hassan@example.org"
    assert latest.actions.exists()

    detail = reverse("meetings:detail", kwargs={"pk": latest.match_id, "meeting": latest.pk})
    client.force_login(latest.notes.get(private=True).author.enrolment.user)
    assert REFLECTION in client.get(detail).text
    client.force_login(
        latest.match.members.get(role="mentor").enrolment.user  # Karl reads Swedish
    )
    karls = client.get(detail).text
    assert "Lina Hassan" in karls and "We went through my prices" in karls
    assert "Anteckningar efter mötet" in karls and "Bara för dig" in karls  # in Swedish
    assert REFLECTION not in karls
    coming_page = client.get(
        reverse("meetings:detail", kwargs={"pk": coming.match_id, "meeting": coming.pk})
    ).text
    assert "What the bank will ask about my business plan" in coming_page
