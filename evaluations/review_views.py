"""The members' pages for the mid-point review and the reports to the coordinator.

Both start from the member's own membership (``relationships.views.MemberMixin``, through
``get_membership_for_user``): anybody who is not a member — a coordinator included, who
learns in the admin only that a review was written and reads reports there — gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView

from relationships.views import ChangeMixin

from . import review_services as services
from .review_forms import MidpointReviewForm, ParticipantReportForm
from .review_models import MidpointReview, ParticipantReport


class ReviewView(ChangeMixin, FormView):
    """Each member's mid-point review; the others' show once the viewer wrote their own."""

    template_name = "evaluations/review.html"
    form_class = MidpointReviewForm

    @cached_property
    def reviews(self) -> list[MidpointReview]:
        return list(
            MidpointReview.objects.filter(match_id=self.member.match_id).select_related(
                "member__enrolment__user"
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = next((r for r in self.reviews if r.member_id == self.member.pk), None)
        others = [r for r in self.reviews if r.member_id != self.member.pk]
        context.update(
            mine=mine,
            others=others if mine else [],
            others_waiting=len(others) if not mine else 0,
            refusal=services.review_refusal(self.member),
            ends_on=self.member.match.programme.ends_on,
            terms_url=reverse("relationships:agreement_terms", kwargs={"pk": self.member.match_id}),
            agreement_url=reverse("relationships:agreement", kwargs={"pk": self.member.match_id}),
        )
        return context

    def form_valid(self, form):
        try:
            services.midpoint_review_write(member=self.member, **form.cleaned_data)
        except ValidationError as error:
            return self.refused(form, error)
        messages.success(
            self.request, _("Thank you. Your review is saved, and you can read the others' now.")
        )
        return redirect("reviews:review", pk=self.member.match_id)


class ReportView(ChangeMixin, FormView):
    """The member's report to the coordinator for the open period, and their past ones."""

    template_name = "evaluations/report.html"
    form_class = ParticipantReportForm

    @cached_property
    def period(self):
        return services.open_period(self.member)

    @cached_property
    def mine(self) -> list[ParticipantReport]:
        return list(ParticipantReport.objects.filter(member=self.member).order_by("-period"))

    def get_initial(self):
        return {
            "period": self.period.number if self.period else None,
            "meetings_since": services.meetings_since_last_report(self.member),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        written_now = self.period is not None and any(
            r.period == self.period.number for r in self.mine
        )
        context.update(
            asks_reports=bool(self.member.match.programme.report_every_weeks),
            period=self.period,
            written_now=written_now,
            coming=services.coming_period(self.member),
            reports=self.mine,
        )
        return context

    def form_valid(self, form):
        try:
            services.participant_report_write(member=self.member, **form.cleaned_data)
        except ValidationError as error:
            return self.refused(form, error)
        messages.success(self.request, _("Thank you. Your report is sent to the coordinator."))
        return redirect("reviews:report", pk=self.member.match_id)
