"""The coordinator's side of matching: settings, do-not-match pairs, rounds and matches.

Everything is scoped to the coordinator's own programmes; another programme's objects
answer 404.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.formatting import number
from programs.admin import ProgrammeTool, programme_admin_extend
from programs.admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin
from programs.fields import parse_id
from programs.models import Enrolment, Programme
from programs.selectors import programmes_coordinated_by
from programs.services import programme_transition

from . import services
from .admin_forms import PairForm
from .models import Exclusion, MatchingRun, MatchingSettings, MatchRequest, Preference, Suggestion
from .review import confirm_preview, people_search, person_label, review_context, round_summary


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
    list_filter = [("programme", CoordinatedFilter)]
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
    list_filter = [("programme", CoordinatedFilter), "status"]
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
                "programme/<str:programme_id>/people/<str:side>/",
                self._coordinators_only(wrap(self.people_view)),
                name="matching_programme_people",
            ),
            path(
                "programme/<str:programme_id>/<str:action>/",
                wrap(self.action_view),
                name="matching_programme_action",
            ),
            *super().get_urls(),
        ]

    def _coordinators_only(self, view):
        """A signed-in participant asking for data gets 403, not the sign-in page."""

        def inner(request, *args, **kwargs):
            if request.user.is_authenticated and not self.admin_site.has_permission(request):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return inner

    def _programme(self, request, programme_id: str) -> Programme:
        if not request.user.has_perm("matching.change_matchingrun"):
            raise PermissionDenied
        pk = parse_id(programme_id)
        if pk is None:
            raise Http404
        return get_object_or_404(programmes_coordinated_by(request.user), pk=pk)

    def _context(self, request, programme: Programme, title: str) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "programme": programme,
            "title": title,
            "keep": _kept(request),
        }

    def review_view(self, request, programme_id: str):
        programme = self._programme(request, programme_id)
        context = {
            **self._context(
                request, programme, _("Matching: %(programme)s") % {"programme": programme}
            ),
            **review_context(
                programme,
                query=(request.GET.get("q") or "").strip()[:100],
                page=request.GET.get("p"),
                user=request.user,
            ),
            "pair_form": PairForm(programme=programme, peers=programme.kind == Programme.Kind.PEER),
        }
        return TemplateResponse(request, "admin/matching/review.html", context)

    def people_view(self, request, programme_id: str, side: str):
        """Whom "Pair by hand" offers, as select2 asks for them (``term``, ``page``)."""
        programme = self._programme(request, programme_id)
        if side not in ("first", "second"):
            raise Http404
        page = parse_id(request.GET.get("page") or "1") or 1
        found, more = people_search(
            programme, side, (request.GET.get("term") or "")[:100], min(page, 10_000)
        )
        return JsonResponse(
            {
                "results": [{"id": str(p.pk), "text": person_label(p)} for p in found],
                "pagination": {"more": more},
            }
        )

    # Done by a POST from the page; ``CONFIRM_FIRST`` ask on a page of their own first (GET).
    ACTIONS = ("run", "lock", "unlock", "exclude", "pair", "confirm", "discard", "start")
    CONFIRM_FIRST = ("exclude", "confirm")

    def action_view(self, request, programme_id: str, action: str):
        programme = self._programme(request, programme_id)
        if action not in self.ACTIONS:
            raise Http404
        if request.method == "GET" and action in self.CONFIRM_FIRST:
            return getattr(self, f"_ask_{action}")(request, programme)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        back = reverse("admin:matching_programme", args=[programme.pk])
        try:
            message = getattr(self, f"_do_{action}")(request, programme)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            if message:
                self.message_user(request, message, messages.SUCCESS)
        query = urlencode(_kept(request))
        return HttpResponseRedirect(f"{back}?{query}" if query else back)

    def _run(self, programme: Programme) -> MatchingRun:
        run = services.open_run(programme)
        if run is None:
            raise ValidationError(_("Start a round first."))
        return run

    def _suggestion(self, request, programme: Programme) -> Suggestion:
        data = request.POST if request.method == "POST" else request.GET
        pk = parse_id(data.get("suggestion"))
        run = self._run(programme)
        found = (
            run.suggestions.select_related("first__user", "second__user", "third__user")
            .filter(pk=pk)
            .first()
            if pk
            else None
        )
        if found is None:
            raise Http404
        return found

    def _person(self, request, programme: Programme, field: str) -> Enrolment:
        pk = parse_id(request.POST.get(field))
        found = programme.enrolments.filter(pk=pk).select_related("user").first() if pk else None
        if found is None:
            raise ValidationError(_("Choose two people of this programme."))
        return found

    def _ask(
        self,
        request,
        programme,
        *,
        title: str,
        lines: list[str],
        action: str,
        button: str,
        suggestion: Suggestion | None = None,
    ):
        context = {
            **self._context(request, programme, title),
            "lines": lines,
            "action": action,
            "button": button,
            "suggestion": suggestion,
            "back": reverse("admin:matching_programme", args=[programme.pk]),
        }
        return TemplateResponse(request, "admin/matching/confirm.html", context)

    def _ask_confirm(self, request, programme):
        try:
            run = self._run(programme)
            services.run_check_confirmable(run)  # says why not before asking
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:matching_programme", args=[programme.pk]))
        preview = confirm_preview(run)
        if programme.kind == Programme.Kind.GROUP:
            created = ngettext(
                "%(count)d group will be formed or joined.",
                "%(count)d groups will be formed or joined.",
                preview.matches,
            )
        else:
            created = ngettext(
                "%(count)d match will be created.",
                "%(count)d matches will be created.",
                preview.matches,
            )
        lines = [
            created % {"count": preview.matches},
            ngettext(
                "%(count)d person will be e-mailed an introduction.",
                "%(count)d people will be e-mailed an introduction.",
                preview.people,
            )
            % {"count": preview.people},
        ]
        if preview.without_suggestion:
            lines.append(
                ngettext(
                    "%(count)d person waiting has no suggestion and stays unmatched.",
                    "%(count)d people waiting have no suggestion and stay unmatched.",
                    preview.without_suggestion,
                )
                % {"count": preview.without_suggestion}
            )
        return self._ask(
            request,
            programme,
            title=_("Confirm the matches?"),
            lines=lines,
            action="confirm",
            button=_("Yes, create the matches and send the e-mails"),
        )

    def _ask_exclude(self, request, programme):
        try:
            suggestion = self._suggestion(request, programme)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:matching_programme", args=[programme.pk]))
        lines = [
            _(
                "%(pair)s will never be suggested together in this programme: the pair goes on "
                "the do-not-match list and this suggestion is removed."
            )
            % {"pair": suggestion},
            _("%(person)s then waits for a re-run or a pair by hand.")
            % {"person": suggestion.first.user},
        ]
        return self._ask(
            request,
            programme,
            title=_("Exclude this pair?"),
            lines=lines,
            action="exclude",
            button=_("Yes, exclude the pair"),
            suggestion=suggestion,
        )

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
            # The same figure as the page's header: both read the round as it is now.
            return _("Suggestions are ready: %(count)s.") % {
                "count": number(round_summary(run).suggested)
            }
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
        if suggestion.dropped:
            self.message_user(
                request,
                ngettext(
                    "This suggestion was removed to make way for the pair: %(pairs)s. Its "
                    "people wait for a re-run or a pair by hand.",
                    "These suggestions were removed to make way for the pair: %(pairs)s. "
                    "Their people wait for a re-run or a pair by hand.",
                    len(suggestion.dropped),
                )
                % {"pairs": "; ".join(suggestion.dropped)},
                messages.WARNING,
            )
        return _("Paired and locked: %(pair)s") % {"pair": suggestion}

    def _do_confirm(self, request, programme):
        run = self._run(programme)
        people = confirm_preview(run).people
        matches = services.run_confirm(run=run, by=request.user)
        done = ngettext("%(count)s match created.", "%(count)s matches created.", len(matches)) % {
            "count": number(len(matches))
        }
        mailed = ngettext(
            "%(count)s person gets an introduction e-mail.",
            "%(count)s people get an introduction e-mail.",
            people,
        ) % {"count": number(people)}
        return f"{done} {mailed}"

    def _do_discard(self, request, programme):
        services.run_discard(run=self._run(programme))
        return _("The round was discarded.")

    def _do_start(self, request, programme):
        """The next step after confirming: the programme runs, and its reminders start."""
        if not request.user.has_perm("programs.change_programme"):
            raise PermissionDenied
        programme_transition(
            programme=programme, to_status=Programme.Status.RUNNING, by=request.user
        )
        return _("%(programme)s is now running.") % {"programme": programme}


def _kept(request) -> list[tuple[str, str]]:
    """The review page's search and page number, carried through every action and back."""
    data = request.POST if request.method == "POST" else request.GET
    return [(key, data[key][:100]) for key in ("q", "p") if data.get(key)]


@admin.register(Preference)
class PreferenceAdmin(ProgrammeScopedAdmin):
    programme_path = "chooser__programme"
    list_display = ["chooser", "chosen", "rank"]
    list_filter = [("chooser__programme", CoordinatedFilter)]
    list_select_related = ["chooser__user", "chosen__user"]
    autocomplete_fields = ["chooser", "chosen"]


@admin.register(MatchRequest)
class MatchRequestAdmin(ProgrammeScopedAdmin):
    """Where mentees' requests stand; only the mentee and the mentor change them."""

    list_display = ["mentee", "mentor", "rank", "status", "sent_at", "expires_at", "answered_at"]
    list_filter = [("programme", CoordinatedFilter), "status"]
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
