"""Planning a meeting: proposed, accepted, changed, cancelled, marked held or missed, or
logged in one step; every refusal in words."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Meeting

from .conftest import at

pytestmark = pytest.mark.django_db


def url(name, match, meeting=None):
    kwargs = {"pk": match.pk} if meeting is None else {"pk": match.pk, "meeting": meeting.pk}
    return reverse(f"meetings:{name}", kwargs=kwargs)


def test_a_proposed_meeting_is_planned_once_the_other_accepts(
    soon, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_propose(
            member=mentee,
            starts_at=at(soon, 40),
            minutes=60,
            format="video",
            place="https://meet.example.org/x",
        )
    assert meeting.status == Meeting.Status.PROPOSED
    assert [m.to for m in mailoutbox] == [[mentor.enrolment.user.email]]

    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_accept(member=mentor, meeting=meeting)

    assert meeting.status == Meeting.Status.PLANNED and meeting.sequence == 1
    assert len(mailoutbox) == 3  # the proposal, then "planned" to both


def test_the_pages_plan_answer_and_mark_a_meeting(client, soon, pair):
    match, mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    day = (soon.starts_on + timedelta(days=40)).isoformat()

    response = client.post(
        url("new", match),
        {
            "day": day,
            "start": "17:00",
            "minutes": "60",
            "format": "in_person",
            "place": "Café Blom",
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == url("detail", match, meeting)
    assert "Café Blom" in client.get(url("detail", match, meeting)).text
    client.force_login(mentor.enrolment.user)
    client.post(url("accept", match, meeting))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert "Café Blom" in client.get(url("list", match)).text
    workspace = client.get(reverse("relationships:workspace", args=[match.pk])).text
    assert "Café Blom" in workspace


def test_refusals_are_in_words_and_keep_what_was_typed(client, soon, pair):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    before = (soon.starts_on - timedelta(days=1)).isoformat()

    early = client.post(
        url("new", match),
        {
            "day": before,
            "start": "17:00",
            "minutes": "60",
            "format": "video",
            "place": "Kept place",
        },
    )
    short = client.post(
        url("new", match),
        {
            "day": timezone.localdate().isoformat(),
            "start": "17:00",
            "minutes": "5",
            "format": "video",
        },
    )
    bad_day = client.post(
        url("new", match), {"day": "2027-02-30", "start": "25:00", "minutes": "²", "format": "x"}
    )

    assert "The programme starts on" in early.text and "Kept place" in early.text
    assert "A meeting lasts between 15 minutes and 8 hours." in short.text
    assert "Enter a real date" in bad_day.text and "Enter a time" in bad_day.text
    assert not Meeting.objects.exists()


def test_held_missed_and_logged(soon, pair):
    _match, mentor, mentee = pair
    past = timezone.now() - timedelta(days=2)
    meeting = services.meeting_propose(member=mentee, starts_at=past, minutes=60, format="phone")
    services.meeting_accept(member=mentor, meeting=meeting)

    assert services.meeting_held(member=mentor, meeting=meeting, minutes=75).held_minutes == 75
    assert services.meeting_missed(member=mentee, meeting=meeting).status == Meeting.Status.MISSED
    logged = services.meeting_log(
        member=mentee, starts_at=past - timedelta(days=7), minutes=90, format="in_person"
    )
    assert (logged.status, logged.held_minutes) == (Meeting.Status.HELD, 90)
    with pytest.raises(ValidationError, match="already taken place"):
        services.meeting_log(
            member=mentee, starts_at=timezone.now() + timedelta(days=1), minutes=60, format="video"
        )
    future = services.meeting_propose(
        member=mentee, starts_at=at(soon, 60), minutes=60, format="video"
    )
    with pytest.raises(ValidationError, match="not started yet"):
        services.meeting_held(member=mentee, meeting=future)


def test_a_change_is_told_to_the_others_never_to_its_maker(
    soon, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_propose(
            member=mentee, starts_at=at(soon, 40), minutes=60, format="video", place="A"
        )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_change(
            member=mentor,
            meeting=meeting,
            starts_at=meeting.starts_at,
            minutes=60,
            format="in_person",
            place="Café Blom",
        )
        services.meeting_change(
            member=mentor,
            meeting=meeting,
            starts_at=meeting.starts_at,
            minutes=60,
            format="in_person",
            place="Café Linné",
        )

    # Adam is told of each change, once each. Maja, who made them, gets them too only
    # because her calendar holds the meeting from the proposal e-mail, and must update.
    sent = [m.to[0] for m in mailoutbox]
    assert sent.count(mentee.enrolment.user.email) == 2
    assert sent.count(mentor.enrolment.user.email) == 2
