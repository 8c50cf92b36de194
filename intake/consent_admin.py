"""Consent records in the admin: on the application for its coordinators (read-only), and
every record for site administrators (superusers) under Intake → Consent records."""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .consent_models import ConsentRecord


class _ReadOnly:
    """Append-only: nobody adds, changes or deletes a record by hand."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.display(description=_("consents given"))
def consent_history(self, obj) -> str:
    """Every consent given on this application, oldest first, each with its notice
    version (a read-only field of the application's admin page)."""
    records = list(obj.consent_records.order_by("given_at", "pk")) if obj.pk else []
    if not records:
        return "—"

    def when(moment) -> str:
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")

    rows = []
    for record in records:
        if record.withdrawn_at:
            line = _("Version %(version)s, given %(when)s, withdrawn %(withdrawn)s")
        else:
            line = _("Version %(version)s, given %(when)s")
        values = {"version": record.notice_version, "when": when(record.given_at)}
        if record.withdrawn_at:
            values["withdrawn"] = when(record.withdrawn_at)
        rows.append((line % values,))
    return format_html('<ul class="mb-0">{}</ul>', format_html_join("", "<li>{}</li>", rows))


@admin.register(ConsentRecord)
class ConsentRecordAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["user", "programme", "notice_version", "given_at", "withdrawn_at", "language"]
    # No filter on the version: it would read the whole table for the values in use.
    list_filter = ["programme", "given_at", "withdrawn_at"]
    show_full_result_count = False
    search_fields = ["user__email", "user__display_name", "programme__name"]
    list_select_related = ["user", "programme"]
    fields = [
        "user",
        "programme",
        "application",
        "notice_version",
        "notice_text",
        "notice_digest",
        "language",
        "given_at",
        "withdrawn_at",
    ]
    readonly_fields = fields

    # Site administrators only: coordinators see the consents on their applications.
    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    @admin.display(description=_("privacy notice, as it read"))
    def notice_text(self, obj: ConsentRecord) -> str:
        if obj.notice is None:
            return _("Not kept (given before versions were kept)")
        return obj.notice.text_in(obj.language)
