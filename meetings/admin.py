"""The topic bank in the coordinators' workbench: discussion topics and activity ideas of
their programmes, and the global ones every programme offers.

Meetings, agendas, notes and reflections are the members' own: no admin shows them to
coordinators, who see only dates and counts in the relationships list (``meetings.facts``).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from programs.admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin

from .models import Topic


def _may_edit_topic(request, obj: Topic | None) -> bool:
    # A global topic reaches every programme: only superusers write it.
    return obj is None or obj.programme_id is not None or request.user.is_superuser


@admin.register(Topic)
class TopicAdmin(CoordinatedProgrammesMixin, TranslationAdmin):
    include_global = True  # read by every coordinator, written by superusers only
    list_display = ["title", "kind", "where", "position", "active"]
    list_filter = ["kind", "active", ("programme", CoordinatedFilter)]
    list_select_related = ["programme"]
    search_fields = ["title_en", "title_sv", "description_en", "description_sv"]
    fields = ["programme", "kind", "title", "description", "position", "active"]
    view_on_site = False

    @admin.display(description=_("offered in"), ordering="programme")
    def where(self, obj: Topic) -> str:
        return obj.programme.name if obj.programme_id else _("Every programme")

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and _may_edit_topic(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and _may_edit_topic(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "programme" in form.base_fields:
            # A coordinator's topic belongs to one of their programmes.
            form.base_fields["programme"].required = True
            form.base_fields["programme"].help_text = ""
        return form
