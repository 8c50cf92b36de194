"""Overviews for coordinators in the admin: the e-mails of their programmes, sent or not.

Here rather than in ``notifications`` because the programme scoping lives above it.
"""

from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications.models import Delivery
from programs.admin import ProgrammeTool, programme_admin_extend
from programs.admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin

from . import admin_views


class EmailKindFilter(admin.SimpleListFilter):
    """The e-mails the site sends, one per subject template: not the distinct kinds of every
    delivery ever recorded, which Django's own filter reads on each view."""

    title = _("e-mail")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        folder = Path(settings.TEMPLATES[0]["DIRS"][0]) / "emails"
        names = sorted(p.name.removesuffix("-subject.txt") for p in folder.glob("*-subject.txt"))
        return [(name, name) for name in names]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Delivery)
class DeliveryAdmin(CoordinatedProgrammesMixin, admin.ModelAdmin):
    list_display = [
        "kind",
        "recipient_name",
        "about",
        "occasion",
        "programme",
        "status",
        "attempts",
        "created_at",
    ]
    list_filter = ["status", EmailKindFilter, ("programme", CoordinatedFilter), "created_at"]
    list_select_related = ["recipient", "programme"]
    search_fields = ["kind", "about", "recipient__email", "recipient__display_name"]
    fields = [
        "kind",
        "recipient_name",
        "programme",
        "about",
        "occasion",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("recipient"), ordering="recipient__email")
    def recipient_name(self, obj: Delivery) -> str:
        # A name, not a link: coordinators have no access to the people admin.
        return str(obj.recipient)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


# --- The coordinators' dashboard: a tool on each programme's page, and its urls ----------

programme_admin_extend(
    tool=ProgrammeTool(label=_("Dashboard"), url_name="admin:dashboard_programme"),
    urls=admin_views.urls,
)
