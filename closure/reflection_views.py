"""The members' closing reflection page.

It starts from the member's own membership (``relationships.views.MemberMixin``, through
``get_membership_for_user``): anybody who is not and never was a member — coordinators
included, who learn in the admin only that reflections were written — gets 404, and so
does everyone once the relationship is deleted. Unlike the pages that change a running
relationship, it stays writable after the relationship completed or ended early: that is
when members look back.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView

from relationships.views import MemberMixin

from . import reflection_services as services
from .reflection_forms import ClosingReflectionForm
from .reflection_selectors import ReflectionPage, reflection_page


class ReflectionView(MemberMixin, FormView):
    template_name = "closure/reflection.html"
    form_class = ClosingReflectionForm

    @cached_property
    def page(self) -> ReflectionPage:
        return reflection_page(self.member)

    @cached_property
    def refusal(self) -> str | None:
        return services.reflection_refusal(self.member.match)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(goals=self.page.goals, member=self.member)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        others = self.page.others_written
        context.update(
            page=self.page,
            mine=self.page.mine,
            others=self.page.others,
            waiting_names=[m.enrolment.user.public_name for m in others],
            refusal=self.refusal,
            writable=self.page.mine is None and self.refusal is None,
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.page.mine is not None:
            messages.error(request, _("You have written your closing reflection already."))
            return redirect("closure:reflection", pk=self.member.match_id)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.closing_reflection_write(member=self.member, **form.answers())
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Thank you. Your closing reflection is saved, and you can read the others' now."),
        )
        return redirect("closure:reflection", pk=self.member.match_id)
