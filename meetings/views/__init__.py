"""The relationship's meetings: the list, planning one or a series, answering, changing,
cancelling, marking what happened. Every view starts from the member's own membership
(``relationships.views.MemberMixin``): anyone else gets 404. The posts of the meeting
page's agenda, notes and action items are in ``content``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from programs.fields import parse_id
from relationships.views import ChangeMixin, MemberMixin

from .. import agenda, services
from ..forms import CancelForm, HeldForm, SeriesChangeForm, SeriesForm, WhenForm
from ..models import Meeting, Response
from ..selectors import get_meeting, get_series, past, upcoming


def _default_minutes(member) -> int:
    agreement = getattr(member.match, "agreement", None)
    agreed = getattr(agreement, "meeting_minutes", None) if agreement else None
    return agreed or member.match.programme.meeting_length_minutes


class MeetingMixin(MemberMixin):
    """A meeting of the member's relationship, by the id in the URL (404 otherwise)."""

    @cached_property
    def meeting(self) -> Meeting:
        return get_meeting(self.member, self.kwargs["meeting"])

    def to_meeting(self):
        return redirect("meetings:detail", pk=self.member.match_id, meeting=self.meeting.pk)


class MeetingListView(MemberMixin, TemplateView):
    template_name = "meetings/meeting_list.html"
    per_page = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(past(self.member), self.per_page)
        number = parse_id(self.request.GET.get("page", 1)) or 1
        context["upcoming"] = list(upcoming(self.member)[:50])
        context["page_obj"] = paginator.get_page(number)
        context["paginator"] = paginator
        context["is_paginated"] = paginator.num_pages > 1
        return context


class _WhenView(ChangeMixin, FormView):
    form_class = WhenForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["default_minutes"] = _default_minutes(self.member)
        return kwargs

    # Each view defines ``act(form)``: the service call, answering the meeting it made.

    def form_valid(self, form):
        try:
            meeting = self.act(form)
        except ValidationError as error:
            return self.refused(form, error)
        return redirect("meetings:detail", pk=self.member.match_id, meeting=meeting.pk)


class MeetingProposeView(_WhenView):
    template_name = "meetings/meeting_form.html"
    extra_context = {"purpose": "propose"}

    def act(self, form):
        meeting = services.meeting_propose(member=self.member, **form.values())
        if meeting.status == Meeting.Status.PLANNED:
            messages.success(self.request, _("The meeting is planned."))
        else:
            messages.success(
                self.request, _("Your proposal is sent. The meeting is planned once accepted.")
            )
        return meeting


class MeetingLogView(_WhenView):
    """A meeting that already happened, in one step."""

    template_name = "meetings/meeting_form.html"
    extra_context = {"purpose": "log"}

    def act(self, form):
        meeting = services.meeting_log(member=self.member, **form.values())
        messages.success(self.request, _("The meeting is logged as held."))
        return meeting


