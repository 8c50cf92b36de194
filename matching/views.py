"""Participants' matching pages: mentees find and ask a mentor, mentors answer; wishes.

Thin on purpose: the selectors decide who sees what (404 for anyone else), the services
in ``matching.services`` do every write and say in words why something is refused.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, TemplateView

from programs.models import Enrolment
from relationships.selectors import has_current_match

from .forms import RequestAnswerForm, RequestForm, WishChangeForm
from .models import MatchRequest, settings_for
from .selectors import (
    CHOOSE_AMONG,
    MentorRanking,
    candidates_for,
    free_places_of,
    get_mentee_enrolment_for_user,
    get_mentor_for_mentee,
    get_request_for_user,
    get_wish_enrolment_for_user,
    mentee_enrolments_for_requests,
    mentee_profile,
    mentor_choices,
    pending_count,
    receives_requests,
    requests_made_by,
    requests_received_by,
    search_candidates,
    takes_requests,
    wished_people,
    wishes_refusal,
)
from .services import requests as request_services
from .services.wishes import wish_change


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


class MenteeMixin(LoginRequiredMixin):
    """The signed-in person's mentee place in the programme of the URL (404 otherwise)."""

    @cached_property
    def mentee(self) -> Enrolment:
        return get_mentee_enrolment_for_user(self.request.user, self.kwargs["slug"])

    def situation(self) -> dict:
        """Whether the mentee may ask now, and if not, why (the template says it)."""
        programme = self.mentee.programme
        limit = settings_for(programme).max_requests
        pending = pending_count(self.mentee)
        matched = has_current_match(self.mentee)
        open_now = takes_requests(programme)
        return {
            "programme": programme,
            "mentee": self.mentee,
            "matched": matched,
            "takes_requests": open_now,
            "pending": pending,
            "max_requests": limit,
            "may_ask": open_now and not matched and pending < limit,
        }


class MentorListView(MenteeMixin, TemplateView):
    """Find a mentor: the eligible mentors, best suited first, with the reasons in words."""

    template_name = "matching/mentor_list.html"
    paginate_by = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.situation())
        show = context["takes_requests"] and not context["matched"]
        ranking = MentorRanking(self.mentee) if show else []
        # get_page: a page number that is not one ("abc", too large) shows the nearest page.
        page = Paginator(ranking, self.paginate_by).get_page(self.request.GET.get("page"))
        filter_query = self.request.GET.copy()
        filter_query.pop("page", None)
        context.update(
            choices=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            filter_query=filter_query,
        )
        return context


