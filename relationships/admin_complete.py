"""Completing relationships by hand from the coordinators' admin: the match page's "Mark
completed…" button and the list's action, each with a confirmation page like "End early".
A completed relationship ran its course (unlike one ended early): its members are free,
and it counts as completed in the outcomes. ``MatchAdmin`` mixes it in."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import services
from .models import Match
from .selectors import get_match_for_coordinator


class CompleteAdminMixin:
    """For ``MatchAdmin``: the "Mark completed" page and action."""

    def complete_urls(self) -> list:
        view = self.admin_site.admin_view(self.complete_view)
        return [path("<str:object_id>/complete/", view, name="relationships_match_complete")]

    def complete_view(self, request, object_id: str):
        """GET asks to confirm; POST completes the match."""
        match = get_match_for_coordinator(request.user, object_id)  # 404 for anyone else's
        if not self.has_change_permission(request, match):
            raise PermissionDenied
        back = reverse("admin:relationships_match_change", args=[match.pk])
        return self._complete(request, [match], back=back)

    def _complete(self, request, matches: list[Match], *, back: str, action: bool = False):
        current = [m for m in matches if m.is_current]
        if current and "complete_confirmed" in request.POST:
            done = 0
            for match in current:
                try:
                    services.match_complete(match=match, by=request.user)
                except ValidationError as error:
                    self.message_user(
                        request, f"{match}: {' '.join(error.messages)}", messages.ERROR
                    )
                else:
                    done += 1
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d match is completed; its members are free to be matched again.",
                        "%(count)d matches are completed; their members are free to be "
                        "matched again.",
                        done,
                    )
                    % {"count": done},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Mark completed"),
            "matches": current,
            "already_ended": [m for m in matches if not m.is_current],
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "back": back,
        }
        return TemplateResponse(request, "admin/relationships/match/complete.html", context)

    @admin.action(
        description=gettext_lazy("Mark completed (the relationship ran its course)"),
        permissions=["change"],
    )
    def mark_completed(self, request, queryset):
        back = reverse("admin:relationships_match_changelist")
        return self._complete(
            request, list(queryset.select_related("programme")), back=back, action=True
        )
