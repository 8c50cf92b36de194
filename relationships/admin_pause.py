"""Pausing relationships from the coordinators' admin: the list's "Paused until …" and its
filter (a pause is a break, not a quiet spell), the match page's "Pause…" and "Resume"
buttons, and the same as actions on the list's selection. ``MatchAdmin`` mixes it in; the
services do the work and tell the members.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import services
from .forms import PauseForm
from .models import Match
from .selectors import get_match_for_coordinator


class PauseFilter(admin.SimpleListFilter):
    """A pause told apart from a quiet relationship: who is taking a break, who is back."""

    title = gettext_lazy("pause")
    parameter_name = "pause"

    def lookups(self, request, model_admin):
        return [
            ("paused", _("Paused")),
            ("back_soon", _("Paused, back within a week")),
            ("back", _("Back from a pause")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "paused":
            return queryset.filter(status=Match.Status.PAUSED)
        if self.value() == "back_soon":
            week = timezone.localdate() + timedelta(days=7)
            return queryset.filter(status=Match.Status.PAUSED, paused_until__lte=week)
        if self.value() == "back":
            return queryset.filter(status__in=Match.RUNNING, paused_until__isnull=False)
        return queryset


class PauseAdminMixin:
    """For ``MatchAdmin``: the pause's column, field, pages and actions."""

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def state(self, obj: Match) -> str:
        """The status, and for a pause its return date: a break, not a quiet spell."""
        if obj.is_paused and obj.paused_until:
            return _("Paused until %(date)s") % {"date": date_format(obj.paused_until)}
        return obj.get_status_display()

    @admin.display(description=gettext_lazy("pause"))
    def pause(self, obj: Match):
        """The pause now (until when, by whom, why), or the last one and the day it ended."""
        if obj.paused_until is None:
            return "–"
        if obj.is_paused:
            return format_html(
                "{}<br>{}",
                _("Paused until %(date)s by %(who)s")
                % {"date": date_format(obj.paused_until), "who": obj.paused_by or "–"},
                obj.pause_reason,
            )
        return _("Back on %(date)s from a pause: %(reason)s") % {
            "date": date_format(obj.paused_until),
            "reason": obj.pause_reason or "–",
        }

    def pause_urls(self) -> list:
        pause = self.admin_site.admin_view(self.pause_view)
        resume = self.admin_site.admin_view(self.resume_view)
        return [
            path("<str:object_id>/pause/", pause, name="relationships_match_pause"),
            path("<str:object_id>/resume/", resume, name="relationships_match_resume"),
        ]

    def pause_view(self, request, object_id: str):
        """GET asks for the return date and the reason; POST pauses the match."""
        match = get_match_for_coordinator(request.user, object_id)  # 404 for anyone else's
        if not self.has_change_permission(request, match):
            raise PermissionDenied
        return self._pause(request, [match], back=self._change_url(match))

    def resume_view(self, request, object_id: str):
        """POST resumes the match now (a GET changes nothing and goes back)."""
        match = get_match_for_coordinator(request.user, object_id)
        if not self.has_change_permission(request, match):
            raise PermissionDenied
        if request.method == "POST":
            self._resume(request, [match])
        return HttpResponseRedirect(self._change_url(match))

    def _pause(self, request, matches: list[Match], *, back: str, action: bool = False):
        """The confirmation step, for one match or the list's selection."""
        running = [m for m in matches if m.is_running]
        form = None
        if running:
            # The date limits shown are those of the programme that ends first.
            programme = min((m.programme for m in running), key=lambda p: p.ends_on)
            data = request.POST if "pause_confirmed" in request.POST else None
            form = PauseForm(data, programme=programme)
            form.fields["reason"].label = _("Reason for the pause")
            form.fields["reason"].help_text = _(
                "The members read it, in the e-mail and in their workspace."
            )
        if form is not None and form.is_valid():
            paused = 0
            for match in running:
                try:
                    services.match_pause(match=match, by=request.user, **form.cleaned_data)
                except ValidationError as error:
                    if len(running) == 1:
                        form.add_error(None, error)  # shown on the form, to correct
                    else:
                        self.message_user(
                            request, f"{match}: {' '.join(error.messages)}", messages.ERROR
                        )
                else:
                    paused += 1
            if paused:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d match is paused; its members have been told by e-mail.",
                        "%(count)d matches are paused; their members have been told by e-mail.",
                        paused,
                    )
                    % {"count": paused},
                    messages.SUCCESS,
                )
            if paused or len(running) > 1:
                return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Pause"),
            "form": form,
            "matches": running,
            "not_running": [m for m in matches if not m.is_running],
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "back": back,
        }
        return TemplateResponse(request, "admin/relationships/match/pause.html", context)

    def _resume(self, request, matches) -> None:
        resumed = 0
        for match in matches:
            try:
                services.match_resume(match=match, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{match}: {' '.join(error.messages)}", messages.ERROR)
            else:
                resumed += 1
        if resumed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d match is running again; its members get a welcome-back e-mail.",
                    "%(count)d matches are running again; their members get a welcome-back e-mail.",
                    resumed,
                )
                % {"count": resumed},
                messages.SUCCESS,
            )

    @admin.action(
        description=gettext_lazy("Pause until a return date"),
        permissions=["change"],
    )
    def pause_relationships(self, request, queryset):
        """Asks for the return date and the reason first, as "End early" does."""
        back = reverse("admin:relationships_match_changelist")
        return self._pause(
            request, list(queryset.select_related("programme")), back=back, action=True
        )

    @admin.action(description=gettext_lazy("Resume now"), permissions=["change"])
    def resume_relationships(self, request, queryset):
        self._resume(request, list(queryset))
