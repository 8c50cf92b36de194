"""The demo's events: a kick-off with answers, and a lunch tomorrow whose reminder goes."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from events.models import RSVP, Event
from notifications.tests.helpers import run_job

pytestmark = pytest.mark.django_db


def test_the_demo_lunch_reminds_lina_and_karl_the_day_before(
    mailoutbox, django_capture_on_commit_callbacks
):
    call_command("seed_demo")
    call_command("seed_demo")  # a second run adds nothing

    lunch = Event.objects.get(programme__slug="entrepreneurs-spring", kind="networking")
    going = RSVP.objects.filter(event=lunch, status="going")
    assert sorted(going.values_list("user__email", flat=True)) == [
        "karl.aberg@example.org",
        "lina.hassan@example.org",
    ]
    assert Event.objects.filter(kind="kick_off", rsvps__status="going").exists()
    mailoutbox.clear()

    # 22 hours before is past "a day before by the clock" also over a daylight-saving night.
    result = run_job(
        "event-reminder", lunch.starts_at - timedelta(hours=22), django_capture_on_commit_callbacks
    )

    assert sorted(d.recipient_id for d in result.due) == sorted(
        going.values_list("user_id", flat=True)
    )
    assert {m.to[0] for m in mailoutbox} == {"karl.aberg@example.org", "lina.hassan@example.org"}
    assert any("Påminnelse: Nätverkslunch för entreprenörer" in m.subject for m in mailoutbox)
