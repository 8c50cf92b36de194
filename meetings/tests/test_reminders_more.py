"""The agenda reminder and the "did you meet?" check: due, not yet, once, and never where
they should not go — a person who turned them off, a paused or ended relationship, a
meeting that changed — across both daylight-saving weekends."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.tests.factories import person
from meetings import services
from meetings.models import Meeting
from meetings.services import content
from meetings.tests.factories import MeetingFactory
from notifications import jobs, preferences
from notifications.models import Delivery
from notifications.tests.helpers import run_every, run_job
from programs.models import Enrolment, Programme
from programs.tests.factories import ProgrammeFactory
from relationships.models import Match, MatchMember
from relationships.services import match_create
from relationships.tests.factories import MatchFactory

from .conftest import planned

STOCKHOLM = ZoneInfo("Europe/Stockholm")
AGENDA, CHECK = "agenda-reminder", "meeting-check"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


def users_of(mailoutbox) -> list[str]:
    return sorted(m.to[0] for m in mailoutbox)


def claim_only(job: str, moment: datetime, callbacks) -> list[int]:
    """A pass that claims but does not send yet (the tasks are queued after the commit)."""
    with time_machine.travel(moment, tick=False), callbacks(execute=False):
        return jobs.dispatch(jobs.get(job)).claimed


def deliver_at(pk: int, moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        jobs.deliver(pk)


@pytest.fixture
def meeting(long_programme, pair, mailoutbox):
    """Friday 12 March 2027 at 10:00 in Stockholm for an hour, its agenda empty."""
    meeting = planned(pair, at(2027, 3, 12, 10))
    mailoutbox.clear()
    return meeting


# --- The agenda reminder ---------------------------------------------------------------------
def test_the_mentee_is_asked_for_an_agenda_three_days_before_with_ideas(
    meeting, pair, bank, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    used = bank.get(title_en="Working with others")
    earlier = planned(pair, at(2027, 2, 1, 10), agenda="")
    content.agenda_item_add(member=mentee, meeting=earlier, topic=used)
    mailoutbox.clear()

    result = run_job(AGENDA, at(2027, 3, 9, 10), django_capture_on_commit_callbacks)

    assert len(result.claimed) == 1
    assert users_of(mailoutbox) == [mentee.enrolment.user.email]  # not the mentor
    email = mailoutbox[0]
    assert "Your meeting Friday 12 March: what would you like to talk about?" in email.subject
    assert "Maja Mentor" in email.body and "has no agenda yet" in email.body
    assert f"/relationships/{meeting.match_id}/meetings/{meeting.pk}/#agenda" in email.body
    assert "Where you stand at work today" in email.body  # an idea from the bank
    assert "Working with others" not in email.body  # already on one of their agendas
    assert email.body.count("\n- ") == 3
    assert "List-Unsubscribe" in email.extra_headers
    html = email.alternatives[0][0]
    assert "Where you stand at work today" in html and 'href="http' in html


def test_the_agenda_reminder_reads_in_swedish_for_a_swedish_mentee(
    meeting, pair, bank, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    mentee.enrolment.user.preferred_language = "sv"
    mentee.enrolment.user.save()

    run_job(AGENDA, at(2027, 3, 9, 10), django_capture_on_commit_callbacks)

    email = mailoutbox[0]
    assert "Ert möte fredag 12 mars: vad vill du prata om?" in email.subject
    assert "Var du står i arbetet i dag" in email.body  # the bank's Swedish title
    assert "Where you stand" not in email.body
    assert "har ingen agenda än" in email.body
    assert "har ingen agenda än" in email.alternatives[0][0]


def test_the_agenda_reminder_is_not_due_five_minutes_earlier(
    meeting, mailoutbox, django_capture_on_commit_callbacks
):
    assert run_job(AGENDA, at(2027, 3, 9, 9, 55), django_capture_on_commit_callbacks).due == []
    assert mailoutbox == []


def test_a_second_agenda_pass_sends_nothing_again(
    meeting, mailoutbox, django_capture_on_commit_callbacks
):
    run_job(AGENDA, at(2027, 3, 9, 10), django_capture_on_commit_callbacks)
    later = run_job(AGENDA, at(2027, 3, 10, 10), django_capture_on_commit_callbacks)

    assert later.due == [] and later.claimed == []
    assert len(mailoutbox) == 1


def test_a_mentee_who_turned_the_agenda_reminder_off_is_not_asked(
    meeting, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    preferences.preference_set(user=mentee.enrolment.user, kind=AGENDA, mode="off")

    run_job(AGENDA, at(2027, 3, 9, 10), django_capture_on_commit_callbacks)

    assert mailoutbox == []
    assert Delivery.objects.get(kind=AGENDA).status == "off"


@pytest.mark.parametrize("status", [Match.Status.PAUSED, Match.Status.ENDED_EARLY])
def test_a_paused_or_ended_relationship_gets_no_agenda_reminder(
    meeting, status, mailoutbox, django_capture_on_commit_callbacks
):
    Match.objects.filter(pk=meeting.match_id).update(status=status)

    assert run_job(AGENDA, at(2027, 3, 9, 10), django_capture_on_commit_callbacks).due == []
    assert mailoutbox == []


def test_a_meeting_with_a_topic_gets_no_agenda_reminder_and_its_neighbour_does(
    meeting, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, _mentee = pair
    with_topic = planned(pair, at(2027, 3, 12, 15))
    content.agenda_item_add(member=mentor, meeting=with_topic, text="Budget")  # anyone's

    result = run_job(AGENDA, at(2027, 3, 9, 16), django_capture_on_commit_callbacks)

    assert [d.about for d in result.due] == [f"meetings.meeting:{meeting.pk}"]


def test_a_topic_added_after_the_claim_stops_the_agenda_reminder(
    meeting, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    moment = at(2027, 3, 9, 10)
    [claimed] = claim_only(AGENDA, moment, django_capture_on_commit_callbacks)
    content.agenda_item_add(member=mentee, meeting=meeting, text="My first hire")
    mailoutbox.clear()

    deliver_at(claimed, moment)

    assert mailoutbox == []
    assert Delivery.objects.get(pk=claimed).status == "not_due"


def test_a_meeting_planned_after_the_moment_gets_no_agenda_reminder(
    long_programme, pair, mailoutbox, django_capture_on_commit_callbacks
):
    """Planned two days before: its own e-mail has just told them, and the reminder the day
    before will say the agenda is empty."""
    with time_machine.travel(at(2027, 3, 10, 9), tick=False):
        planned(pair, at(2027, 3, 12, 10))
    mailoutbox.clear()

    assert run_job(AGENDA, at(2027, 3, 10, 10), django_capture_on_commit_callbacks).due == []


def test_the_agenda_reminder_follows_its_setting(
    meeting, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.AGENDA_REMINDER_DAYS = 5
    assert run_job(AGENDA, at(2027, 3, 7, 9, 55), django_capture_on_commit_callbacks).due == []
    assert len(run_job(AGENDA, at(2027, 3, 7, 10), django_capture_on_commit_callbacks).due) == 1


@pytest.fixture
def peers(db):
    """Three peers, Pia, Per and Pål, in a peer programme over both summer-time changes."""
    programme = ProgrammeFactory(
        name="Peers 2027",
        kind=Programme.Kind.PEER,
        matching_mode="peer_pool",
        status=Programme.Status.RUNNING,
        starts_on=date(2026, 11, 1),
        ends_on=date(2027, 12, 31),
    )
    enrolments = [person(programme, Enrolment.Role.PEER, name) for name in ("Pia", "Per", "Pål")]
    match = match_create(programme=programme, peers=enrolments, origin="manual", by=None)
    return list(MatchMember.objects.filter(match=match).order_by("pk"))


def test_every_peer_is_asked_for_the_agenda(peers, mailoutbox, django_capture_on_commit_callbacks):
    first, *others = peers
    meeting = services.meeting_propose(
        member=first, starts_at=at(2027, 3, 12, 10), minutes=60, format="video"
    )
    for member in others:
        meeting = services.meeting_accept(member=member, meeting=meeting)
    assert meeting.status == Meeting.Status.PLANNED
    mailoutbox.clear()

    run_job(AGENDA, at(2027, 3, 9, 10), django_capture_on_commit_callbacks)

    assert users_of(mailoutbox) == sorted(m.enrolment.user.email for m in peers)


@pytest.mark.parametrize(
    "starts_at",
    [
        # Spring: the clocks go forward at 02:00 on Sunday 28 March 2027.
        at(2027, 3, 30, 10),  # asked on Saturday, before the change
        at(2027, 3, 31, 10),  # asked on Sunday, after it
        at(2027, 3, 31, 2, 30),  # 02:30 on Sunday does not exist
        # Autumn: the clocks go back at 03:00 on Sunday 31 October 2027.
        at(2027, 11, 2, 10),
        at(2027, 11, 3, 10),
        at(2027, 11, 3, 2, 30),  # 02:30 on Sunday happens twice
    ],
    ids=["spring-sat", "spring-sun", "spring-gap", "autumn-sat", "autumn-sun", "autumn-twice"],
)
def test_the_daylight_saving_weekends_neither_skip_nor_double_the_agenda_reminder(
    long_programme, pair, starts_at, mailoutbox, django_capture_on_commit_callbacks
):
    planned(pair, starts_at)
    mailoutbox.clear()

    # Beat's pass every fifteen minutes, from four days before to the meeting.
    claims = run_every(
        AGENDA, starts_at - timedelta(days=4), starts_at, 15, django_capture_on_commit_callbacks
    )

    assert len(claims) == 1, claims
    moment, claimed = claims[0]
    assert len(claimed) == 1 and len(mailoutbox) == 1
    local = moment.astimezone(STOCKHOLM)
    expected = starts_at.replace(tzinfo=None) - timedelta(days=3)
    if starts_at.hour == 2 and starts_at.month == 3:
        # 02:30 is skipped that night: it goes at the first pass after 03:30.
        assert (local.date(), local.hour, local.minute) == (expected.date(), 3, 30)
    else:
        assert local.replace(tzinfo=None) == expected  # by the wall clock, three days before


# --- "Did you meet?" -------------------------------------------------------------------------
def test_every_member_is_asked_an_hour_after_the_end_with_two_links(
    meeting, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair

    result = run_job(CHECK, at(2027, 3, 12, 12), django_capture_on_commit_callbacks)

    assert len(result.claimed) == 2
    assert users_of(mailoutbox) == sorted(
        [mentor.enrolment.user.email, mentee.enrolment.user.email]
    )
    email = next(m for m in mailoutbox if m.to == [mentee.enrolment.user.email])
    assert "Did you meet on Friday 12 March?" in email.subject
    assert "Maja Mentor" in email.body
    assert "Yes, we met: http" in email.body and "?answer=held" in email.body
    assert "No, it didn't happen: http" in email.body and "?answer=missed" in email.body
    html = email.alternatives[0][0]
    assert "?answer=held" in html and "?answer=missed" in html
    assert "No, it didn't happen" in html
    assert "List-Unsubscribe" in email.extra_headers
    assert (
        Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED
    )  # asking changes nothing


def test_the_check_reads_in_swedish_for_a_swedish_member(
    meeting, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, _mentee = pair
    mentor.enrolment.user.preferred_language = "sv"
    mentor.enrolment.user.save()

    run_job(CHECK, at(2027, 3, 12, 12), django_capture_on_commit_callbacks)

    email = next(m for m in mailoutbox if m.to == [mentor.enrolment.user.email])
    assert "Träffades ni fredag 12 mars?" in email.subject
    assert "Ja, vi träffades: http" in email.body
    assert "Nej, det blev inte av: http" in email.body
    assert "Ja, vi träffades" in email.alternatives[0][0]


def test_the_check_is_not_due_before_an_hour_after_the_end(
    meeting, mailoutbox, django_capture_on_commit_callbacks
):
    assert run_job(CHECK, at(2027, 3, 12, 11, 55), django_capture_on_commit_callbacks).due == []
    assert mailoutbox == []


def test_a_meeting_that_ends_late_is_asked_about_the_next_morning_at_nine(
    long_programme, pair, mailoutbox, django_capture_on_commit_callbacks
):
    planned(pair, at(2027, 3, 12, 19, 30), minutes=90)  # ends at 21:00, asked from 22:00
    mailoutbox.clear()

    claims = run_every(
        CHECK, at(2027, 3, 12, 19), at(2027, 3, 13, 12), 15, django_capture_on_commit_callbacks
    )

    assert [(moment.astimezone(STOCKHOLM), len(c)) for moment, c in claims] == [
        (at(2027, 3, 13, 9), 2)
    ]


def test_a_second_check_pass_sends_nothing_again(
    meeting, mailoutbox, django_capture_on_commit_callbacks
):
    run_job(CHECK, at(2027, 3, 12, 12), django_capture_on_commit_callbacks)
    later = run_job(CHECK, at(2027, 3, 13, 12), django_capture_on_commit_callbacks)

    assert later.due == [] and later.claimed == []
    assert len(mailoutbox) == 2


def test_a_member_who_turned_the_check_off_is_not_asked(
    meeting, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    preferences.preference_set(user=mentor.enrolment.user, kind=CHECK, mode="off")

    run_job(CHECK, at(2027, 3, 12, 12), django_capture_on_commit_callbacks)

    assert users_of(mailoutbox) == [mentee.enrolment.user.email]
    assert Delivery.objects.get(kind=CHECK, recipient=mentor.enrolment.user).status == "off"


@pytest.mark.parametrize("status", [Match.Status.PAUSED, Match.Status.ENDED_EARLY])
def test_a_paused_or_ended_relationship_is_not_asked(
    meeting, status, mailoutbox, django_capture_on_commit_callbacks
):
    Match.objects.filter(pk=meeting.match_id).update(status=status)

    assert run_job(CHECK, at(2027, 3, 12, 12), django_capture_on_commit_callbacks).due == []
    assert mailoutbox == []


@pytest.mark.parametrize("mark", ["held", "missed", "cancelled"])
def test_a_meeting_marked_or_cancelled_before_the_check_is_not_asked_about(
    meeting, pair, mark, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, _mentee = pair
    with time_machine.travel(at(2027, 3, 12, 11, 30), tick=False):
        if mark == "cancelled":
            services.meeting_cancel(member=mentor, meeting=meeting)
        else:
            getattr(services, f"meeting_{mark}")(member=mentor, meeting=meeting)
    mailoutbox.clear()

    assert run_job(CHECK, at(2027, 3, 12, 12), django_capture_on_commit_callbacks).due == []
    assert mailoutbox == []


def test_once_one_member_answered_the_others_checks_are_not_sent(
    meeting, pair, client, mailoutbox, django_capture_on_commit_callbacks
):
    """Both checks claimed; the mentee's goes out and is answered before the mentor's
    worker reaches his: his is dropped, not sent."""
    _match, mentor, mentee = pair
    moment = at(2027, 3, 12, 12)
    claimed = claim_only(CHECK, moment, django_capture_on_commit_callbacks)
    by_user = {Delivery.objects.get(pk=pk).recipient_id: pk for pk in claimed}
    deliver_at(by_user[mentee.enrolment.user_id], moment)
    [email] = mailoutbox
    held_link = next(w for w in email.body.split() if "?answer=held" in w)

    with time_machine.travel(moment + timedelta(minutes=3), tick=False):
        assert client.get(held_link).status_code == 200
        client.post(held_link, {"answer": "held"})
    deliver_at(by_user[mentor.enrolment.user_id], moment + timedelta(minutes=5))

    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD
    assert len(mailoutbox) == 1
    assert Delivery.objects.get(pk=by_user[mentor.enrolment.user_id]).status == "not_due"


def test_a_meeting_still_planned_two_weeks_after_its_end_is_left_alone(
    meeting, mailoutbox, django_capture_on_commit_callbacks
):
    """A dispatcher down for a fortnight (or a meeting from before the check existed)."""
    end = at(2027, 3, 12, 11)
    last = run_job(CHECK, end + timedelta(days=13, hours=23), django_capture_on_commit_callbacks)
    assert len(last.due) == 2  # up to the last moment
    Delivery.objects.all().delete()
    mailoutbox.clear()

    assert run_job(CHECK, end + timedelta(days=14), django_capture_on_commit_callbacks).due == []


def test_the_check_follows_its_setting(
    meeting, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MEETING_CHECK_AFTER_MINUTES = 180
    assert run_job(CHECK, at(2027, 3, 12, 13, 55), django_capture_on_commit_callbacks).due == []
    assert len(run_job(CHECK, at(2027, 3, 12, 14), django_capture_on_commit_callbacks).due) == 2


@pytest.mark.parametrize(
    ("starts_at", "minutes", "asked_at"),
    [
        # Spring: the clocks go forward at 02:00 on Sunday 28 March 2027.
        (at(2027, 3, 27, 20), 60, at(2027, 3, 28, 9)),  # Saturday evening → Sunday 09:00
        (at(2027, 3, 28, 1), 60, at(2027, 3, 28, 9)),  # ends at 03:00, after the change
        (at(2027, 3, 28, 12), 60, at(2027, 3, 28, 14)),
        # Autumn: the clocks go back at 03:00 on Sunday 31 October 2027.
        (at(2027, 10, 30, 20), 60, at(2027, 10, 31, 9)),
        (at(2027, 10, 31, 2, 30), 60, at(2027, 10, 31, 9)),  # the first 02:30 of two
        (at(2027, 10, 31, 12), 60, at(2027, 10, 31, 14)),
    ],
    ids=["spring-sat", "spring-night", "spring-sun", "autumn-sat", "autumn-night", "autumn-sun"],
)
def test_the_daylight_saving_weekends_neither_skip_nor_double_the_check(
    long_programme,
    pair,
    starts_at,
    minutes,
    asked_at,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    planned(pair, starts_at, minutes=minutes)
    mailoutbox.clear()

    claims = run_every(
        CHECK, starts_at, starts_at + timedelta(days=2), 15, django_capture_on_commit_callbacks
    )

    assert [(moment.astimezone(STOCKHOLM), len(c)) for moment, c in claims] == [(asked_at, 2)]
    assert len(mailoutbox) == 2


# --- Set-based -------------------------------------------------------------------------------
def _relationships(programme, n: int, starts_at: datetime) -> None:
    """``n`` relationships, each with the meeting at ``starts_at`` and two others (held
    before, planned weeks later) that must neither be found nor multiply the rows."""
    for _ in range(n):
        match = MatchFactory(programme=programme, status=Match.Status.ACTIVE)
        MeetingFactory(match=match, starts_at=starts_at)
        MeetingFactory(match=match, starts_at=starts_at - timedelta(days=20))
        MeetingFactory(match=match, starts_at=starts_at + timedelta(days=20))


@pytest.mark.parametrize(
    ("job", "moment", "per_relationship"),
    [
        ("meeting-reminder", at(2027, 3, 11, 17), 2),
        (AGENDA, at(2027, 3, 9, 17), 1),
        (CHECK, at(2027, 3, 12, 19), 2),
    ],
)
def test_finding_who_is_due_takes_as_many_queries_for_1_and_20_relationships(
    long_programme, job, moment, per_relationship
):
    find = jobs.get(job).find
    _relationships(long_programme, 1, at(2027, 3, 12, 17))
    with CaptureQueriesContext(connection) as one:
        few = find(moment)
    _relationships(long_programme, 19, at(2027, 3, 12, 17))
    with CaptureQueriesContext(connection) as twenty:
        many = find(moment)

    assert len(few) == per_relationship and len(many) == 20 * per_relationship
    assert len(set(many)) == len(many)
    assert len(twenty) == len(one) <= 3
