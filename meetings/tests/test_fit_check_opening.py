"""The fit check opens after the first meeting held: meetings tells relationships when that
was (``relationships.hooks.first_meeting_held_expressions``), for the fit-check reminder."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from meetings import services
from notifications.tests.helpers import run_job
from relationships.models import Match, MatchMember

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_a_meeting_held_opens_the_fit_check_and_its_reminder_follows_a_week_on(
    long_programme, pair, mailoutbox, django_capture_on_commit_callbacks
):
    match, _mentor, mentee = pair
    matched = datetime(2027, 3, 1, 10, tzinfo=STOCKHOLM)
    Match.objects.filter(pk=match.pk).update(started_at=matched)
    MatchMember.objects.filter(match=match).update(joined_at=matched)
    mentee.refresh_from_db()
    with time_machine.travel(datetime(2027, 3, 5, 12, tzinfo=STOCKHOLM), tick=False):
        services.meeting_log(
            member=mentee,
            starts_at=datetime(2027, 3, 4, 17, tzinfo=STOCKHOLM),
            minutes=60,
            format="in_person",
        )
    mailoutbox.clear()

    before = run_job(
        "fit-check-reminder",
        datetime(2027, 3, 10, 9, 5, tzinfo=STOCKHOLM),
        django_capture_on_commit_callbacks,
    )
    due = run_job(
        "fit-check-reminder",
        datetime(2027, 3, 11, 9, 5, tzinfo=STOCKHOLM),
        django_capture_on_commit_callbacks,
    )

    assert before.claimed == []  # a week after the meeting, not yet
    assert len(due.claimed) == 2  # three weeks after joining would be 29 March
    assert len(mailoutbox) == 2
