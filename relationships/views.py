"""The workspace: a relationship's home for its members, and what they do there.

Every view starts from ``get_membership_for_user`` (the access root): a foreign or missing
id answers 404, for coordinators too, who see relationships only in the admin and never
their contents.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from programs.fields import parse_id

from . import services
from .forms import (
    AgreementTermsForm,
    ContactForm,
    FitCheckForm,
    GuideForm,
    MessageForm,
    PauseForm,
    SignForm,
)
from .models import Agreement, FirstMeetingGuide, FitCheck, MatchMember
from .selectors import get_membership_for_user
from .services.agreement import digest, terms_of
from .workspace import agreement_state, last_signed_by_all, messages_for, workspace_for


class MemberMixin(LoginRequiredMixin):
    """The signed-in person's membership of the relationship in the URL, or 404."""

    @cached_property
    def member(self) -> MatchMember:
        return get_membership_for_user(self.request.user, self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.member  # noqa: B018 — 404 before anything else for a non-member
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        match = self.member.match
        context.update(
            member=self.member,
            match=match,
            programme=match.programme,
            editable=self.member.current and match.is_current,
        )
        return context

    def back(self, name: str = "workspace"):
        return redirect(f"relationships:{name}", pk=self.member.match_id)


class ChangeMixin(MemberMixin):
    """A form that changes the relationship: refused with a message once it has ended."""

    def post(self, request, *args, **kwargs):
        try:
            services.editable_check(self.member)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return self.back()
        return super().post(request, *args, **kwargs)

    def refused(self, form, error: ValidationError):
        form.add_error(None, error)
        return self.form_invalid(form)


class WorkspaceView(MemberMixin, TemplateView):
    template_name = "relationships/workspace.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["workspace"] = workspace_for(self.member)
        context["message_form"] = MessageForm()
        return context


class AgreementView(ChangeMixin, FormView):
    """The agreement as it stands, who has signed it, what changed; POST signs it."""

    template_name = "relationships/agreement.html"
    form_class = SignForm

    @cached_property
    def state(self):
        members = list(
            MatchMember.objects.filter(match_id=self.member.match_id).select_related(
                "enrolment__user"
            )
        )
        return agreement_state(self.member.match, self.member, members)

    def get_initial(self):
        return {"seen": self.state.digest}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["state"] = self.state
        return context

    def form_valid(self, form):
        try:
            services.agreement_sign(member=self.member, seen=form.cleaned_data["seen"])
        except ValidationError as error:
            return self.refused(form, error)
        match = self.member.match
        was = match.status
        match.refresh_from_db(fields=["status"])
        if was != match.status:
            messages.success(
                self.request, _("Everyone has signed: your relationship is now active.")
            )
        else:
            messages.success(self.request, _("You have signed the agreement."))
        return self.back("agreement")


class AgreementPrintView(MemberMixin, TemplateView):
    """The agreement with its signatures, clean for printing."""

    template_name = "relationships/agreement_print.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = list(
            MatchMember.objects.filter(match_id=self.member.match_id).select_related(
                "enrolment__user"
            )
        )
        state = agreement_state(self.member.match, self.member, members)
        if not state.all_signed:  # print what was agreed, if it ever was
            signed = last_signed_by_all(self.member.match, self.member, members)
            context["newer"] = signed is not None and state.number
            state = signed or state
        context["state"] = state
        return context


class TermsMixin:
    """The agreement's terms in a form, with a fingerprint of them as they were opened."""

    def terms_now(self) -> dict:
        # Read afresh: a bound form has already written its values onto its instance.
        return terms_of(Agreement.objects.filter(match_id=self.member.match_id).first())

    def get_initial(self):
        return {**super().get_initial(), "terms_seen": terms_digest(self.terms_now())}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["programme"] = self.member.match.programme
        kwargs["instance"] = Agreement.objects.filter(match_id=self.member.match_id).first()
        return kwargs


def terms_digest(terms: dict) -> str:
    return digest({}, terms)


