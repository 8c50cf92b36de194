"""The coordinator's workbench: programmes and enrolments, scoped to one's own programmes."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from accounts.models import User

from . import services
from .admin_common import StatusHistoryInline
from .admin_import import ParticipantImportMixin
from .forms import EnrolmentAddForm, ProgrammeAdminForm
from .models import Area, Enrolment, Programme, ProgrammeStatusChange, Question
from .selectors import programmes_coordinated_by


def _transition_action(to_status: Programme.Status):
    def action(modeladmin, request, queryset):
        moved = 0
        for programme in queryset:
            try:
                services.programme_transition(
                    programme=programme, to_status=to_status, by=request.user
                )
                moved += 1
            except ValidationError as error:
                modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        if moved:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d programme moved to “%(status)s”.",
                    "%(count)d programmes moved to “%(status)s”.",
                    moved,
                )
                % {"count": moved, "status": to_status.label},
                messages.SUCCESS,
            )

    action.__name__ = f"move_to_{to_status.value}"
    # Interpolated when shown, not at import: the label follows the viewer's language.
    action.short_description = lazy(
        lambda: _("Move to “%(status)s”") % {"status": to_status.label}, str
    )()
    action.allowed_permissions = ("change",)
    return action


class ProgrammeStatusChangeInline(StatusHistoryInline):
    model = ProgrammeStatusChange


class AreaInline(TranslationTabularInline):
    model = Area
    fields = ["name", "position"]
    extra = 0


class QuestionInline(TranslationStackedInline):
    model = Question
    fields = ["text", "help_text", "kind", "options", "audience", "required", "position"]
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(ParticipantImportMixin, TranslationAdmin):
    form = ProgrammeAdminForm
    list_display = [
        "name",
        "kind",
        "matching_mode",
        "status",
        "starts_on",
        "ends_on",
        "enrolment_count",
    ]
    list_filter = ["status", "kind", "matching_mode", "starts_on"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ["status", "privacy_notice_version", "created_at", "updated_at"]
    filter_horizontal = ["coordinators"]
    date_hierarchy = "starts_on"
    view_on_site = False  # the "view on site" redirect would reveal a draft's address
    inlines = [AreaInline, QuestionInline, ProgrammeStatusChangeInline]
    actions = [_transition_action(status) for status in Programme.Status]
    fieldsets = (
        (None, {"fields": ("name", "slug", "description", "status")}),
        (_("How it works"), {"fields": ("kind", "matching_mode", "languages")}),
        (
            _("Dates"),
            {"fields": ("application_deadline", "starts_on", "ends_on", "midpoint_on")},
        ),
        (
            _("Meetings and follow-up"),
            {
                "fields": (
                    "min_meetings",
                    "meeting_length_minutes",
                    "meeting_cadence",
                    "follow_up_offsets",
                )
            },
        ),
        (
            _("Programme page"),
            {"fields": ("purpose", "how_it_works", "mentor_guide", "mentee_guide", "peer_guide")},
        ),
        (
            _("Application form"),
            {"fields": ("asks_business_idea", "privacy_notice", "privacy_notice_version")},
        ),
        (_("Agreement"), {"fields": ("agreement_text",)}),
        (_("People"), {"fields": ("coordinators",)}),
        (_("Record"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        queryset = programmes_coordinated_by(request.user)
        return queryset.annotate(enrolment_total=Count("enrolments", distinct=True))

    @admin.display(description=_("people enrolled"), ordering="enrolment_total")
    def enrolment_count(self, obj: Programme) -> int:
        return obj.enrolment_total

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "coordinators":
            # Colleagues with admin access only, never the whole list of participants.
            kwargs["queryset"] = User.objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        # Consent is recorded against a version: a changed notice is a new version.
        notice_fields = {f"privacy_notice_{code}" for code, _name in settings.LANGUAGES}
        if change and notice_fields & set(form.changed_data):
            obj.privacy_notice_version += 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # A coordinator who creates a programme must not lock themselves out of it.
        if not request.user.is_superuser:
            form.instance.coordinators.add(request.user)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["user", "programme", "role", "status", "capacity", "created_at"]
    search_fields = ["user__email", "user__display_name", "programme__name"]
    list_select_related = ["user", "programme"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = EnrolmentAddForm
            kwargs["fields"] = EnrolmentAddForm.Meta.fields
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # Who is enrolled in which programme is fixed once made; withdraw instead.
        return ["user", "programme", "created_at"] if obj else ["created_at"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(programme__coordinators=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "programme":
            kwargs["queryset"] = programmes_coordinated_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # RelatedOnly: the programme filter lists only programmes in the scoped queryset.
    list_filter = ["role", "status", ("programme", admin.RelatedOnlyFieldListFilter)]


from . import admin_intake  # noqa: E402, F401  (applications and interviews)
