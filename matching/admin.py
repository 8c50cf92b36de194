"""The coordinator's side of matching: settings, do-not-match pairs, rounds and matches.

Everything is scoped to the coordinator's own programmes; another programme's objects
answer 404.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from programs.admin import ProgrammeTool, programme_admin_extend
from programs.admin_scoping import CoordinatedProgrammesMixin
from programs.fields import parse_id
from programs.models import Enrolment, Programme
from programs.selectors import programmes_coordinated_by

from . import services
from .models import Exclusion, MatchingRun, MatchingSettings, MatchRequest, Preference, Suggestion
from .selectors import review_context


class ProgrammeScopedAdmin(CoordinatedProgrammesMixin, admin.ModelAdmin):
    """Every matching admin: the coordinator's own programmes only."""


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(ProgrammeScopedAdmin):
    list_display = ["programme", "objective", "min_score", "max_requests", "response_days"]
    fieldsets = (
        (None, {"fields": ("programme",)}),
        (
            gettext_lazy("Weights (points for a perfect fit on each criterion)"),
            {
                "fields": (
                    "weight_areas",
                    "weight_expertise",
                    "weight_formats",
                    "weight_city",
                    "weight_career",
                    "weight_availability",
                    "weight_style",
                    "weight_preferences",
                    "weight_department",
                ),
                "description": gettext_lazy(
                    "A shared language is always required, and nobody is matched with their "
                    "own manager, with a person on the do-not-match list, or again with a "
                    "former partner."
                ),
            },
        ),
        (gettext_lazy("Coordinator-led matching"), {"fields": ("objective", "min_score")}),
        (gettext_lazy("Mentee requests"), {"fields": ("max_requests", "response_days")}),
    )