class MeetingChangeView(MeetingMixin, _WhenView):
    """Another time (a new proposal the others accept), or another place or format."""

    template_name = "meetings/meeting_form.html"
    extra_context = {"purpose": "change"}

    def get_initial(self):
        meeting = self.meeting
        local = timezone.localtime(meeting.starts_at)
        return {
            "day": local.date(),
            "start": local.time().replace(second=0, microsecond=0),
            "minutes": meeting.minutes,
            "format": meeting.format,
            "place": meeting.place,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meeting"] = self.meeting
        return context

    def act(self, form):
        values = form.values()
        if self.meeting.series_id:
            meeting = services.occurrence_move(
                member=self.member,
                meeting=self.meeting,
                starts_at=values["starts_at"],
                minutes=values["minutes"],
            )
        else:
            meeting = services.meeting_change(member=self.member, meeting=self.meeting, **values)
        messages.success(self.request, _("The meeting is changed; the others are told."))
        return meeting


class MeetingDetailView(MeetingMixin, TemplateView):
    template_name = "meetings/meeting_detail.html"
    #: Forms a refused post hands back bound, so that nothing typed is lost (views.content).
    bound: dict = {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        responses = {r.member_id: r for r in meeting.responses.all()}
        members = list(meeting.match.members.filter(current=True).select_related("enrolment__user"))
        context.update(
            meeting=meeting,
            members=members,
            responses=responses,
            may_accept=meeting.status == Meeting.Status.PROPOSED
            and meeting.proposed_by_id != self.member.pk
            and getattr(responses.get(self.member.pk), "answer", None) != Response.Answer.ACCEPTED,
            may_mark=meeting.status != Meeting.Status.CANCELLED
            and meeting.starts_at <= timezone.now(),
            held_form=HeldForm(initial={"minutes": meeting.held_minutes or meeting.minutes}),
            cancel_form=CancelForm(),
            **agenda.detail_context(self.member, meeting, members=members, **self.bound),
        )
        return context


class _ActionView(MeetingMixin, View):
    """A one-button POST on a meeting; refused in words, and back to the meeting."""

    http_method_names = ["post"]
    done_message = ""

    # Each view defines ``act(request)``: the service call (refusals raise ValidationError).

    def post(self, request, *args, **kwargs):
        try:
            services.editable_check(self.member)
            self.act(request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.done_message)
        return self.to_meeting()


class MeetingAcceptView(_ActionView):
    def act(self, request):
        whole = request.POST.get("whole_series") == "1"
        meeting = services.meeting_accept(
            member=self.member, meeting=self.meeting, whole_series=whole
        )
        self.done_message = (
            _("You have accepted. The meeting is planned.")
            if meeting.status == Meeting.Status.PLANNED
            else _("You have accepted. The others are still to answer.")
        )


class MeetingCancelView(_ActionView):
    done_message = _("The meeting is cancelled; the others are told.")

    def act(self, request):
        form = CancelForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.meeting_cancel(member=self.member, meeting=self.meeting, reason=reason)


class MeetingSkipView(_ActionView):
    done_message = _("This time is skipped; the rest of the series stays.")

    def act(self, request):
        services.occurrence_skip(member=self.member, meeting=self.meeting)


class MeetingHeldView(_ActionView):
    done_message = _("Marked as held. Write your notes while they are fresh.")

    def act(self, request):
        form = HeldForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Say how long the meeting lasted, at most 8 hours."))
        services.meeting_held(
            member=self.member, meeting=self.meeting, minutes=form.cleaned_data["minutes"]
        )


class MeetingMissedView(_ActionView):
    done_message = _("Marked as not held.")

    def act(self, request):
        services.meeting_missed(member=self.member, meeting=self.meeting)


class SeriesCreateView(ChangeMixin, FormView):
    template_name = "meetings/series_form.html"
    form_class = SeriesForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["default_minutes"] = _default_minutes(self.member)
        kwargs["programme_end"] = self.member.match.programme.ends_on
        return kwargs

    def form_valid(self, form):
        try:
            series = services.series_create(
                member=self.member,
                repeat=form.repeat_values(),
                minutes=form.cleaned_data["minutes"],
                format=form.cleaned_data["format"],
                place=form.cleaned_data["place"],
            )
        except ValidationError as error:
            return self.refused(form, error)
        messages.success(
            self.request,
            _("%(count)s meetings are proposed. The others can accept them all at once.")
            % {"count": series.meetings.count()},
        )
        return redirect("meetings:list", pk=self.member.match_id)


class SeriesChangeView(ChangeMixin, FormView):
    template_name = "meetings/series_form.html"
    form_class = SeriesChangeForm

    @cached_property
    def series(self):
        return get_series(self.member, self.kwargs["series"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["default_minutes"] = self.series.minutes
        kwargs["programme_end"] = self.series.until
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["series"] = self.series
        return context

    def form_valid(self, form):
        try:
            services.series_change_from(
                member=self.member,
                series=self.series,
                from_day=form.cleaned_data["from_day"],
                repeat=form.repeat_values(),
                minutes=form.cleaned_data["minutes"],
                format=form.cleaned_data["format"],
                place=form.cleaned_data["place"],
            )
        except ValidationError as error:
            return self.refused(form, error)
        messages.success(self.request, _("The series is changed from that day on."))
        return redirect("meetings:list", pk=self.member.match_id)
