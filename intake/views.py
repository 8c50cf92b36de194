from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from programs.selectors import programmes_for_user
from programs.views import intake_closed

from . import services
from .forms import ApplicationForm, working_style_rows
from .models import Application
from .selectors import applications_for_user, get_application_for_user, questions_for_programme


class ApplicationFormView(LoginRequiredMixin, View):
    """Fill in an application: a new one for a programme and role, or one's own draft.

    Nothing is stored until the applicant saves, so opening the page is harmless.
    """

    template_name = "intake/application_form.html"

    def get_application(self) -> Application:
        if "pk" in self.kwargs:
            return get_application_for_user(self.request.user, self.kwargs["pk"])
        programme = get_object_or_404(
            programmes_for_user(self.request.user), slug=self.kwargs["slug"]
        )
        role = self.kwargs["role"]
        if role not in programme.roles():
            raise Http404
        existing = applications_for_user(self.request.user).filter(programme=programme).first()
        if existing:
            return existing
        return Application(
            programme=programme,
            user=self.request.user,
            role=role,
            languages=[self.request.user.preferred_language],
        )

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            closed = (
                "slug" in kwargs
                and not programmes_for_user(request.user).filter(slug=kwargs["slug"]).exists()
            )
            # Signing in would not help a visitor whose link has expired: say so first.
            return intake_closed(request, kwargs["slug"]) if closed else self.handle_no_permission()
        try:
            self.application = self.get_application()
        except Http404:
            if "slug" not in kwargs:
                raise
            return intake_closed(request, kwargs["slug"])
        if self.application.pk and "pk" not in self.kwargs:
            return redirect(self.application)
        refusal = self.application.edit_refusal()
        if refusal:
            messages.info(request, refusal)
            if self.application.pk:
                return redirect(self.application)
            return redirect(self.application.programme)
        return super().dispatch(request, *args, **kwargs)

    def build_form(self, data=None) -> ApplicationForm:
        submitting = data is not None and (
            data.get("action") == "submit"
            or self.application.status == Application.Status.SUBMITTED
        )
        return ApplicationForm(
            data,
            application=self.application,
            questions=list(questions_for_programme(self.application.programme)),
            submitting=submitting,
        )

    def render(self, form: ApplicationForm):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "application": self.application,
                "programme": self.application.programme,
            },
        )

    def get(self, request, *args, **kwargs):
        return self.render(self.build_form())

    def post(self, request, *args, **kwargs):
        form = self.build_form(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please correct the marked fields."))
            return self.render(form)
        submit = request.POST.get("action") == "submit"
        try:
            application = form.save(commit=False)
            application = services.application_save(
                application=application,
                answers=form.answers(),
                submit=submit,
                consent=form.cleaned_data.get("consent", False),
                by=request.user,
            )
            form.save_m2m()
        except ValidationError as error:
            # Rules on fields the applicant cannot change (e.g. the role) come as a dict;
            # show their messages above the form.
            form.add_error(None, error.messages)
            return self.render(form)
        if submit:
            messages.success(
                request,
                _(
                    "Thank you! Your application has been submitted. "
                    "We have sent you a confirmation."
                ),
            )
        else:
            messages.success(request, _("Your application has been saved."))
        return redirect(application)


class ApplicationDetailView(LoginRequiredMixin, DetailView):
    template_name = "intake/application_detail.html"
    context_object_name = "application"

    def get_object(self, queryset=None):
        return get_application_for_user(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        answers = {a.question_id: a.value for a in application.answers.all()}
        context["answers"] = [
            (question, question.display_answer(answers.get(question.pk)))
            for question in questions_for_programme(application.programme)
            if question.asked_of(application.role)
        ]
        context["working_style"] = working_style_rows(application.working_style)
        context["edit_refusal"] = application.edit_refusal()
        context["history"] = application.status_changes.select_related("changed_by")
        return context


@login_required
@require_POST
def application_withdraw(request, pk: int):
    """Withdraw a submitted application, or delete a draft nobody else has seen."""
    application = get_application_for_user(request.user, pk)
    try:
        if application.status == Application.Status.DRAFT:
            services.application_draft_delete(application=application)
            messages.success(request, _("Your draft has been deleted."))
            return redirect(application.programme)
        services.application_withdraw(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect(application)


@login_required
@require_POST
def application_reopen(request, pk: int):
    application = get_application_for_user(request.user, pk)
    try:
        application = services.application_reopen(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(application)
    messages.success(request, _("Your application is a draft again: check it and submit."))
    return redirect("intake:application_edit", pk=application.pk)
