"""Privacy → Texts deleted after the retention period: what the job did per programme, in
numbers, for site administrators; nobody edits it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .retention_models import ProgrammeRetention


@admin.register(ProgrammeRetention)
class ProgrammeRetentionAdmin(admin.ModelAdmin):
    list_display = ["programme", "due_on", "started_at", "done_at", "deleted"]
    list_select_related = ["programme"]
    fields = ["programme", "due_on", "started_at", "done_at", "counts"]
    readonly_fields = fields

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("rows deleted or blanked"))
    def deleted(self, obj: ProgrammeRetention) -> int:
        return sum(obj.counts.values())
