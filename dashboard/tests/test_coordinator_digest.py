"""The coordinators' weekly overview: once a week on Monday morning, what needs them, in
their language, about their own programmes only, and never what anyone wrote."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.tests.factories import UserFactory
from evaluations.tests.factories import FollowUpFactory
from events.tests.factories import EventFactory, RSVPFactory
from notifications import preferences
from notifications.models import Delivery
from notifications.tests.helpers import run_every, run_job
from programs.models import Programme
from programs.services import coordinator_grant
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory
from relationships.models import FitCheck, Match, MatchMember
from relationships.tests.factories import MatchFactory

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
JOB = "coordinator-digest"
MONDAY = datetime(2027, 3, 8, 9, 5, tzinfo=STOCKHOLM)


def person(programme, role, name):
    return EnrolmentFactory(
        programme=programme, role=role, user=UserFactory(display_name=name), capacity=3
    )


def relationship(programme, mentor: str, mentee: str, **fields) -> Match:
    match = MatchFactory(
        programme=programme,
        members__mentor=person(programme, "mentor", mentor),
        members__mentees=[person(programme, "mentee", mentee)],
    )
    Match.objects.filter(pk=match.pk).update(**fields)
    match.refresh_from_db()
    return match


@pytest.fixture
def programme():
    return ProgrammeFactory(
        name="Leaders 2027",
        status=Programme.Status.RUNNING,
        starts_on=date(2026, 11, 1),
        ends_on=date(2027, 10, 1),
        quiet_weeks=2,
    )


@pytest.fixture
def cora(programme):
    cora = UserFactory(display_name="Cora Coordinator", is_staff=True)
    coordinator_grant(user=cora, programme=programme)
    return cora


@pytest.fixture
def world(programme, cora):
    long_ago = datetime(2027, 1, 4, 12, tzinfo=STOCKHOLM)
    quiet = relationship(programme, "Maja Mentor", "Adam Quiet", started_at=long_ago)
    doubtful = relationship(
        programme, "Nils Mentor", "Bo Doubt", started_at=MONDAY - timedelta(days=3)
    )
    FitCheck.objects.create(
        member=MatchMember.objects.get(match=doubtful, role="mentee"),
        match=doubtful,
        answer=FitCheck.Answer.NO,
        comment="Secret <b>comment</b> for Cora",
    )
    relationship(
        programme,
        "Olga Mentor",
        "Per Unsigned",
        status=Match.Status.FORMING,
        started_at=MONDAY - timedelta(days=10),
    )
    relationship(
        programme,
        "Rut Mentor",
        "Sam Paused",
        status=Match.Status.PAUSED,
        paused_until=date(2027, 3, 20),
        pause_reason="Parental leave",
        started_at=MONDAY - timedelta(days=3),
    )
    FollowUpFactory(match=doubtful, due_on=date(2027, 3, 10), note="Private note of Cora")
    event = EventFactory(
        programme=programme, title="Networking lunch", starts_at=MONDAY + timedelta(days=3)
    )
    RSVPFactory(event=event, user=UserFactory(), status="going", seat=1)
    return quiet


def test_monday_at_nine_each_coordinator_gets_one_overview(
    world, cora, mailoutbox, django_capture_on_commit_callbacks
):
    sunday = MONDAY - timedelta(days=1)
    assert run_job(JOB, sunday, django_capture_on_commit_callbacks).due == []
    early = MONDAY.replace(hour=8, minute=55)
    assert run_job(JOB, early, django_capture_on_commit_callbacks).due == []

    result = run_job(JOB, MONDAY, django_capture_on_commit_callbacks)

    assert len(result.claimed) == 1
    (email,) = mailoutbox
    assert email.to == [cora.email]
    body = email.body
    assert "Relationships at risk (2)" in body
    assert "Adam Quiet · Maja Mentor: no meeting held or planned for" in body
    assert "Bo Doubt · Nils Mentor: fit check: no" in body
    assert "Follow-ups due this week (1)" in body
    assert "Agreements unsigned after a week (1)" in body and "Per Unsigned" in body
    assert "Paused (1)" in body and "back on 20 March" in body
    assert "Networking lunch" in body and "1 going" in body
    # What people wrote never travels: not the fit-check comment, the pause's reason or notes.
    for secret in ("Secret", "Parental leave", "Private note"):
        assert secret not in body and secret not in email.alternatives[0][0]
    later = run_job(JOB, MONDAY + timedelta(hours=2), django_capture_on_commit_callbacks)
    assert later.due == [] and len(mailoutbox) == 1


def test_the_overview_is_in_the_coordinators_language(
    world, cora, mailoutbox, django_capture_on_commit_callbacks
):
    cora.preferred_language = "sv"
    cora.save()

    run_job(JOB, MONDAY, django_capture_on_commit_callbacks)

    (email,) = mailoutbox
    assert "Dina program den här veckan" in email.subject
    assert "Relationer i riskzonen (2)" in email.body
    assert "inget möte hållet eller planerat på" in email.body
    assert "tillbaka 20 mars" in email.body


def test_a_coordinator_elsewhere_hears_nothing_of_this_programme(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    other = ProgrammeFactory(status=Programme.Status.RUNNING, name="Elsewhere")
    olle = UserFactory(is_staff=True, email="olle@example.org")
    coordinator_grant(user=olle, programme=other)

    run_job(JOB, MONDAY, django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [[m.to[0]] for m in mailoutbox]
    assert not [m for m in mailoutbox if m.to == [olle.email]]  # nothing needs Olle
    assert Delivery.objects.get(recipient=olle).status == Delivery.Status.NOT_DUE


def test_turned_off_it_is_not_sent(world, cora, mailoutbox, django_capture_on_commit_callbacks):
    preferences.preference_set(user=cora, kind=JOB, mode="off")
    run_job(JOB, MONDAY, django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert Delivery.objects.get(recipient=cora).status == Delivery.Status.TURNED_OFF


def test_a_closed_programme_or_a_former_coordinator_gets_none(
    world, programme, cora, mailoutbox, django_capture_on_commit_callbacks
):
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.CLOSED)
    assert run_job(JOB, MONDAY, django_capture_on_commit_callbacks).due == []
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.RUNNING)
    cora.is_staff = False
    cora.save()
    assert run_job(JOB, MONDAY, django_capture_on_commit_callbacks).due == []
    assert mailoutbox == []


@pytest.mark.parametrize("monday", [date(2027, 3, 29), date(2027, 11, 1)])
def test_the_mondays_after_the_clocks_change_get_one_overview_at_nine(
    world, mailoutbox, monday, django_capture_on_commit_callbacks
):
    start = datetime.combine(monday - timedelta(days=1), datetime.min.time(), STOCKHOLM)
    claims = run_every(
        JOB, start, start + timedelta(days=2), 30, django_capture_on_commit_callbacks
    )
    assert len(claims) == 1
    moment = claims[0][0].astimezone(STOCKHOLM)
    assert (moment.date(), moment.hour) == (monday, 9)


def test_the_overview_reads_the_same_number_of_queries_for_many_relationships(
    world, programme, cora, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dashboard.reminders import overview

    with CaptureQueriesContext(connection) as few:
        overview(cora, MONDAY)
    for k in range(15):
        relationship(
            programme,
            f"Mentor {k}",
            f"Mentee {k}",
            started_at=datetime(2027, 1, 4, tzinfo=STOCKHOLM),
        )
    with django_assert_max_num_queries(len(few)):
        sections = overview(cora, MONDAY)
    assert sections[0].total == 17
