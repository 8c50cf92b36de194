"""Answering an event: places up to the capacity, then a first-come wait-list."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.tests.factories import UserFactory
from events.models import RSVP
from events.selectors import waitlist_position
from events.services import event_capacity_check, event_fill_places, rsvp_respond
from events.tests.factories import EventFactory
from programs.models import Audience, Enrolment
from programs.tests.factories import participants

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(programme):
    return EventFactory(programme=programme, title="Kick-off evening", capacity=2)


def answer(event, person, going=True) -> RSVP:
    return rsvp_respond(event=event, user=person, going=going)


def test_people_get_seats_until_the_event_is_full_then_join_the_wait_list(event, programme):
    first, second, third, fourth = participants(programme, 4)

    answers = [answer(event, person) for person in (first, second, third, fourth)]

    assert [(a.status, a.seat) for a in answers] == [
        ("going", 1),
        ("going", 2),
        ("waitlisted", None),
        ("waitlisted", None),
    ]
    assert [waitlist_position(a) for a in answers[2:]] == [1, 2]


def test_answering_going_twice_keeps_the_seat_or_the_queue_place(event, programme):
    first, second, third = participants(programme, 3)
    answer(event, first)
    answer(event, second)
    queued = answer(event, third)

    assert answer(event, first).seat == 1
    again = answer(event, third)
    assert (again.status, again.answered_at) == ("waitlisted", queued.answered_at)


def test_cancelling_gives_the_place_to_the_first_on_the_wait_list_and_emails_them(
    event, programme, mailoutbox, django_capture_on_commit_callbacks
):
    going, leaving = participants(programme, 2)
    first_in_line, second_in_line = participants(programme, 2)
    for person in (going, leaving, first_in_line, second_in_line):
        answer(event, person)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        answer(event, leaving, going=False)

    statuses = dict(RSVP.objects.filter(event=event).values_list("user", "status"))
    assert statuses == {
        going.pk: "going",
        leaving.pk: "not_going",
        first_in_line.pk: "going",
        second_in_line.pk: "waitlisted",
    }
    assert RSVP.objects.get(user=first_in_line).seat == 2  # the seat that came free
    assert waitlist_position(RSVP.objects.get(user=second_in_line)) == 1
    [email] = mailoutbox
    assert email.to == [first_in_line.email]
    assert "Kick-off evening" in email.subject
    assert "A place came free" in email.subject
    assert f"/events/{event.pk}/" in email.body
    assert f"/events/{event.pk}/event.ics" in email.body
    html = email.alternatives[0][0]
    assert "Kick-off evening" in html


def test_the_place_offered_email_follows_the_recipients_language_and_time_zone(
    programme, mailoutbox, django_capture_on_commit_callbacks
):
    # A Saturday at 08:00 UTC is 10:00 in Stockholm in summer. Django's own Swedish
    # catalogue names the day, so this holds before our catalogue is translated.
    starts = timezone.now().replace(
        year=timezone.now().year + 1, month=6, day=1, hour=8, minute=0, second=0, microsecond=0
    )
    while starts.weekday() != 5:
        starts += timedelta(days=1)
    event = EventFactory(programme=programme, capacity=1, title="Mingel", starts_at=starts)
    [leaving] = participants(programme, 1)
    [swede] = participants(programme, 1, preferred_language="sv", time_zone="Europe/Stockholm")
    answer(event, leaving)
    answer(event, swede)

    with django_capture_on_commit_callbacks(execute=True):
        answer(event, leaving, going=False)

    [email] = [m for m in mailoutbox if m.to == [swede.email]]
    assert "Mingel" in email.subject
    assert "lördag" in email.body
    assert "10:00" in email.body
    assert f"/events/{event.pk}/" in email.body


def test_going_sends_a_confirmation(
    event, programme, mailoutbox, django_capture_on_commit_callbacks
):
    [person] = participants(programme, 1)

    with django_capture_on_commit_callbacks(execute=True):
        answer(event, person)

    [email] = mailoutbox
    assert email.to == [person.email]
    assert email.subject == "[Mentorship] You are going: Kick-off evening"
    assert "Room 1, Town Hall" in email.body


def test_no_email_is_sent_when_the_answer_rolls_back(
    event, programme, mailoutbox, django_capture_on_commit_callbacks
):
    [person] = participants(programme, 1)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer(event, person)

    assert len(callbacks) == 1  # queued for after the commit, not sent in the transaction
    assert mailoutbox == []


def test_leaving_the_wait_list_moves_nobody(event, programme, mailoutbox):
    people = participants(programme, 3)
    for person in people:
        answer(event, person)

    answer(event, people[2], going=False)

    assert RSVP.objects.filter(event=event, status="going").count() == 2
    assert RSVP.objects.get(user=people[2]).status == "not_going"


@pytest.mark.parametrize("role, audience", [("mentor", Audience.MENTEES), ("mentee", "mentor")])
def test_a_participant_of_another_role_cannot_answer(programme, role, audience):
    event = EventFactory(programme=programme, audience=audience)
    [person] = participants(programme, 1, role=role)

    with pytest.raises(ValidationError):
        answer(event, person)


def test_outsiders_coordinators_and_paused_participants_cannot_answer(
    event, programme, outsider, coordinator
):
    [paused] = participants(programme, 1)
    Enrolment.objects.filter(user=paused).update(status=Enrolment.Status.PAUSED)

    for person in (outsider, coordinator, paused):
        with pytest.raises(ValidationError):
            answer(event, person)
    assert not RSVP.objects.exists()


def test_nobody_answers_a_past_event(programme):
    event = EventFactory(programme=programme, starts_at=timezone.now() - timedelta(days=2))
    [person] = participants(programme, 1)

    with pytest.raises(ValidationError, match="This event is over"):
        answer(event, person)


def test_the_capacity_cannot_go_below_the_people_going(event, programme):
    for person in participants(programme, 2):
        answer(event, person)

    with pytest.raises(ValidationError, match="2 people are already going"):
        event_capacity_check(event=event, capacity=1)
    event_capacity_check(event=event, capacity=2)


@pytest.mark.parametrize(
    ("going", "swedish"),
    [
        (1, "1 person har redan anmält sig, så antalet platser kan inte vara lägre än 1."),
        (2, "2 personer har redan anmält sig, så antalet platser kan inte vara lägre än 2."),
    ],
)
def test_the_capacity_message_counts_people_in_good_swedish(event, programme, going, swedish):
    for person in participants(programme, going):
        answer(event, person)

    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        event_capacity_check(event=event, capacity=0)

    assert refused.value.messages[0].startswith(swedish)


def test_a_larger_capacity_serves_the_wait_list(event, programme, mailoutbox):
    people = participants(programme, 4)
    for person in people:
        answer(event, person)

    event.capacity = 3
    event.save()
    promoted = event_fill_places(event=event)

    assert [r.user for r in promoted] == [people[2]]
    assert RSVP.objects.get(user=people[2]).seat == 3
    assert RSVP.objects.get(user=people[3]).status == "waitlisted"


def test_a_smaller_capacity_moves_high_seats_down(event, programme):
    event.capacity = 3
    event.save()
    people = participants(programme, 3)
    for person in people:
        answer(event, person)
    answer(event, people[0], going=False)  # seat 1 comes free; seat 3 is still taken

    event.capacity = 2
    event.save()
    event_fill_places(event=event)

    assert sorted(RSVP.objects.filter(event=event).exclude(seat=None).values_list("seat")) == [
        (1,),
        (2,),
    ]
    newcomer = UserFactory()
    Enrolment.objects.create(programme=programme, user=newcomer, role="mentee")
    assert answer(event, newcomer).status == "waitlisted"


def test_a_confirmation_queued_before_a_change_of_mind_is_not_sent(
    event, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    """The worker looks again: by the time it runs, the person may no longer be going."""
    with django_capture_on_commit_callbacks(execute=False) as queued:
        rsvp_respond(event=event, user=mentee, going=True)
    rsvp_respond(event=event, user=mentee, going=False)

    for callback in queued:
        callback()  # the confirmation task runs late

    assert mailoutbox == []


def test_going_again_after_a_change_of_mind_is_confirmed_once(
    event, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    """Going, not going, going again before the worker ran: one confirmation, not two."""
    with django_capture_on_commit_callbacks(execute=False) as queued:
        rsvp_respond(event=event, user=mentee, going=True)
        rsvp_respond(event=event, user=mentee, going=False)
        rsvp_respond(event=event, user=mentee, going=True)

    for callback in queued:
        callback()

    assert len(mailoutbox) == 1
