"""The coordinators' reading of participants' reports, scoped to their own programmes.

The list shows who reported, for which period, how it is going and the meetings since
last time, and whether there is a message — never the message itself. A report's own page
shows its text, and each opening of it is logged there for the coordinators to see (as
the fit-check comments' openings are on a relationship's page). Reports are read, never
changed or deleted: they are what the participant said.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin
from programs.fields import parse_id

from . import review_services as services
from .review_models import ParticipantReport, ReportRead

SHOWN_READS = 10


class HowGoingFilter(admin.SimpleListFilter):
    """1 to 5, known in advance: Django's own filter would read the distinct values of the
    whole table on every view."""

    title = gettext_lazy("how it is going")
    parameter_name = "how_going"

    def lookups(self, request, model_admin):
        return [(str(n), f"{n}/5") for n in range(1, 6)]

    def queryset(self, request, queryset):
        if self.value() in {str(n) for n in range(1, 6)}:
            return queryset.filter(how_going=int(self.value()))
        return queryset


@admin.register(ParticipantReport)
class ParticipantReportAdmin(CoordinatedProgrammesMixin, admin.ModelAdmin):
    programme_path = "match__programme"
    list_display = [
        "who",
        "programme",
        "period",
        "how_going_display",
        "meetings_since",
        "has_message",
        "written_at",
    ]
    list_filter = [("match__programme", CoordinatedFilter), HowGoingFilter]
    confidential_fields = ("to_coordinator",)
    search_fields = ["member__enrolment__user__display_name", "member__enrolment__user__email"]
    ordering = ["-written_at", "-pk"]
    fields = [
        "who",
        "relationship",
        "programme",
        "period",
        "how_going_display",
        "meetings_since",
        "written_at",
        "message",
        "opened",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("match__programme", "member__enrolment__user")
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Opening a report's page is reading its text: logged first, so it shows too."""
        checked = parse_id(unquote(object_id))
        report = self.get_object(request, str(checked)) if checked is not None else None
        if (
            report is not None
            and request.method == "GET"
            and self.has_view_permission(request, report)
        ):
            services.report_read_log(report=report, reader=request.user)
        if checked is None:
            object_id = "0"  # a forged id: simply missing, as Django answers for one
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(
        description=gettext_lazy("who"), ordering="member__enrolment__user__display_name"
    )
    def who(self, obj: ParticipantReport) -> str:
        member = obj.member
        return f"{member.enrolment.user.public_name} ({member.get_role_display()})"

    @admin.display(description=gettext_lazy("programme"), ordering="match__programme__name")
    def programme(self, obj: ParticipantReport):
        return obj.match.programme

    @admin.display(description=gettext_lazy("relationship"))
    def relationship(self, obj: ParticipantReport) -> str:
        url = reverse("admin:relationships_match_change", args=[obj.match_id])
        return format_html('<a href="{}">{}</a>', url, _("The relationship's page"))

    @admin.display(description=gettext_lazy("how it is going"), ordering="how_going")
    def how_going_display(self, obj: ParticipantReport) -> str:
        return f"{obj.how_going}/5"

    @admin.display(description=gettext_lazy("message"), boolean=True)
    def has_message(self, obj: ParticipantReport) -> bool:
        return bool(obj.to_coordinator)

    @admin.display(description=gettext_lazy("for the coordinator"))
    def message(self, obj: ParticipantReport) -> str:
        if not obj.to_coordinator:
            return _("Nothing more to say.")
        return format_html('<div style="white-space: pre-line">{}</div>', obj.to_coordinator)

    @admin.display(description=gettext_lazy("opened by"))
    def opened(self, obj: ParticipantReport):
        """Who opened this report, latest first: the coordinators keep each other honest."""
        reads = ReportRead.objects.filter(report=obj).select_related("reader")[:SHOWN_READS]
        if not reads:
            return "–"
        return format_html_join(
            "",
            "<div>{} · {}</div>",
            (
                (date_format(localtime(r.read_at), "DATETIME_FORMAT"), r.reader or "–")
                for r in reads
            ),
        )
