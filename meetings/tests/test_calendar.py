"""Meetings in people's calendars: the files parse back, one UID per meeting or series for
its whole life, SEQUENCE rises with each change, a cancellation is METHOD:CANCEL, and a
series expanded as calendar programs expand it (recurring-ical-events) is exactly the
meetings in the database — after a move and a skip, across a change to summer time."""

import zoneinfo
from datetime import UTC, timedelta

import icalendar
import pytest
import recurring_ical_events
from django.utils import timezone

from meetings import calendar, services
from meetings.models import AgendaItem, Meeting
from meetings.services import Repeat

from .conftest import at

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def invitation(mail) -> tuple[str, icalendar.Calendar]:
    """The calendar an e-mail carries: its MIME type and the parsed file."""
    (filename, content, mimetype) = mail.attachments[0]
    assert filename.endswith(".ics") and len(mail.attachments) == 1
    # The same calendar also travels as the message's last alternative (for Outlook).
    assert mail.alternatives[-1][1] == mimetype and mail.alternatives[-1][0] == content
    return mimetype, icalendar.Calendar.from_ical(content)


def mails_to(mailoutbox, member) -> list:
    return [m for m in mailoutbox if m.to == [member.enrolment.user.email]]


def reader(match, member) -> calendar.Reader:
    return calendar.Reader(member=member, members=calendar.members_of(match.pk))