class AgreementTermsView(TermsMixin, ChangeMixin, FormView):
    template_name = "relationships/agreement_terms.html"
    form_class = AgreementTermsForm

    def form_valid(self, form):
        before = self.terms_now()
        if form.changed_meanwhile(terms_digest(before)):
            return self.form_invalid(form)
        try:
            agreement = services.agreement_terms_update(member=self.member, **form.terms())
        except ValidationError as error:
            return self.refused(form, error)
        if terms_of(agreement) != before:
            messages.success(
                self.request,
                _("The terms are saved. Everyone signs the new version of the agreement."),
            )
        else:
            messages.info(self.request, _("Nothing changed in the terms."))
        return self.back("agreement")


class GuideView(TermsMixin, ChangeMixin, FormView):
    """The first-meeting guide: steps to tick together; the structure becomes the terms."""

    template_name = "relationships/guide.html"
    form_class = GuideForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["guide"] = FirstMeetingGuide.objects.filter(match_id=self.member.match_id).first()
        return kwargs

    def form_valid(self, form):
        if form.changed_meanwhile(terms_digest(self.terms_now())):
            return self.form_invalid(form)
        try:
            guide = services.guide_update(member=self.member, steps=form.steps(), **form.terms())
        except ValidationError as error:
            return self.refused(form, error)
        if guide.done:
            messages.success(
                self.request,
                _("The first-meeting guide is done. Read the agreement and sign it."),
            )
            return self.back("agreement")
        messages.success(self.request, _("Saved. Come back to tick the rest."))
        return self.back("guide")


class FitCheckView(ChangeMixin, FormView):
    """Each member's private "Is this a good fit?", read by coordinators only."""

    template_name = "relationships/fit_check.html"
    form_class = FitCheckForm

    @cached_property
    def answer(self) -> FitCheck | None:
        return FitCheck.objects.filter(member=self.member).first()

    def get_initial(self):
        if self.answer is None:
            return {}
        return {"answer": self.answer.answer, "comment": self.answer.comment}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        guide = FirstMeetingGuide.objects.filter(match_id=self.member.match_id).first()
        context["open"] = services.fit_check_open(self.member, guide)
        context["answer"] = self.answer
        return context

    def form_valid(self, form):
        try:
            services.fit_check_answer(member=self.member, **form.cleaned_data)
        except ValidationError as error:
            return self.refused(form, error)
        messages.success(
            self.request, _("Thank you. Only your coordinator sees your answer and comment.")
        )
        return self.back()


class MessagesView(ChangeMixin, FormView):
    """Every message of the relationship, a page at a time; POST sends one."""

    template_name = "relationships/messages.html"
    form_class = MessageForm
    per_page = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(messages_for(self.member), self.per_page)
        number = parse_id(self.request.GET.get("page", 1)) or 1
        context["page_obj"] = paginator.get_page(number)
        context["paginator"] = paginator
        context["is_paginated"] = paginator.num_pages > 1
        return context

    def form_valid(self, form):
        try:
            services.message_send(member=self.member, body=form.cleaned_data["body"])
        except ValidationError as error:
            return self.refused(form, error)
        messages.success(self.request, _("Your message is sent."))
        return self.back("messages")


class ContactView(ChangeMixin, FormView):
    """What this member shares with the others: nothing until they choose."""

    template_name = "relationships/contact.html"
    form_class = ContactForm

    def get_initial(self):
        member = self.member
        return {
            "shares_email": member.shares_email,
            "phone": member.phone,
            "preferred_channel": member.preferred_channel,
        }

    def form_valid(self, form):
        try:
            services.contact_update(member=self.member, **form.cleaned_data)
        except ValidationError as error:
            return self.refused(form, error)
        messages.success(self.request, _("Your contact details are saved."))
        return self.back()


class PauseView(ChangeMixin, FormView):
    """Pause the relationship until a return date, with a reason the others read."""

    template_name = "relationships/pause.html"
    form_class = PauseForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.member.match.programme}

    def form_valid(self, form):
        try:
            match = services.match_pause(
                match=self.member.match, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            return self.refused(form, error)
        messages.success(
            self.request,
            _("The relationship is paused until %(date)s. The others have been told.")
            % {"date": date_format(match.paused_until)},
        )
        return self.back()


@login_required
@require_POST
def resume(request, pk):
    """ "Resume now": the pause ends today, for everyone in the relationship."""
    member = get_membership_for_user(request.user, pk)
    try:
        services.editable_check(member)
        services.match_resume(match=member.match, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("Welcome back: the relationship is running again, and so are its reminders.")
        )
    return redirect("relationships:workspace", pk=member.match_id)
