"""Meetings as iCalendar (RFC 5545), sent and published as RFC 5546 says, so that a
person's calendar program updates its entry instead of adding a second one.

- **One UID for a meeting's whole life**: ``meeting-<pk>@<host>``; every meeting of a series
  shares the series' ``series-<pk>@<host>`` and is told apart by its RECURRENCE-ID, the
  start the series' rule gave it (``Meeting.occurrence``), which it keeps when it moves.
- **SEQUENCE** rises with every significant change: ``Series.sequence`` for a series (the
  master entry), ``Series.sequence + Meeting.sequence`` for one of its meetings (it changes
  when either does), ``Meeting.sequence`` for a meeting on its own.
- **A series** is one VEVENT with an RRULE ending (UNTIL) with the series, its DTSTART in
  the series' time zone with a VTIMEZONE, so 17:00 stays 17:00 across summer time; EXDATE
  for the times it does not meet (skipped, cancelled, or not shown to this reader), and a
  VEVENT with RECURRENCE-ID for each meeting that differs from what the rule says (moved,
  another length or place, another status, an agenda of its own).
- **Methods**: an invitation by e-mail is METHOD:REQUEST, a cancellation METHOD:CANCEL, both
  with ORGANIZER and ATTENDEE; a download or the personal feed is METHOD:PUBLISH and names
  no attendee.

The ORGANIZER is the site's own address (``DEFAULT_FROM_EMAIL``) with the proposer's name
as CN: the proposer's address is theirs to share, and answers are given on the site, so
nothing should go to them from a calendar program.

ATTENDEE needs a calendar address (a URI). The reader of an invitation is an ATTENDEE with
their own ``mailto:`` (Gmail and Outlook show an invitation as theirs only when it names
them). Another member is listed by name (CN) with ``mailto:`` only if they share their
e-mail address with the relationship; otherwise with an opaque ``urn:uuid:`` made from
the site and their membership, which RFC 5545 allows (CAL-ADDRESS is any URI) and which
gives nothing away. Calendar programs show such an attendee by name (Apple, Outlook) or
leave them out (Google); nobody's calendar ever writes to that address. Every member is
RSVP=FALSE: the answer that counts is the one on the site.

Texts (SUMMARY, DESCRIPTION) speak the active language: the caller renders in the
reader's (``notifications.emails.send`` does for e-mails; the feed in the owner's).
"""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.emails import absolute_url, site_host
from relationships.models import MatchMember

from .models import Meeting, Response, Series
from .services import occurrences

PUBLISH, REQUEST, CANCEL = "PUBLISH", "REQUEST", "CANCEL"
PRODID = "-//Mentorship//Meetings//EN"