def only_event(calendar: icalendar.Calendar) -> icalendar.Event:
    (event,) = calendar.walk("VEVENT")
    return event


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Do something as the pages do: its e-mails go out after the commit."""

    def run(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    return run


def test_an_update_keeps_the_uid_and_raises_the_sequence_and_a_cancellation_cancels(
    soon, pair, mailoutbox, run
):
    _match, mentor, mentee = pair
    meeting = run(
        services.meeting_propose,
        member=mentee,
        starts_at=at(soon, 40),
        minutes=60,
        format="in_person",
        place="Café Blom",
    )
    run(services.meeting_accept, member=mentor, meeting=meeting)
    run(
        services.meeting_change,
        member=mentee,
        meeting=meeting,
        starts_at=at(soon, 41),
        minutes=90,
        format="in_person",
        place="Café Blom",
    )
    run(services.meeting_cancel, member=mentor, meeting=meeting, reason="Ill")

    sent = [invitation(m) for m in mails_to(mailoutbox, mentor)]
    methods = [(mimetype, cal["METHOD"]) for mimetype, cal in sent]
    events = [only_event(cal) for _mimetype, cal in sent]
    assert methods == [
        ("text/calendar; method=REQUEST", "REQUEST"),  # proposed
        ("text/calendar; method=REQUEST", "REQUEST"),  # planned
        ("text/calendar; method=REQUEST", "REQUEST"),  # changed
        ("text/calendar; method=CANCEL", "CANCEL"),  # cancelled
    ]
    assert {str(e["UID"]) for e in events} == {f"meeting-{meeting.pk}@127.0.0.1"}
    assert [e["SEQUENCE"] for e in events] == [0, 1, 2, 3]
    assert [str(e["STATUS"]) for e in events] == [
        "TENTATIVE",
        "CONFIRMED",
        "TENTATIVE",
        "CANCELLED",
    ]
    assert events[1].start == at(soon, 40) and events[1].end == at(soon, 40) + timedelta(hours=1)
    assert events[2].start == at(soon, 41) and events[2].duration == timedelta(minutes=90)
    assert str(events[0]["LOCATION"]) == "Café Blom"
    # Adam's calendar had it since it was planned, so it is updated too, change and
    # cancellation alike (he made the change himself).
    adams = [invitation(m)[1] for m in mails_to(mailoutbox, mentee)]
    assert [(c["METHOD"], only_event(c)["SEQUENCE"]) for c in adams] == [
        ("REQUEST", 1),
        ("REQUEST", 2),
        ("CANCEL", 3),
    ]


def test_someone_who_never_had_the_meeting_is_not_sent_its_cancellation(
    soon, pair, mailoutbox, run
):
    _match, mentor, mentee = pair
    meeting = run(
        services.meeting_propose, member=mentee, starts_at=at(soon, 40), minutes=60, format="video"
    )
    run(services.meeting_cancel, member=mentee, meeting=meeting)

    assert mails_to(mailoutbox, mentee) == []
    assert [invitation(m)[1]["METHOD"] for m in mails_to(mailoutbox, mentor)] == [
        "REQUEST",
        "CANCEL",
    ]


def test_an_invitation_names_its_reader_and_no_address_the_others_did_not_share(
    soon, pair, mailoutbox, run, settings
):
    settings.DEFAULT_FROM_EMAIL = "Mentorship <mentorship@example.org>"
    _match, mentor, mentee = pair
    meeting = run(
        services.meeting_propose, member=mentee, starts_at=at(soon, 40), minutes=60, format="video"
    )
    (mail,) = mailoutbox
    event = only_event(invitation(mail)[1])

    attendees = {str(a): a.params for a in event["ATTENDEE"]}
    mine = attendees.pop(f"mailto:{mentor.enrolment.user.email}")
    ((adams_address, adams),) = attendees.items()
    assert (mine["CN"], mine["PARTSTAT"], mine["RSVP"]) == ("Maja Mentor", "NEEDS-ACTION", "FALSE")
    assert adams_address.startswith("urn:uuid:")
    assert (adams["CN"], adams["PARTSTAT"]) == ("Adam Adept", "ACCEPTED")
    assert mentee.enrolment.user.email not in mail.attachments[0][1]
    assert str(event["ORGANIZER"]) == "mailto:mentorship@example.org"
    assert event["ORGANIZER"].params["CN"] == "Adam Adept"
    assert str(event["SUMMARY"]) == "Meeting with Adam Adept · Leaders 2027"

    # Once Adam shares his address with the relationship, the invitations carry it.
    mentee.shares_email = True
    mentee.save()
    run(services.meeting_accept, member=mentor, meeting=meeting)
    planned = only_event(invitation(mails_to(mailoutbox, mentor)[-1])[1])
    addresses = {str(a) for a in planned["ATTENDEE"]}
    assert f"mailto:{mentee.enrolment.user.email}" in addresses


def test_the_invitation_speaks_the_readers_language(soon, pair, mailoutbox, run):
    _match, mentor, mentee = pair
    user = mentor.enrolment.user
    user.preferred_language = "sv"
    user.save()

    run(services.meeting_propose, member=mentee, starts_at=at(soon, 40), minutes=60, format="video")

    event = only_event(invitation(mailoutbox[0])[1])
    assert str(event["SUMMARY"]) == "Möte med Adam Adept · Leaders 2027"
    assert "Hur: Video" in str(event["DESCRIPTION"])


def test_the_description_links_the_meeting_and_carries_its_agenda(client, soon, pair):
    match, _mentor, mentee = pair
    meeting = services.meeting_propose(
        member=mentee, starts_at=at(soon, 40), minutes=60, format="video"
    )
    AgendaItem.objects.create(meeting=meeting, author=mentee, text="My first <team> meeting")
    client.force_login(mentee.enrolment.user)

    response = client.get(f"/relationships/{match.pk}/meetings/{meeting.pk}/calendar.ics")

    event = only_event(icalendar.Calendar.from_ical(response.content))
    description = str(event["DESCRIPTION"])
    assert "- My first <team> meeting" in description
    assert f"http://127.0.0.1:8000/relationships/{match.pk}/meetings/{meeting.pk}/" in description
    assert "ATTENDEE" not in event and "mentor@" not in response.text


def series_for(member, programme, **values):
    return services.series_create(
        member=member,
        repeat=Repeat(
            starts_at=values.pop("starts_at", at(programme, 31)),
            repeat=values.pop("repeat", "weekly"),
            until=values.pop("until", programme.starts_on + timedelta(days=320)),
        ),
        minutes=60,
        format="video",
        place="https://meet.example.org/adam",
        **values,
    )


def expanded(content: bytes) -> set[tuple]:
    """(start, end, status) of every meeting a calendar program shows for this file."""
    calendar = icalendar.Calendar.from_ical(content)
    shown = recurring_ical_events.of(calendar).between(
        timezone.now() - timedelta(days=400), timezone.now() + timedelta(days=800)
    )
    return {(e.start.astimezone(UTC), e.end.astimezone(UTC), str(e["STATUS"])) for e in shown}


def in_database(series) -> set[tuple]:
    status = {"proposed": "TENTATIVE", "planned": "CONFIRMED"}
    return {
        (m.starts_at, m.ends_at, status[m.status])
        for m in series.meetings.filter(status__in=Meeting.UPCOMING)
    }


def test_the_expanded_series_is_the_meetings_in_the_database(client, soon, pair, run):
    match, mentor, mentee = pair
    series = run(series_for, member=mentee, programme=soon)
    meetings = list(series.meetings.order_by("occurrence"))
    moved, skipped, accepted = meetings[3], meetings[5], meetings[7]
    run(
        services.occurrence_move,
        member=mentee,
        meeting=moved,
        starts_at=moved.starts_at + timedelta(days=1, hours=2),
    )
    run(services.occurrence_skip, member=mentor, meeting=skipped)
    run(services.meeting_accept, member=mentor, meeting=accepted)
    client.force_login(mentor.enrolment.user)

    response = client.get(f"/relationships/{match.pk}/meetings/series/{series.pk}/calendar.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    shown = expanded(response.content)
    assert shown == in_database(series)
    assert len(shown) == len(meetings) - 1  # the skipped one is gone
    moved.refresh_from_db()
    assert (moved.starts_at, moved.ends_at, "TENTATIVE") in shown
    accepted.refresh_from_db()
    assert (accepted.starts_at, accepted.ends_at, "CONFIRMED") in shown
    # 17:00 in Stockholm all year, on both sides of a change to or from summer time.
    local = {start.astimezone(STOCKHOLM) for start, _end, _status in shown} - {
        moved.starts_at.astimezone(STOCKHOLM)
    }
    assert {(t.hour, t.minute) for t in local} == {(17, 0)}
    assert {t.utcoffset() for t in local} == {timedelta(hours=1), timedelta(hours=2)}

    calendar = icalendar.Calendar.from_ical(response.content)
    master, *overrides = calendar.walk("VEVENT")
    assert str(master["UID"]) == f"series-{series.pk}@127.0.0.1" and "RRULE" in master
    assert str(master["DTSTART"].params["TZID"]) == "Europe/Stockholm"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    assert [d.dt for d in master["EXDATE"].dts] == [skipped.occurrence]
    assert {o["RECURRENCE-ID"].dt for o in overrides} == {moved.occurrence, accepted.occurrence}
    assert {str(o["UID"]) for o in overrides} == {str(master["UID"])}


def test_one_meeting_of_a_series_is_the_series_entry_at_its_recurrence_id(
    soon, pair, mailoutbox, run
):
    _match, mentor, mentee = pair
    series = run(series_for, member=mentee, programme=soon)
    meeting = series.meetings.order_by("occurrence")[2]
    mailoutbox.clear()

    run(
        services.occurrence_move,
        member=mentee,
        meeting=meeting,
        starts_at=meeting.starts_at + timedelta(hours=1),
    )
    run(services.occurrence_skip, member=mentee, meeting=meeting)

    changed, cancelled = (invitation(m)[1] for m in mails_to(mailoutbox, mentor))
    for sent in (changed, cancelled):
        event = only_event(sent)
        assert str(event["UID"]) == f"series-{series.pk}@127.0.0.1"
        assert event["RECURRENCE-ID"].dt == meeting.occurrence
        assert str(event["RECURRENCE-ID"].params["TZID"]) == "Europe/Stockholm"
    assert cancelled["METHOD"] == "CANCEL"
    assert only_event(cancelled)["SEQUENCE"] > only_event(changed)["SEQUENCE"]
    assert only_event(changed).start == meeting.starts_at + timedelta(hours=1)


def test_accepting_a_whole_series_sends_one_invitation_for_it(soon, pair, mailoutbox, run):
    _match, mentor, mentee = pair
    series = run(series_for, member=mentee, programme=soon, until=soon.starts_on + timedelta(90))
    (proposed,) = mailoutbox
    assert "RRULE" in only_event(invitation(proposed)[1])
    mailoutbox.clear()

    run(
        services.meeting_accept,
        member=mentor,
        meeting=series.meetings.first(),
        whole_series=True,
    )

    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [mentor.enrolment.user.email, mentee.enrolment.user.email]
    )
    calendar = invitation(mailoutbox[0])[1]
    master = only_event(calendar)  # every meeting as the rule says: no override
    assert (str(master["STATUS"]), master["SEQUENCE"]) == ("CONFIRMED", 1)
    assert in_database(series) == expanded(calendar.to_ical())


def test_a_series_changed_from_a_day_cancels_the_old_times_it_took_away(
    soon, pair, mailoutbox, run
):
    match, mentor, mentee = pair
    series = run(series_for, member=mentee, programme=soon, until=soon.starts_on + timedelta(120))
    from_day = soon.starts_on + timedelta(days=60)
    taken_away = list(series.meetings.filter(starts_at__date__gte=from_day))
    mailoutbox.clear()

    new = run(
        services.series_change_from,
        member=mentee,
        series=series,
        from_day=from_day,
        repeat=Repeat(
            starts_at=at(soon, 62, hour=8),
            repeat="fortnightly",
            until=soon.starts_on + timedelta(120),
        ),
        minutes=45,
        format="phone",
    )

    shortened, proposed = sorted(
        mails_to(mailoutbox, mentor), key=lambda m: "proposes" in m.subject
    )
    mimetype, cancel = invitation(shortened)
    assert mimetype == "text/calendar; method=CANCEL"
    assert {e["RECURRENCE-ID"].dt for e in cancel.walk("VEVENT")} == {
        m.occurrence for m in taken_away
    }
    assert {str(e["STATUS"]) for e in cancel.walk("VEVENT")} == {"CANCELLED"}
    series.refresh_from_db()
    old = calendar.series_ics(series, series.meetings.all(), reader(match, mentor))
    assert expanded(old) == in_database(series)
    assert all(m.starts_at.date() < from_day for m in series.meetings.filter(status="proposed"))
    new_calendar = invitation(proposed)[1]
    assert str(only_event(new_calendar)["UID"]) == f"series-{new.pk}@127.0.0.1"
    assert expanded(new_calendar.to_ical()) == in_database(new)