@admin.register(Exclusion)
class ExclusionAdmin(ProgrammeScopedAdmin):
    list_display = ["first", "second", "programme", "note", "created_at"]
    list_filter = [("programme", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["first__user", "second__user", "programme"]
    fields = ["programme", "first", "second", "note"]
    # A programme of thousands is no drop-down; the search answers from the enrolment
    # admin, which is scoped to the coordinator's programmes.
    autocomplete_fields = ["first", "second"]

    def save_model(self, request, obj, form, change) -> None:
        obj.created_by = obj.created_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(MatchingRun)
class MatchingRunAdmin(ProgrammeScopedAdmin):
    """Rounds are listed here; each programme's matching page does the work."""

    list_display = ["programme", "status", "created_at", "finished_at", "started_by", "review"]
    list_filter = [("programme", admin.RelatedOnlyFieldListFilter), "status"]
    list_select_related = ["programme", "started_by"]

    @admin.display(description=gettext_lazy("matching page"))
    def review(self, obj: MatchingRun) -> str:
        url = reverse("admin:matching_programme", args=[obj.programme_id])
        return format_html('<a href="{}">{}</a>', url, _("Open"))

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "programme/<str:programme_id>/",
                wrap(self.review_view),
                name="matching_programme",
            ),
            path(
                "programme/<str:programme_id>/<str:action>/",
                wrap(require_POST(self.action_view)),
                name="matching_programme_action",
            ),
            *super().get_urls(),
        ]

    def _programme(self, request, programme_id: str) -> Programme:
        if not request.user.has_perm("matching.change_matchingrun"):
            raise PermissionDenied
        pk = parse_id(programme_id)
        if pk is None:
            raise Http404
        return get_object_or_404(programmes_coordinated_by(request.user), pk=pk)

    def review_view(self, request, programme_id: str):
        programme = self._programme(request, programme_id)
        context = {
            **self.admin_site.each_context(request),
            **review_context(programme),
            "opts": self.model._meta,
            "title": _("Matching: %(programme)s") % {"programme": programme},
        }
        return TemplateResponse(request, "admin/matching/review.html", context)

    ACTIONS = ("run", "lock", "unlock", "exclude", "pair", "confirm", "discard")

    def action_view(self, request, programme_id: str, action: str):
        programme = self._programme(request, programme_id)
        if action not in self.ACTIONS:
            raise Http404
        back = reverse("admin:matching_programme", args=[programme.pk])
        try:
            message = getattr(self, f"_do_{action}")(request, programme)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            if message:
                self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(back)

    def _run(self, programme: Programme) -> MatchingRun:
        run = services.open_run(programme)
        if run is None:
            raise ValidationError(_("Start a round first."))
        return run

    def _suggestion(self, request, programme: Programme) -> Suggestion:
        pk = parse_id(request.POST.get("suggestion"))
        run = self._run(programme)
        found = run.suggestions.filter(pk=pk).first() if pk else None
        if found is None:
            raise Http404
        return found

    def _person(self, request, programme: Programme, field: str) -> Enrolment:
        pk = parse_id(request.POST.get(field))
        found = programme.enrolments.filter(pk=pk).select_related("user").first() if pk else None
        if found is None:
            raise ValidationError(_("Choose two people of this programme."))
        return found

    def _do_run(self, request, programme: Programme) -> str:
        objective = request.POST.get("objective") or None
        if objective not in (None, *MatchingSettings.Objective.values):
            raise ValidationError(_("Choose what to optimise."))
        raw = (request.POST.get("min_score") or "").strip()
        min_score = None
        if objective == MatchingSettings.Objective.MIN_SCORE:
            if parse_id(raw) is None or int(raw) > 1000:  # "²".isdigit() is true
                raise ValidationError(_("The minimum score is a whole number from 0 to 1000."))
            min_score = int(raw)
        run = services.run_start(
            programme=programme, by=request.user, objective=objective, min_score=min_score
        )
        if run.status == MatchingRun.Status.READY:
            return _("Suggestions are ready: %(count)d.") % {"count": run.suggestions.count()}
        if run.status == MatchingRun.Status.FAILED:
            raise ValidationError(
                _("Matching failed. Try again; if it keeps failing, tell your administrator.")
            )
        return _("Matching has started; this page shows its progress.")

    def _do_lock(self, request, programme):
        services.suggestion_lock(suggestion=self._suggestion(request, programme), locked=True)
        return _("Locked: re-running keeps this pair.")

    def _do_unlock(self, request, programme):
        services.suggestion_lock(suggestion=self._suggestion(request, programme), locked=False)
        return _("Unlocked.")

    def _do_exclude(self, request, programme):
        suggestion = self._suggestion(request, programme)
        services.suggestion_exclude(suggestion=suggestion, by=request.user)
        return _("%(pair)s will not be suggested again. Re-run to find them other partners.") % {
            "pair": suggestion
        }

    def _do_pair(self, request, programme):
        suggestion = services.suggestion_add_manual(
            run=self._run(programme),
            first=self._person(request, programme, "first"),
            second=self._person(request, programme, "second"),
            by=request.user,
        )
        if suggestion.warnings:
            from .reasons import describe

            warnings = "; ".join(
                describe({"criterion": "excluded", "rule": r}) for r in suggestion.warnings
            )
            self.message_user(
                request,
                _("Paired against a rule – check before confirming: %(rules)s")
                % {"rules": warnings},
                messages.WARNING,
            )
        return _("Paired and locked: %(pair)s") % {"pair": suggestion}

    def _do_confirm(self, request, programme):
        matches = services.run_confirm(run=self._run(programme), by=request.user)
        return _("%(count)d matches created; everyone gets an introduction e-mail.") % {
            "count": len(matches)
        }

    def _do_discard(self, request, programme):
        services.run_discard(run=self._run(programme))
        return _("The round was discarded.")


@admin.register(Preference)
class PreferenceAdmin(ProgrammeScopedAdmin):
    programme_path = "chooser__programme"
    list_display = ["chooser", "chosen", "rank"]
    list_filter = [("chooser__programme", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["chooser__user", "chosen__user"]
    autocomplete_fields = ["chooser", "chosen"]


@admin.register(MatchRequest)
class MatchRequestAdmin(ProgrammeScopedAdmin):
    """Where mentees' requests stand; only the mentee and the mentor change them."""

    list_display = ["mentee", "mentor", "rank", "status", "sent_at", "expires_at", "answered_at"]
    list_filter = [("programme", admin.RelatedOnlyFieldListFilter), "status"]
    list_select_related = ["mentee__user", "mentor__user"]
    search_fields = ["mentee__user__email", "mentor__user__email"]
    fields = [*list_display, "programme", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


programme_admin_extend(
    tool=ProgrammeTool(
        label=gettext_lazy("Match participants"), url_name="admin:matching_programme"
    ),
)
