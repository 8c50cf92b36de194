"""The coordinator's view of relationships: who is in which, since when, ending one early.

Coordinators see facts about the relationships of their own programmes (members, dates,
status, how it was formed), never what the members write to each other.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin

from . import services
from .hooks import describe_explanation
from .models import Match, MatchMember


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

    def response_change(self, request, obj: Match):
        """The "End early" button: saves the reason written above, then ends the match."""
        if "_end_early" in request.POST:
            try:
                services.match_end(match=obj, by=request.user, reason=obj.end_reason)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("The match has ended. Both can now be matched again, not with each other."),
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_end_early"] = obj is not None and obj.is_current
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    @admin.display(description=gettext_lazy("why"))
    def reasons(self, obj: Match) -> str:
        return "; ".join(describe_explanation(obj.explanation)) or "–"

    @admin.action(description=gettext_lazy("End early (the people can be matched again)"))
    def end_early(self, request, queryset) -> None:
        for match in queryset:
            try:
                services.match_end(match=match, by=request.user, reason=match.end_reason)
            except ValidationError as error:
                self.message_user(request, f"{match}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("Ended: %(match)s") % {"match": match})
