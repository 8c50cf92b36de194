"""A member ends their relationship early: ``closure:end``.

Starts from the access root (``get_membership_for_user``): anyone who is not and never was
a member gets 404, and so does a former member of a group that goes on. An ended
relationship says so, and since when.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.generic import FormView

from relationships.models import MatchMember
from relationships.selectors import get_membership_for_user

from .ending_forms import EndForm
from .ending_services import match_end_by_member


class EndView(LoginRequiredMixin, FormView):
    template_name = "closure/end.html"
    form_class = EndForm

    @cached_property
    def member(self) -> MatchMember:
        member = get_membership_for_user(self.request.user, self.kwargs["pk"])
        if member.match.is_current and not member.current:
            raise Http404  # they left a group that goes on: nothing of theirs to end
        return member

    @cached_property
    def others(self) -> list[str]:
        return [
            str(m.enrolment.user.public_name)
            for m in MatchMember.objects.filter(match_id=self.member.match_id)
            .exclude(pk=self.member.pk)
            .select_related("enrolment__user")
            .order_by("role", "pk")
        ]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.member  # noqa: B018 — 404 before anything else for a non-member
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "others": get_text_list(self.others, _("and"))}

    def post(self, request, *args, **kwargs):
        if not self.member.match.is_current:
            messages.error(request, _("This relationship has already ended."))
            return redirect("closure:end", pk=self.member.match_id)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        match = self.member.match
        context.update(
            member=self.member,
            match=match,
            programme=match.programme,
            others=self.others,
            editable=match.is_current,
            ended_by_me=match.ended_by_id == self.request.user.pk,
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            match_end_by_member(
                member=self.member,
                category=data["category"],
                reason=data["reason"],
                message=data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Your relationship has ended. We have told %(others)s, and your coordinator "
                "will be in touch about what comes next."
            )
            % {"others": get_text_list(self.others, _("and"))},
        )
        return redirect("dashboard:mine")
