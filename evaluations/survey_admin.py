"""Surveys in the coordinators' workbench: built with their questions, published, copied to
another programme, and their results — scoped to the coordinator's own programmes.

Responses, answers and receipts have no admin: the results page is the one way to read
them, as totals (and anonymous ones only from three answers), so no page can tie an
anonymous answer to a person.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from programs.admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin
from programs.fields import parse_id
from programs.models import Programme
from programs.selectors import programmes_coordinated_by

from . import survey_services
from .health import site_day
from .survey_models import ANONYMITY_THRESHOLD, Survey, SurveyQuestion
from .survey_selectors import survey_results


class SurveyQuestionInline(CoordinatedProgrammesMixin, TranslationStackedInline):
    model = SurveyQuestion
    programme_path = "survey__programme"
    fields = ["position", "kind", "text", "choices", "required"]
    extra = 0
    ordering = ["position", "pk"]


class CopyForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Copy to the programme"), queryset=Programme.objects.none()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes_coordinated_by(user).order_by("name")


@admin.register(Survey)
class SurveyAdmin(CoordinatedProgrammesMixin, TranslationAdmin):
    list_display = ["title", "programme", "audience", "timing", "anonymous", "status", "results"]
    list_filter = [("programme", CoordinatedFilter), "status", "timing", "anonymous"]
    list_select_related = ["programme"]
    search_fields = ["title_en", "title_sv"]
    fieldsets = [
        (None, {"fields": ["programme", "title", "intro", "audience", "status"]}),
        (
            gettext_lazy("When and how"),
            {"fields": ["timing", "every_weeks", "months_after", "open_days", "anonymous"]},
        ),
    ]
    inlines = [SurveyQuestionInline]
    actions = ["copy_to_programme", "publish"]
    view_on_site = False

    def save_model(self, request, obj, form, change):
        if obj.is_published and obj.published_on is None:
            obj.published_on = site_day(timezone.now())
        super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.has_answers:
            fields += [name for name in Survey.KEPT_ONCE_ANSWERED if name not in fields]
        return fields

    def has_delete_permission(self, request, obj=None) -> bool:
        # A survey with answers is kept: its responses hold it (PROTECT).
        return super().has_delete_permission(request, obj) and (
            obj is None or not obj.receipts.exists()
        )

    @admin.display(description=gettext_lazy("results"))
    def results(self, obj: Survey) -> str:
        if not obj.is_published:
            return "–"
        url = reverse("admin:evaluations_survey_results", args=[obj.pk])
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> ({})</span></a>',
            url,
            _("Results"),
            obj.title,
        )

    # --- Actions ---------------------------------------------------------------------------

    @admin.action(description=gettext_lazy("Publish the selected surveys"), permissions=["change"])
    def publish(self, request, queryset):
        done = queryset.exclude(status=Survey.Status.PUBLISHED).update(
            # The first publication's day stays: what was answered since keeps its place.
            status=Survey.Status.PUBLISHED,
            published_on=Coalesce(F("published_on"), Value(site_day(timezone.now()))),
        )
        self.message_user(
            request,
            ngettext("%(count)d survey published.", "%(count)d surveys published.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Copy to another programme (as a draft)"), permissions=["add"]
    )
    def copy_to_programme(self, request, queryset):
        """Asks for the programme first, like "Delete selected" asks for a confirmation."""
        form = CopyForm(
            request.POST if "copy_confirmed" in request.POST else None, user=request.user
        )
        surveys = list(queryset.prefetch_related("questions"))
        if form.is_valid():
            made = 0
            for survey in surveys:
                try:
                    survey_services.survey_copy(
                        survey=survey, programme=form.cleaned_data["programme"]
                    )
                except ValidationError as error:
                    self.message_user(
                        request, f"{survey}: {' '.join(error.messages)}", messages.ERROR
                    )
                else:
                    made += 1
            if made:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d survey copied as a draft to %(programme)s.",
                        "%(count)d surveys copied as drafts to %(programme)s.",
                        made,
                    )
                    % {"count": made, "programme": form.cleaned_data["programme"]},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(reverse("admin:evaluations_survey_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Copy surveys to another programme"),
            "form": form,
            "surveys": surveys,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/evaluations/survey/copy.html", context)

    # --- Results -----------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view(self.results_view)
        return [
            path("<str:object_id>/results/", view, name="evaluations_survey_results"),
            *super().get_urls(),
        ]

    def results_view(self, request, object_id: str):
        """Per occasion: invited, answered, and per question the totals (anonymous ones
        suppressed below three answers). 404 for another programme's survey."""
        pk = parse_id(object_id)
        survey = (
            self.get_queryset(request).filter(pk=pk).select_related("programme").first()
            if pk is not None
            else None
        )
        if survey is None:
            raise Http404
        if not self.has_view_permission(request, survey):
            raise PermissionDenied
        results = survey_results(
            [survey.programme_id], site_day(timezone.now()), survey_id=survey.pk, texts=True
        )
        chosen = request.GET.get("occasion")
        shown = [r for r in results if r.occasion == chosen] or results[-1:]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Results: %(survey)s") % {"survey": survey.title},
            "survey": survey,
            "original": survey,
            "occasions": results,
            "shown": shown[0] if shown else None,
            "threshold": ANONYMITY_THRESHOLD,
            "back": reverse("admin:evaluations_survey_change", args=[survey.pk]),
        }
        return TemplateResponse(request, "admin/evaluations/survey/results.html", context)
