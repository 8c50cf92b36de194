from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from . import services
from .calendar import event_calendar
from .forms import RSVPAnswerForm
from .models import RSVP
from .selectors import (
    count_rsvps,
    events_for_user,
    get_event_for_user,
    past,
    rsvp_for,
    upcoming,
    user_may_rsvp,
    waitlist_position,
)

GLOBAL = "global"


class EventListView(LoginRequiredMixin, ListView):
    """Events for me: upcoming by default, past ones on their own tab."""

    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = 20

    def get_queryset(self):
        self.show_past = self.request.GET.get("when") == "past"
        events = events_for_user(self.request.user)
        events = past(events) if self.show_past else upcoming(events)
        mine = RSVP.objects.filter(event=OuterRef("pk"), user=self.request.user)
        return events.annotate(my_status=Subquery(mine.values("status")[:1]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Places taken are counted for the events on this page only.
        context["events"] = context["page_obj"].object_list = count_rsvps(context["events"])
        context["filter_query"] = self.request.GET.copy()
        context["filter_query"].pop("page", None)
        context["show_past"] = self.show_past
        context["statuses"] = dict(RSVP.Status.choices)
        return context


class EventDetailView(LoginRequiredMixin, DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        event = get_object_or_404(events_for_user(self.request.user), pk=self.kwargs["pk"])
        return count_rsvps([event])[0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event, user = self.object, self.request.user
        rsvp = rsvp_for(user, event)
        context.update(
            rsvp=rsvp,
            waitlist_position=waitlist_position(rsvp) if rsvp else None,
            places_left=max(event.capacity - event.going_count, 0),
            may_rsvp=user_may_rsvp(user, event) and not event.is_past(),
        )
        return context


@require_POST
@login_required
def event_rsvp(request, pk: int):
    event = get_event_for_user(request.user, pk)
    form = RSVPAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose “Going” or “Not going”."))
        return redirect(event)
    going = form.cleaned_data["response"] == "going"
    try:
        rsvp = services.rsvp_respond(event=event, user=request.user, going=going)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(event)
    if rsvp.status == RSVP.Status.GOING:
        messages.success(request, _("You are going. See you there!"))
    elif rsvp.status == RSVP.Status.WAITLISTED:
        messages.warning(request, _("This event is full — you are on the wait-list."))
    else:
        messages.info(request, _("You are not going. Thank you for letting us know."))
    return redirect(event)


@login_required
def event_ics(request, pk: int):
    event = get_event_for_user(request.user, pk)
    response = HttpResponse(event_calendar(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response
