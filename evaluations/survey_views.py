"""A member's surveys: the list of those open and answered, and the answer form."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from . import survey_services
from .survey_forms import SurveyAnswerForm
from .survey_selectors import SurveyRefused, get_survey_for_user, site_day_now, surveys_for_user


class SurveyListView(LoginRequiredMixin, TemplateView):
    template_name = "evaluations/surveys/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = surveys_for_user(self.request.user, site_day_now())
        context["open"] = [s for s in found if not s.answered]
        context["answered"] = [s for s in found if s.answered]
        return context


def refused(request, error: SurveyRefused) -> TemplateResponse:
    context = {"survey": error.survey, "occasion": error.occasion, "reason": error.message}
    return TemplateResponse(request, "evaluations/surveys/refused.html", context, status=403)


class SurveyAnswerView(LoginRequiredMixin, FormView):
    """GET shows the questions; POST records the answers in one transaction. Someone else's
    or a missing survey answers 404; one not open, closed or answered already says so."""

    template_name = "evaluations/surveys/answer.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.survey, self.occasion, self.invitee = get_survey_for_user(
                request.user, kwargs["survey_id"], kwargs["occasion"], site_day_now()
            )
        except SurveyRefused as error:
            return refused(request, error)
        self.questions = list(self.survey.questions.all())
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return SurveyAnswerForm(questions=self.questions, **self.get_form_kwargs())

    def form_valid(self, form):
        try:
            survey_services.survey_answer(
                survey=self.survey,
                occasion=self.occasion,
                user=self.request.user,
                role=self.invitee.role,
                answers=form.answers(),
                today=site_day_now(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you! Your answers are saved."))
        return redirect("surveys:list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(survey=self.survey, occasion=self.occasion, programme=self.survey.programme)
        return context
