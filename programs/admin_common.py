"""Pieces the programme and application admins share."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_scoping import CoordinatedProgrammesMixin


class StatusHistoryInline(CoordinatedProgrammesMixin, admin.TabularInline):
    """Who moved something from one status to the next, and when; read-only."""

    fields = ["changed_at", "from_status", "to_status", "changed_by_name"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("status history")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    # A name, not a link: coordinators have no access to the people admin.
    @admin.display(description=_("changed by"))
    def changed_by_name(self, obj) -> str:
        return str(obj.changed_by or "—")
