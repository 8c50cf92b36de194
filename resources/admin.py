"""The resource library in the coordinator's workbench: their programmes' and the global ones."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin

from .forms import ResourceAdminForm
from .models import Resource


def _may_edit_resource(request, obj: Resource | None) -> bool:
    # Global resources reach every programme: only superusers write them.
    return obj is None or obj.programme_id is not None or request.user.is_superuser


@admin.register(Resource)
class ResourceAdmin(CoordinatedProgrammesMixin, admin.ModelAdmin):
    include_global = True  # read by every coordinator, written by superusers only
    form = ResourceAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "programme", "audience", "language", "kind", "published"]
    list_filter = [
        ("programme", CoordinatedFilter),
        "audience",
        "language",
        "published",
    ]
    list_select_related = ["programme"]
    search_fields = ["title", "summary"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    view_on_site = False

    @admin.display(description=_("kind"))
    def kind(self, obj: Resource) -> str:
        return _("File") if obj.file else _("Link")

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and _may_edit_resource(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and _may_edit_resource(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not request.user.is_superuser and "programme" in form.base_fields:
            form.base_fields["programme"].required = True
            form.base_fields["programme"].help_text = ""
        return form

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
