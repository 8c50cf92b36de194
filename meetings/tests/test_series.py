"""Repeating series: meetings made from a stored rule in the creator's wall-clock time, one
moved or skipped, the series changed from a given day on."""

from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from meetings import services
from meetings.models import Meeting, Series
from meetings.services import Repeat, occurrences

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def tuesday_at_five(day: date) -> datetime:
    while day.weekday() != 1:
        day += timedelta(days=1)
    return datetime.combine(day, time(17), tzinfo=STOCKHOLM)


@pytest.fixture
def year(running):
    """A programme over a whole year, with both changes of summer time in it."""
    running.starts_on, running.ends_on = date(2027, 1, 1), date(2027, 12, 31)
    running.save()
    return running


def test_every_other_tuesday_at_five_stays_at_five_across_summer_time(year, pair):
    _match, mentor, mentee = pair
    first = tuesday_at_five(date(2027, 3, 1))

    series = services.series_create(
        member=mentee,
        repeat=Repeat(starts_at=first, repeat="fortnightly", until=date(2027, 5, 31)),
        minutes=60,
        format="video",
    )

    starts = [m.starts_at.astimezone(STOCKHOLM) for m in series.meetings.order_by("starts_at")]
    assert len(starts) == 7
    assert {(s.weekday(), s.hour, s.minute) for s in starts} == {(1, 17, 0)}
    assert all(
        b - a in (timedelta(days=14), timedelta(days=14, hours=-1)) for a, b in pairwise(starts)
    )
    assert series.rule == "FREQ=WEEKLY;INTERVAL=2"
    assert {m.status for m in series.meetings.all()} == {Meeting.Status.PROPOSED}
    meeting = series.meetings.first()
    services.meeting_accept(member=mentor, meeting=meeting, whole_series=True)
    assert {m.status for m in series.meetings.all()} == {Meeting.Status.PLANNED}


def test_the_rule_is_expanded_by_dateutil_not_by_hand():
    found = occurrences(
        "FREQ=MONTHLY;INTERVAL=1",
        datetime(2027, 1, 31, 9, tzinfo=STOCKHOLM),
        "Europe/Stockholm",
        date(2027, 6, 30),
    )
    # The 31st exists in January, March and May only: RFC 5545 skips the others.
    assert [d.month for d in found] == [1, 3, 5]


def test_a_series_needs_an_end_within_the_programme(year, pair):
    _match, _mentor, mentee = pair
    first = tuesday_at_five(date(2027, 3, 1))

    with pytest.raises(ValidationError, match="until when"):
        services.series_create(
            member=mentee, repeat=Repeat(first, "weekly", None), minutes=60, format="video"
        )
    with pytest.raises(ValidationError, match="the series must end by then"):
        services.series_create(
            member=mentee,
            repeat=Repeat(first, "weekly", date(2028, 3, 1)),
            minutes=60,
            format="video",
        )
    with pytest.raises(ValidationError, match="ends before its first meeting"):
        services.series_create(
            member=mentee,
            repeat=Repeat(first, "weekly", date(2027, 2, 1)),
            minutes=60,
            format="video",
        )
    assert not Series.objects.exists()


def test_one_meeting_moved_and_one_skipped_keep_their_place_in_the_series(year, pair):
    _match, _mentor, mentee = pair
    first = tuesday_at_five(date(2027, 3, 1))
    series = services.series_create(
        member=mentee, repeat=Repeat(first, "weekly", date(2027, 3, 31)), minutes=60, format="video"
    )
    second, third = list(series.meetings.order_by("starts_at"))[1:3]

    moved = services.occurrence_move(
        member=mentee, meeting=second, starts_at=second.starts_at + timedelta(days=1, hours=1)
    )
    skipped = services.occurrence_skip(member=mentee, meeting=third)

    assert moved.occurrence == second.occurrence and moved.starts_at != moved.occurrence
    assert moved.series_id == series.pk and moved.sequence == 1
    assert skipped.status == Meeting.Status.CANCELLED and skipped.occurrence == third.occurrence


def test_the_series_changed_from_a_day_on(year, pair):
    _match, _mentor, mentee = pair
    first = tuesday_at_five(date(2027, 3, 1))
    old = services.series_create(
        member=mentee, repeat=Repeat(first, "weekly", date(2027, 4, 30)), minutes=60, format="video"
    )
    change_on = date(2027, 4, 1)
    thursdays = datetime(2027, 4, 1, 8, tzinfo=STOCKHOLM)

    new = services.series_change_from(
        member=mentee,
        series=old,
        from_day=change_on,
        repeat=Repeat(thursdays, "fortnightly", date(2027, 4, 30)),
        minutes=90,
        format="in_person",
        place="Café Blom",
    )

    old.refresh_from_db()
    assert old.until == date(2027, 3, 31) and old.sequence == 1
    kept = old.meetings.exclude(status=Meeting.Status.CANCELLED)
    assert all(m.starts_at.astimezone(STOCKHOLM).date() < change_on for m in kept)
    assert old.meetings.filter(status=Meeting.Status.CANCELLED).count() == 4
    assert [
        m.starts_at.astimezone(STOCKHOLM).date() for m in new.meetings.order_by("starts_at")
    ] == [date(2027, 4, 1), date(2027, 4, 15), date(2027, 4, 29)]


def test_a_series_is_planned_from_the_page_in_the_members_time_zone(client, year, pair):
    from django.urls import reverse

    match, _mentor, mentee = pair
    user = mentee.enrolment.user
    user.time_zone = "America/New_York"
    user.save()
    client.force_login(user)

    response = client.post(
        reverse("meetings:series_new", args=[match.pk]),
        {
            "day": "2027-03-02",
            "start": "17:00",
            "repeat": "weekly",
            "until": "2027-03-23",
            "minutes": "60",
            "format": "video",
        },
    )

    assert response.status_code == 302
    series = Series.objects.get()
    assert series.time_zone == "America/New_York"
    local = [m.starts_at.astimezone(ZoneInfo("America/New_York")) for m in series.meetings.all()]
    assert {(m.hour, m.minute) for m in local} == {(17, 0)} and len(local) == 4


def test_a_meeting_at_a_time_summer_time_skips_stays_in_the_series_calendar(year, pair):
    import icalendar
    import recurring_ical_events

    from meetings.calendar import Reader, members_of, series_ics

    _match, _mentor, mentee = pair
    start = datetime(2027, 3, 14, 2, 30, tzinfo=STOCKHOLM)  # 28 March 02:30 does not exist

    series = services.series_create(
        member=mentee, repeat=Repeat(start, "weekly", date(2027, 4, 30)), minutes=60, format="video"
    )

    meetings = list(series.meetings.order_by("starts_at"))
    ics = series_ics(series, meetings, Reader(member=mentee, members=members_of(series.match_id)))
    expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(ics)).between(
        datetime(2027, 1, 1), datetime(2028, 1, 1)
    )
    assert len(expanded) == len(meetings) == 7
    # As moments (a skipped wall-clock time compares unequal to everything in Python).
    assert sorted(e["DTSTART"].dt.timestamp() for e in expanded) == [
        m.starts_at.timestamp() for m in meetings
    ]