STATUS = {
    Meeting.Status.PROPOSED: "TENTATIVE",
    Meeting.Status.PLANNED: "CONFIRMED",
    # It happened, or was planned and then did not: either way the entry stays as it was.
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.MISSED: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


@dataclass(frozen=True)
class Reader:
    """Whom a calendar is for: their membership and the relationship's members (with their
    users), and how it reaches them (``PUBLISH``, ``REQUEST`` or ``CANCEL``)."""

    member: MatchMember
    members: Sequence[MatchMember]
    method: str = PUBLISH

    @property
    def invitation(self) -> bool:
        return self.method != PUBLISH

    def others(self) -> list[MatchMember]:
        """The other members: those still in it, or everyone once the relationship ended."""
        others = [m for m in self.members if m.pk != self.member.pk]
        current = [m for m in others if m.current]
        return current if current or self.member.current else others


def members_of(match_id: int) -> list[MatchMember]:
    return list(MatchMember.objects.filter(match_id=match_id).select_related("enrolment__user"))


def meeting_uid(meeting: Meeting) -> str:
    if meeting.series_id:
        return f"series-{meeting.series_id}@{site_host()}"
    return f"meeting-{meeting.pk}@{site_host()}"


def series_uid(series: Series) -> str:
    return f"series-{series.pk}@{site_host()}"


def new_calendar(method: str, prodid: str = PRODID) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def to_ics(calendar: icalendar.Calendar) -> bytes:
    calendar.add_missing_timezones()  # a VTIMEZONE for each TZID used (the series')
    return calendar.to_ical()


# --- One meeting ----------------------------------------------------------------------------


def meeting_component(meeting: Meeting, reader: Reader) -> icalendar.Event:
    """The meeting as one VEVENT. A meeting of a series is that series' entry at this
    RECURRENCE-ID, in the series' time zone."""
    entry = icalendar.Event()
    entry.add("uid", meeting_uid(meeting))
    if meeting.series_id:
        series = meeting.series
        zone = zoneinfo.ZoneInfo(series.time_zone)
        entry.add("recurrence-id", meeting.occurrence.astimezone(zone))
        entry.add("sequence", series.sequence + meeting.sequence)
    else:
        zone = UTC
        entry.add("sequence", meeting.sequence)
    _stamp(entry, meeting.created_at, meeting.updated_at)
    entry.add("dtstart", meeting.starts_at.astimezone(zone))
    entry.add("dtend", meeting.ends_at.astimezone(zone))
    entry.add("status", STATUS[meeting.status])
    _facts(
        entry,
        reader,
        format_display=meeting.get_format_display(),
        place=meeting.place,
        agenda=[item.text for item in meeting.agenda.all()],
        url=reverse("meetings:detail", kwargs={"pk": meeting.match_id, "meeting": meeting.pk}),
        link_text=_("The meeting and its agenda"),
    )
    _people(
        entry, reader, proposer_id=meeting.proposed_by_id, accepted=_accepted_by(meeting, reader)
    )
    return entry


def meeting_ics(meeting: Meeting, reader: Reader) -> bytes:
    """A download (PUBLISH), an invitation (REQUEST) or its cancellation (CANCEL)."""
    calendar = new_calendar(reader.method)
    calendar.add_component(meeting_component(meeting, reader))
    return to_ics(calendar)


def _accepted_by(meeting: Meeting, reader: Reader) -> set[int]:
    if not reader.invitation:
        return set()
    if meeting.status != Meeting.Status.PROPOSED:
        return {m.pk for m in reader.members}
    accepted = Response.Answer.ACCEPTED
    answered = [r.member_id for r in meeting.responses.all() if r.answer == accepted]
    return {meeting.proposed_by_id, *answered}


# --- A series -------------------------------------------------------------------------------


def series_components(
    series: Series, meetings: Iterable[Meeting], reader: Reader
) -> list[icalendar.Event]:
    """The series as its master VEVENT (RRULE, EXDATE) and one VEVENT per meeting that
    differs from the rule. ``meetings``: the series' meetings this reader is to see; a
    cancelled one, and any time of the rule not among them, becomes an EXDATE. When none is
    left, the master alone, CANCELLED."""
    zone = zoneinfo.ZoneInfo(series.time_zone)
    shown = {m.occurrence: m for m in meetings if m.status != Meeting.Status.CANCELLED}
    rule_starts = occurrences(series.rule, series.starts_at, series.time_zone, series.until)
    in_rule = set(rule_starts)
    follows = [m for m in shown.values() if m.occurrence in in_rule and _as_ruled(m, series)]
    if not shown:
        status = "CANCELLED"  # every time is an EXDATE too: nothing is left of it
    elif any(m.status == Meeting.Status.PROPOSED for m in follows):
        status = "TENTATIVE"
    else:
        status = "CONFIRMED"

    master = icalendar.Event()
    master.add("uid", series_uid(series))
    master.add("sequence", series.sequence)
    _stamp(master, series.created_at, series.updated_at)
    start = series.starts_at.astimezone(zone)
    master.add("dtstart", start)
    master.add("dtend", start + timedelta(minutes=series.minutes))
    rule = icalendar.vRecur.from_ical(series.rule)
    # RFC 5545: with a DTSTART in a time zone, UNTIL is in UTC — the end of the last day.
    rule["UNTIL"] = [_last_moment(series).astimezone(UTC)]
    master.add("rrule", rule)
    skipped = [moment.astimezone(zone) for moment in rule_starts if moment not in shown]
    if skipped:
        master.add("exdate", skipped)
    # A meeting kept beyond the rule (the series was shortened after it was marked held).
    extra = sorted(o.astimezone(zone) for o in shown if o not in in_rule)
    if extra:
        master.add("rdate", extra)
    master.add("status", status)
    _facts(
        master,
        reader,
        format_display=series.get_format_display(),
        place=series.place,
        agenda=[],
        url=reverse("meetings:list", kwargs={"pk": series.match_id}),
        link_text=_("Your meetings"),
    )
    _people(
        master,
        reader,
        proposer_id=series.created_by_id,
        accepted={m.pk for m in reader.members} if status == "CONFIRMED" else set(),
    )

    entries = [master]
    for meeting in sorted(shown.values(), key=lambda m: m.occurrence):
        ruled = meeting.occurrence in in_rule and _as_ruled(meeting, series)
        if not ruled or STATUS[meeting.status] != status:
            entries.append(meeting_component(meeting, reader))
    return entries


def series_ics(series: Series, meetings: Iterable[Meeting], reader: Reader) -> bytes:
    calendar = new_calendar(reader.method)
    for entry in series_components(series, meetings, reader):
        calendar.add_component(entry)
    return to_ics(calendar)


def removed_ics(series: Series, meetings: Iterable[Meeting], reader: Reader) -> bytes | None:
    """METHOD:CANCEL for the series' meetings that a change took away (cancelled, after the
    series' new end); None when it took none away."""
    last = _last_moment(series)
    removed = [m for m in meetings if m.status == Meeting.Status.CANCELLED and m.occurrence > last]
    if not removed:
        return None
    calendar = new_calendar(CANCEL)
    for meeting in removed:
        calendar.add_component(meeting_component(meeting, reader))
    return to_ics(calendar)


def _last_moment(series: Series) -> datetime:
    """The end of the series' last day, in its time zone (whole seconds, as iCalendar)."""
    zone = zoneinfo.ZoneInfo(series.time_zone)
    return datetime.combine(series.until, time.max, zone).replace(microsecond=0)


def _as_ruled(meeting: Meeting, series: Series) -> bool:
    """The meeting is what the series' master entry says of it (no override needed)."""
    return (
        meeting.starts_at == meeting.occurrence
        and (meeting.minutes, meeting.format, meeting.place)
        == (series.minutes, series.format, series.place)
        and not meeting.agenda.all()
    )


# --- What every entry says -----------------------------------------------------------------


def _stamp(entry: icalendar.Event, created: datetime, updated: datetime) -> None:
    # DTSTAMP orders two versions with one SEQUENCE: the time of the change, which also
    # keeps a resent invitation the same file.
    entry.add("dtstamp", updated.astimezone(UTC))
    entry.add("created", created.astimezone(UTC))
    entry.add("last-modified", updated.astimezone(UTC))


def _facts(entry, reader: Reader, *, format_display, place, agenda, url, link_text) -> None:
    programme = reader.member.match.programme
    names = [m.enrolment.user.public_name for m in reader.others()]
    if names:
        summary = _("Meeting with %(names)s · %(programme)s") % {
            "names": ", ".join(names),
            "programme": programme.name,
        }
    else:
        summary = _("Meeting · %(programme)s") % {"programme": programme.name}
    entry.add("summary", summary)
    how, agenda_heading = _("How"), _("Agenda")  # (gettext finds no call inside an f-string)
    lines = [f"{how}: {format_display}"]
    if agenda:
        lines += ["", f"{agenda_heading}:", *(f"- {text}" for text in agenda)]
    link = absolute_url(url)
    lines += ["", f"{link_text}: {link}"]
    entry.add("description", "\n".join(lines))
    if place:
        entry.add("location", place)
    entry.add("url", link)


def _organizer_address() -> str:
    return "mailto:" + (parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or f"noreply@{site_host()}")


def _people(entry, reader: Reader, *, proposer_id: int, accepted: set[int]) -> None:
    organizer = icalendar.vCalAddress(_organizer_address())
    organizer.params["CN"] = _name_of(proposer_id, reader)
    entry.add("organizer", organizer)
    if not reader.invitation:
        return  # a published calendar names no attendee (RFC 5546, PUBLISH)
    for member in [reader.member, *reader.others()]:
        user = member.enrolment.user
        if member.pk == reader.member.pk or member.shares_email:
            address = f"mailto:{user.email}"
        else:
            address = uuid.uuid5(uuid.NAMESPACE_URL, f"{site_host()}/members/{member.pk}").urn
        attendee = icalendar.vCalAddress(address)
        attendee.params.update(
            CN=user.public_name,
            ROLE="REQ-PARTICIPANT",
            CUTYPE="INDIVIDUAL",
            PARTSTAT="ACCEPTED" if member.pk in accepted else "NEEDS-ACTION",
            RSVP="FALSE",
        )
        entry.add("attendee", attendee)


def _name_of(member_id: int, reader: Reader) -> str:
    """A member's public name, from the reader's list of members (no query)."""
    for one in reader.members:
        if one.pk == member_id:
            return one.enrolment.user.public_name
    return str(_("Name not given"))
