"""Calendar files to download: one meeting, or a whole series (members only, like every
page of the relationship; anyone else gets 404)."""

from django.http import HttpResponse
from django.utils.functional import cached_property
from django.views.generic import View

from relationships.views import MemberMixin

from . import calendar
from .selectors import get_series
from .views import MeetingMixin


def ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _CalendarView(MemberMixin, View):
    http_method_names = ["get", "head"]

    def reader(self) -> calendar.Reader:
        return calendar.Reader(
            member=self.member, members=calendar.members_of(self.member.match_id)
        )


class MeetingCalendarView(MeetingMixin, _CalendarView):
    def get(self, request, *args, **kwargs):
        meeting = self.meeting
        content = calendar.meeting_ics(meeting, self.reader())
        return ics_response(content, f"meeting-{meeting.pk}.ics")


class SeriesCalendarView(_CalendarView):
    @cached_property
    def series(self):
        return get_series(self.member, self.kwargs["series"])

    def get(self, request, *args, **kwargs):
        series = self.series
        meetings = series.meetings.prefetch_related("agenda")
        content = calendar.series_ics(series, meetings, self.reader())
        return ics_response(content, f"meetings-{series.pk}.ics")