class RequestCreateView(MenteeMixin, FormView):
    """Ask one mentor, with a message; it joins the mentee's queue of choices."""

    template_name = "matching/request_form.html"
    form_class = RequestForm

    @cached_property
    def mentor(self) -> Enrolment:
        return get_mentor_for_mentee(self.mentee, self.kwargs["mentor_pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.situation())
        context["mentor"] = self.mentor
        # Empty when the mentor is full or kept apart: the page then says they cannot be asked.
        context["choice"] = next(iter(mentor_choices(self.mentee, mentors=[self.mentor])), None)
        asked = MatchRequest.objects.filter(mentee=self.mentee, mentor=self.mentor).exists()
        if context["choice"] is None and not asked and self.request.method == "GET":
            raise Http404  # only mentors the list offers can be looked up by id
        return context

    def form_valid(self, form):
        try:
            (sent,) = request_services.request_send(
                mentee=self.mentee,
                mentors=[self.mentor],
                message=form.cleaned_data["message"],
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if sent.status == MatchRequest.Status.OPEN:
            messages.success(
                self.request,
                _("Your request has gone to %(mentor)s, who has until %(when)s to answer.")
                % {"mentor": self.mentor.user.public_name, "when": _when(sent.expires_at)},
            )
        else:
            messages.success(
                self.request,
                _(
                    "Your request to %(mentor)s waits its turn. It goes out if your earlier "
                    "requests are declined or not answered in time."
                )
                % {"mentor": self.mentor.user.public_name},
            )
        return redirect("matching:requests")


class RequestListView(LoginRequiredMixin, TemplateView):
    """My requests: every request I made, with its status and deadline."""

    template_name = "matching/request_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["match_requests"] = requests_made_by(user)
        context["mentee_enrolments"] = mentee_enrolments_for_requests(user)
        context["receives_requests"] = receives_requests(user)
        return context


class ReceivedRequestListView(LoginRequiredMixin, TemplateView):
    """Requests to me: the open ones to answer, then the earlier ones."""

    template_name = "matching/request_received_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        places = free_places_of(self.request.user)
        received = list(requests_received_by(self.request.user))
        for item in received:
            item.mentor_is_full = places.get(item.mentor_id, 0) <= 0
        context["match_requests"] = received
        context["form"] = RequestAnswerForm()
        return context


class RequestDetailView(LoginRequiredMixin, DetailView):
    """One request, for the mentee who made it or the mentor it went to (404 for others)."""

    template_name = "matching/request_detail.html"
    context_object_name = "match_request"

    def get_object(self, queryset=None) -> MatchRequest:
        return get_request_for_user(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        match_request = self.object
        is_mentor = match_request.mentor.user_id == self.request.user.pk
        context["is_mentor"] = is_mentor
        if is_mentor:
            places = free_places_of(self.request.user)
            context["mentee_profile"] = mentee_profile(match_request)
            context["mentor_is_full"] = places.get(match_request.mentor_id, 0) <= 0
            context["form"] = RequestAnswerForm()
        return context


@require_POST
@login_required
def request_respond(request, pk: int):
    match_request = get_request_for_user(request.user, pk)
    form = RequestAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect("matching:request_detail", pk=match_request.pk)
    try:
        request_services.request_respond(
            request=match_request,
            accept=form.accepted,
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matching:requests_received")
    mentee = match_request.mentee.user
    if form.accepted:
        messages.success(
            request,
            _("You are now %(mentee)s's mentor. You will both get an e-mail introducing you.")
            % {"mentee": mentee},
        )
    else:
        messages.info(request, _("You declined the request from %(mentee)s.") % {"mentee": mentee})
    return redirect("matching:requests_received")


@require_POST
@login_required
def request_withdraw(request, pk: int):
    match_request = get_request_for_user(request.user, pk)
    try:
        request_services.request_withdraw(request=match_request, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(
            request,
            _("You withdrew your request to %(mentor)s.")
            % {"mentor": match_request.mentor.user.public_name},
        )
    return redirect("matching:requests")


SEARCH_MAX = 100  # characters of a search kept; a longer one is cut, never an error


def _search_of(data: QueryDict) -> str:
    # A NUL character cannot be sent to PostgreSQL; it means nothing in a name either.
    return data.get("q", "")[:SEARCH_MAX].replace("\x00", "").strip()


class WishesView(LoginRequiredMixin, View):
    """/programmes/<slug>/wishes/: rank up to ``max_requests`` people to be matched with.

    The candidates come a page at a time (with a search), and each button is a small POST
    form that changes one wish: the page's cost does not grow with the programme.
    """

    template_name = "matching/wishes.html"
    paginate_by = 20

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.chooser = get_wish_enrolment_for_user(request.user, kwargs["slug"])
        self.refusal = wishes_refusal(self.chooser)
        return super().dispatch(request, *args, **kwargs)

    def render(self) -> HttpResponse:
        chooser = self.chooser
        context = {
            "chooser": chooser,
            "programme": chooser.programme,
            "refusal": self.refusal,
            "choose_among": CHOOSE_AMONG[chooser.role],
        }
        if not self.refusal:
            context.update(self.wishes_context())
        return render(self.request, self.template_name, context)

    def wishes_context(self) -> dict:
        max_wishes = settings_for(self.chooser.programme).max_requests
        search = _search_of(self.request.GET)
        # get_page: a page number that is not one ("abc", 0, too large) shows the nearest page.
        page = Paginator(search_candidates(self.chooser, search), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        wished = wished_people(self.chooser)
        filter_query = QueryDict(mutable=True)
        if search:
            filter_query["q"] = search
        return {
            "candidates": candidates_for(self.chooser, page.object_list),
            "wished": wished,
            "wished_ids": {person.pk for person in wished},
            "full": len(wished) >= max_wishes,
            "search": search,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "filter_query": filter_query,
            "limit_text": ngettext(
                "You can choose %(count)d person.",
                "You can choose up to %(count)d people, most wanted first.",
                max_wishes,
            )
            % {"count": max_wishes},
        }

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return self.render()

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if self.refusal:
            return self.render()  # the page explains why; nothing is changed
        form = WishChangeForm(request.POST)
        if not form.is_valid():
            messages.error(request, WishChangeForm.invalid)
            return self.back()
        action = form.cleaned_data["action"]
        try:
            name, rank = wish_change(
                chooser=self.chooser, person_pk=form.cleaned_data["person"], action=action
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.back()
        if rank is None:
            messages.success(
                request, _("%(name)s is no longer among your wishes.") % {"name": name}
            )
        else:
            messages.success(
                request,
                _("%(name)s is now your wish number %(rank)d.") % {"name": name, "rank": rank},
            )
        return self.back()

    def back(self) -> HttpResponse:
        """After a POST, the same page and search the button was on (post/redirect/get)."""
        query = QueryDict(mutable=True)
        search = _search_of(self.request.POST)
        if search:
            query["q"] = search
        page = self.request.POST.get("page", "")
        if page.isdigit() and len(page) < 10:
            query["page"] = page
        url = reverse("matching:wishes", kwargs={"slug": self.chooser.programme.slug})
        return redirect(f"{url}?{query.urlencode()}" if query else url)
