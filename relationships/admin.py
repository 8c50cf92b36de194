"""The coordinator's view of relationships: who is in which, since when, ending one early.

Coordinators see facts about the relationships of their own programmes (members, dates,
status, how it was formed), never what the members write to each other.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from programs.admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin

from . import services
from .hooks import describe_explanation
from .models import Match, MatchMember
from .selectors import get_match_for_coordinator


class EndEarlyForm(forms.Form):
    """Why the relationship ends (for coordinators) and what the members are told."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for ending"),
        help_text=gettext_lazy("Only coordinators see it; the members are not told."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={
            "required": gettext_lazy(
                "Write why the match ends early (only coordinators see the reason)."
            )
        },
    )
    message = forms.CharField(
        label=gettext_lazy("Message to the members"),
        help_text=gettext_lazy(
            "Optional. Added to the e-mail that tells every member the relationship has ended."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )


class MatchMemberInline(CoordinatedProgrammesMixin, admin.TabularInline):
    programme_path = "match__programme"
    model = MatchMember
    fields = ["enrolment", "role", "place"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Match)
class MatchAdmin(CoordinatedProgrammesMixin, admin.ModelAdmin):
    class Media:
        css = {"all": ["css/admin-layout.css"]}

    list_display = ["__str__", "programme", "status", "origin", "score", "started_at"]
    list_filter = [("programme", CoordinatedFilter), "status", "origin"]
    search_fields = ["members__enrolment__user__email", "members__enrolment__user__display_name"]
    readonly_fields = [
        "programme",
        "status",
        "origin",
        "score",
        "reasons",
        "started_at",
        "ended_at",
        "ended_by",
        "created_by",
    ]
    fields = [*readonly_fields, "end_reason"]
    readonly_fields = [*readonly_fields, "end_reason"]  # written on the "End early" page
    inlines = [MatchMemberInline]
    actions = ["end_early"]

    def get_queryset(self, request):
        members = MatchMember.objects.select_related("enrolment__user")
        return (
            super()
            .get_queryset(request)
            .select_related("programme")
            .prefetch_related(Prefetch("members", queryset=members))
        )

    def has_add_permission(self, request) -> bool:
        return False  # relationships come from matching, requests or a manual pair

    def get_urls(self):
        view = self.admin_site.admin_view(self.end_early_view)
        return [
            path("<str:object_id>/end-early/", view, name="relationships_match_end_early"),
            *super().get_urls(),
        ]

    def end_early_view(self, request, object_id: str):
        """GET asks for the reason and a message to the members; POST ends the match."""
        match = get_match_for_coordinator(request.user, object_id)  # 404 for anyone else's
        if not self.has_change_permission(request, match):
            raise PermissionDenied
        return self._end_early(request, [match], back=self._change_url(match))

    def _change_url(self, match: Match) -> str:
        return reverse("admin:relationships_match_change", args=[match.pk])

    def _end_early(self, request, matches: list[Match], *, back: str, action: bool = False):
        """The confirmation step, for one match or the list's selection."""
        current = [m for m in matches if m.is_current]
        form = EndEarlyForm(request.POST if "end_early_confirmed" in request.POST else None)
        if current and form.is_valid():
            ended = 0
            for match in current:
                try:
                    services.match_end(
                        match=match,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                        message=form.cleaned_data["message"],
                    )
                except ValidationError as error:
                    self.message_user(
                        request, f"{match}: {' '.join(error.messages)}", messages.ERROR
                    )
                else:
                    ended += 1
            if ended:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d match has ended; its members have been told by e-mail "
                        "and can be matched again, not with each other.",
                        "%(count)d matches have ended; their members have been told by e-mail "
                        "and can be matched again, not with each other.",
                        ended,
                    )
                    % {"count": ended},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("End early"),
            "form": form,
            "matches": current,
            "already_ended": [m for m in matches if not m.is_current],
            "members": sum(len(m.members.all()) for m in current),
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "back": back,
        }
        return TemplateResponse(request, "admin/relationships/match/end_early.html", context)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_end_early"] = (
            obj is not None and obj.is_current and self.has_change_permission(request, obj)
        )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    @admin.display(description=gettext_lazy("why"))
    def reasons(self, obj: Match) -> str:
        return "; ".join(describe_explanation(obj.explanation)) or "–"

    @admin.action(
        description=gettext_lazy("End early (the people can be matched again)"),
        permissions=["change"],
    )
    def end_early(self, request, queryset):
        """Asks for the reason and a message first, like "Delete selected" asks."""
        back = reverse("admin:relationships_match_changelist")
        return self._end_early(request, list(queryset), back=back, action=True)
