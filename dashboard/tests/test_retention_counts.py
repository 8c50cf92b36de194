"""The retention job (privacy's, run through the job registry) leaves the dashboard's
numbers as they were: it deletes texts, never what is counted."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from closure.models import ClosingReflection
from dashboard.overview import dashboard
from evaluations.tests.factories import MidpointReviewFactory, ParticipantReportFactory
from meetings.models import Meeting, Note
from meetings.tests.factories import MeetingFactory, NoteFactory
from notifications import jobs
from relationships.models import Message
from relationships.tests.conftest import pair, running  # noqa: F401 (fixtures)
from relationships.tests.factories import MessageFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def numbers(programme, now):
    board = dashboard([programme], now)
    return (
        board.funnel,
        board.states,
        board.meetings_by_month,
        board.goals_by_status,
        board.outcomes,
        [(row.relationships, row.states, row.held) for row in board.rows],
        board.satisfaction,
    )


def test_the_dashboard_counts_are_the_same_after_the_retention_job(running, pair):  # noqa: F811
    running.starts_on, running.ends_on = date(2026, 3, 1), date(2027, 2, 28)
    running.save()
    match, mentor, mentee = pair
    for day in (2, 16):
        held = MeetingFactory(
            match=match,
            proposed_by=mentee,
            status=Meeting.Status.HELD,
            held_minutes=60,
            starts_at=datetime(2026, 4, day, 17, tzinfo=STOCKHOLM),
        )
        NoteFactory(meeting=held, author=mentee, text="What we said")
    MessageFactory(match=match, author=mentor, body="See you Thursday")
    MidpointReviewFactory(match=match, member=mentee, good="Good", better="Better")
    ParticipantReportFactory(match=match, member=mentee, to_coordinator="Between us")
    ClosingReflection.objects.create(
        match=match,
        member=mentee,
        expectations_met=4,
        way_of_working="Worked",
        going_on="On my own",
        stay_in_touch="yes",
    )
    night = datetime(2028, 3, 1, 2, tzinfo=STOCKHOLM)
    before = numbers(running, night)

    with time_machine.travel(night):
        report = jobs.dispatch(jobs.get("retention")).report

    assert "notes 2, messages 1" in report[0]
    assert not Note.objects.exists() and not Message.objects.exists()
    assert numbers(running, night) == before
