"""A person's calendar feed: every meeting of their relationships and every event they
are going to, as one iCalendar file that their calendar program subscribes to.

METHOD:PUBLISH and no ATTENDEE (RFC 5546): it is a copy for reading, not an invitation.
The entries carry the same UIDs as the invitations and downloads, so each is one
meeting however it arrived. Cancelled meetings are left out rather than marked
CANCELLED: a subscribed calendar replaces what it holds on every refresh, so they simply
disappear, where several programs would go on showing a CANCELLED entry as if it stood.
Of a relationship the person has left only what took place stays (``meetings_in_calendar``).

A fixed number of queries however many meetings: memberships, members, meetings (with
their series), agenda items, events.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from events.calendar import event_component
from events.selectors import events_going_for_user
from meetings import calendar
from meetings.selectors import meetings_in_calendar
from relationships.models import MatchMember
from relationships.selectors import memberships_for_user

PRODID = "-//Mentorship//Calendar feed//EN"


def feed_ics(user: User) -> bytes:
    with translation.override(user.preferred_language):
        feed = calendar.new_calendar(calendar.PUBLISH, PRODID)
        name = _("%(site)s: my meetings and events") % {"site": settings.SITE_NAME}
        feed.add("name", name)  # RFC 7986
        feed.add("x-wr-calname", name)  # what Outlook, Google and Apple read
        # Ask for a refresh every hour (RFC 7986; X-PUBLISHED-TTL for Outlook).
        feed.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        feed.add("x-published-ttl", "PT1H")
        for entry in meeting_components(user):
            feed.add_component(entry)
        for event in events_going_for_user(user):
            feed.add_component(event_component(event))
        return calendar.to_ics(feed)


def meeting_components(user: User) -> list:
    memberships = list(memberships_for_user(user))
    members = defaultdict(list)
    for member in MatchMember.objects.filter(
        match_id__in=[m.match_id for m in memberships]
    ).select_related("enrolment__user"):
        members[member.match_id].append(member)
    readers = {
        m.match_id: calendar.Reader(member=m, members=members[m.match_id]) for m in memberships
    }
    entries, series_meetings = [], defaultdict(list)
    for meeting in meetings_in_calendar(memberships):
        if meeting.series_id:
            series_meetings[meeting.series].append(meeting)
        else:
            entries.append(calendar.meeting_component(meeting, readers[meeting.match_id]))
    for series, shown in series_meetings.items():
        entries += calendar.series_components(series, shown, readers[series.match_id])
    return entries
