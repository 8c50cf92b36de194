"""The reminder the day before an event: to everyone going, once, and to nobody else."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from events import reminders
from events.models import RSVP, Event
from events.services import rsvp_respond
from events.tests.factories import EventFactory
from notifications import jobs, preferences
from notifications.models import Delivery
from notifications.tests.helpers import run_every, run_job
from programs.models import Programme
from programs.tests.factories import participants

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
JOB = "event-reminder"
STARTS = datetime(2027, 3, 9, 17, 30, tzinfo=STOCKHOLM)  # a Tuesday evening
ANSWERING = datetime(2027, 2, 1, 12, tzinfo=STOCKHOLM)  # when people answer


@pytest.fixture
def programme(db):
    from programs.tests.factories import ProgrammeFactory

    return ProgrammeFactory(
        name="Leaders 2027",
        status=Programme.Status.RUNNING,
        starts_on=date(2026, 11, 1),
        ends_on=date(2027, 12, 31),
    )


def answer(event, person, going=True, when=ANSWERING) -> RSVP:
    with time_machine.travel(when, tick=False):
        return rsvp_respond(event=event, user=person, going=going)


def make_event(programme, starts_at=STARTS, **fields) -> Event:
    values = {
        "title": "Networking <evening>",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "place": "Town Hall, Room <1>",
        "capacity": 2,
        **fields,
    }
    return EventFactory(programme=programme, **values)


@pytest.fixture
def people(programme):
    """Anna (English) and Sven (Swedish) are going; Greta is on the wait-list, Otto is not
    going."""
    anna = participants(programme, 1, display_name="Anna Andersson")[0]
    sven = participants(programme, 1, display_name="Sven Svensson", preferred_language="sv")[0]
    greta, otto = participants(programme, 2)
    return {"anna": anna, "sven": sven, "greta": greta, "otto": otto}


@pytest.fixture
def event(programme, people, mailoutbox):
    made = make_event(programme)
    for name in ("anna", "sven", "greta"):
        answer(made, people[name])
    answer(made, people["otto"], going=False)
    mailoutbox.clear()  # the confirmations
    return made


def the_day_before(moment: datetime = STARTS) -> datetime:
    return moment - timedelta(days=1)


def test_everyone_going_is_reminded_24_hours_before_in_their_language(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    result = run_job(JOB, the_day_before(), django_capture_on_commit_callbacks)

    assert sorted(d.recipient_id for d in result.due) == sorted(
        [people["anna"].pk, people["sven"].pk]
    )  # not the wait-list, not who said no
    by_person = {m.to[0]: m for m in mailoutbox}
    english, swedish = by_person[people["anna"].email], by_person[people["sven"].email]
    assert "Reminder: Networking <evening>, Tuesday 17:30" in english.subject
    assert "A reminder: you have a place at Networking <evening> (Leaders 2027)" in english.body
    assert "Where: Town Hall, Room <1>" in english.body
    assert f"/events/{event.pk}/" in english.body
    assert f"/events/{event.pk}/event.ics" in english.body
    html = english.alternatives[0][0]
    assert "Networking &lt;evening&gt;" in html and "Room &lt;1&gt;" in html  # escaped
    assert "List-Unsubscribe" in english.extra_headers
    assert "Påminnelse: Networking <evening>, tisdag 17:30" in swedish.subject
    assert "En påminnelse: du har en plats på Networking <evening>" in swedish.body
    assert "Lägg till i din kalender" in swedish.alternatives[0][0]
    assert set(Delivery.objects.filter(kind=JOB).values_list("about", flat=True)) == {
        f"events.event:{event.pk}"
    }


def test_a_video_event_gives_its_link(
    programme, people, mailoutbox, django_capture_on_commit_callbacks
):
    online = make_event(programme, place="", video_url="https://video.example.org/leaders")
    answer(online, people["anna"])
    mailoutbox.clear()

    run_job(JOB, the_day_before(), django_capture_on_commit_callbacks)

    [email] = mailoutbox
    assert "Video link: https://video.example.org/leaders" in email.body
    assert 'href="https://video.example.org/leaders"' in email.alternatives[0][0]
    assert "Where:" not in email.body


def test_not_yet_due_five_minutes_earlier(event, mailoutbox, django_capture_on_commit_callbacks):
    early = the_day_before() - timedelta(minutes=5)
    assert run_job(JOB, early, django_capture_on_commit_callbacks).due == []
    assert mailoutbox == []


def test_a_second_pass_sends_nothing_again(event, mailoutbox, django_capture_on_commit_callbacks):
    run_job(JOB, the_day_before(), django_capture_on_commit_callbacks)
    later = run_job(JOB, the_day_before() + timedelta(hours=3), django_capture_on_commit_callbacks)

    assert later.due == [] and later.claimed == []
    assert len(mailoutbox) == 2


def test_someone_who_turned_it_off_is_not_reminded(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    preferences.preference_set(user=people["anna"], kind=JOB, mode="off")

    run_job(JOB, the_day_before(), django_capture_on_commit_callbacks)

    assert [m.to for m in mailoutbox] == [[people["sven"].email]]
    assert Delivery.objects.get(kind=JOB, recipient=people["anna"]).status == "off"


def test_the_reminder_cannot_wait_for_the_digest():
    from notifications import kinds

    assert kinds.get(JOB).digest is False


def test_someone_who_withdrew_is_not_reminded_and_their_place_goes_to_the_wait_list(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer(event, people["anna"], going=False, when=STARTS - timedelta(days=3))
    mailoutbox.clear()

    result = run_job(JOB, the_day_before(), django_capture_on_commit_callbacks)

    assert sorted(d.recipient_id for d in result.due) == sorted(
        [people["sven"].pk, people["greta"].pk]
    )


@pytest.mark.parametrize("change", ["withdrew", "unpublished", "moved", "deleted"])
def test_a_change_after_the_claim_is_not_sent(
    event, people, change, mailoutbox, django_capture_on_commit_callbacks
):
    moment = the_day_before()
    with (
        time_machine.travel(moment, tick=False),
        django_capture_on_commit_callbacks(execute=False) as queued,
    ):
        jobs.dispatch(jobs.get(JOB))
        if change == "withdrew":
            rsvp_respond(event=event, user=people["anna"], going=False)
            rsvp_respond(event=event, user=people["sven"], going=False)
        elif change == "unpublished":
            Event.objects.filter(pk=event.pk).update(published=False)
        elif change == "moved":
            later = STARTS + timedelta(days=7)
            Event.objects.filter(pk=event.pk).update(
                starts_at=later, ends_at=later + timedelta(hours=2)
            )
        else:
            event.delete()
    mailoutbox.clear()
    with time_machine.travel(moment + timedelta(minutes=1), tick=False):
        for callback in queued:
            callback()

    assert not [m for m in mailoutbox if "Reminder" in m.subject or "Påminnelse" in m.subject]
    assert set(Delivery.objects.filter(kind=JOB).values_list("status", flat=True)) <= {"not_due"}


def test_an_unpublished_event_is_not_reminded_of(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    Event.objects.filter(pk=event.pk).update(published=False)

    assert run_job(JOB, the_day_before(), django_capture_on_commit_callbacks).due == []


def test_a_moved_event_is_reminded_of_at_its_new_time(
    event, people, mailoutbox, django_capture_on_commit_callbacks
):
    run_job(JOB, the_day_before(), django_capture_on_commit_callbacks)
    later = STARTS + timedelta(days=2, hours=1)
    event.starts_at, event.ends_at = later, later + timedelta(hours=2)
    event.save()
    mailoutbox.clear()

    assert (
        run_job(JOB, the_day_before() + timedelta(hours=2), django_capture_on_commit_callbacks).due
        == []
    )
    again = run_job(JOB, the_day_before(later), django_capture_on_commit_callbacks)

    assert len(again.claimed) == 2
    [english] = [m for m in mailoutbox if m.to == [people["anna"].email]]
    assert "Reminder: Networking <evening>, Thursday 18:30" in english.subject
    assert Delivery.objects.filter(kind=JOB, status="sent").count() == 4


def test_someone_who_answered_after_the_reminders_moment_gets_their_confirmation_only(
    event, programme, mailoutbox, django_capture_on_commit_callbacks
):
    [late] = participants(programme, 1)
    Event.objects.filter(pk=event.pk).update(capacity=5)
    event.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        answer(event, late, when=STARTS - timedelta(hours=3))
    mailoutbox.clear()

    result = run_job(JOB, STARTS - timedelta(hours=2), django_capture_on_commit_callbacks)

    assert late.pk not in [d.recipient_id for d in result.due]


def test_an_event_that_has_begun_is_not_reminded_of(
    event, mailoutbox, django_capture_on_commit_callbacks
):
    assert run_job(JOB, STARTS + timedelta(minutes=1), django_capture_on_commit_callbacks).due == []


def test_finding_costs_one_query_however_many_people_and_events(
    programme, django_assert_num_queries
):
    for hour in (10, 14, 18):
        many = make_event(programme, starts_at=STARTS.replace(hour=hour), capacity=10)
        for person in participants(programme, 4):
            answer(many, person)

    with django_assert_num_queries(1):
        due = reminders.find_event_reminders(the_day_before(STARTS.replace(hour=20)))
    assert len(due) == 12


@pytest.mark.parametrize(
    "starts_at",
    [
        # Spring: the clocks go forward at 02:00 on Sunday 28 March 2027.
        datetime(2027, 3, 28, 10, tzinfo=STOCKHOLM),  # reminded on Saturday, before the change
        datetime(2027, 3, 29, 10, tzinfo=STOCKHOLM),  # reminded on Sunday, after it
        datetime(2027, 3, 29, 2, 30, tzinfo=STOCKHOLM),  # 02:30 on Sunday does not exist
        # Autumn: the clocks go back at 03:00 on Sunday 31 October 2027.
        datetime(2027, 10, 31, 10, tzinfo=STOCKHOLM),
        datetime(2027, 11, 1, 10, tzinfo=STOCKHOLM),
        datetime(2027, 11, 1, 2, 30, tzinfo=STOCKHOLM),  # 02:30 on Sunday happens twice
    ],
    ids=["spring-sat", "spring-sun", "spring-gap", "autumn-sat", "autumn-sun", "autumn-twice"],
)
def test_the_daylight_saving_weekends_neither_skip_nor_double_a_reminder(
    programme, people, starts_at, mailoutbox, django_capture_on_commit_callbacks
):
    weekend = make_event(programme, starts_at=starts_at)
    answer(weekend, people["anna"])
    mailoutbox.clear()

    # Beat's pass every five minutes from two days before to the event.
    claims = run_every(
        JOB, starts_at - timedelta(days=2), starts_at, 5, django_capture_on_commit_callbacks
    )

    assert len(claims) == 1, claims  # one pass claimed, once
    moment, claimed = claims[0]
    assert len(claimed) == 1 and len(mailoutbox) == 1
    local = moment.astimezone(STOCKHOLM)
    expected = starts_at.replace(tzinfo=None) - timedelta(days=1)
    if starts_at.hour == 2 and starts_at.month == 3:
        # 02:30 is skipped that night: the reminder goes at the first pass after 03:30.
        assert (local.date(), local.hour, local.minute) == (expected.date(), 3, 30)
    else:
        assert local.replace(tzinfo=None) == expected  # by the wall clock, the day before
