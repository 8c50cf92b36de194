"""The coordinator's workbench: programmes and enrolments, scoped to one's own programmes."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationTabularInline,
)

from accounts.models import User

from . import services
from .admin_common import StatusHistoryInline
from .admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin
from .forms import EnrolmentAddForm, ProgrammeAdminForm
from .models import Area, Enrolment, Programme, ProgrammeStatusChange
from .notice_admin import notice_versions
from .notice_models import notice_version_keep


@dataclass(frozen=True)
class ProgrammeTool:
    """A button on the programme's change page that leads to another stage's admin view."""

    label: str
    url_name: str  # an admin url name taking the programme's id


# What later stages add to the programme's admin page; ``programme_admin_extend`` fills them.
_inlines: list[type] = []
_tools: list[ProgrammeTool] = []
_urls: list[Callable[[admin.ModelAdmin], list]] = []


def programme_admin_extend(
    *,
    inline: type | None = None,
    tool: ProgrammeTool | None = None,
    urls: Callable[[admin.ModelAdmin], list] | None = None,
) -> None:
    """For apps above ``programs`` (imports run one way): an inline on the programme page, a
    button among its tools, or admin urls of their own under ``programs/programme/``."""
    if inline is not None and inline not in _inlines:
        _inlines.append(inline)
    if tool is not None and tool not in _tools:
        _tools.append(tool)
    if urls is not None and urls not in _urls:
        _urls.append(urls)


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


class AreaInline(CoordinatedProgrammesMixin, TranslationTabularInline):
    model = Area
    fields = ["name", "position"]
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(CoordinatedProgrammesMixin, TranslationAdmin):
    programme_path = ""
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
    readonly_fields = [
        "status",
        "privacy_notice_version",
        "notice_versions",
        "created_at",
        "updated_at",
    ]
    notice_versions = notice_versions
    view_on_site = False  # the "view on site" redirect would reveal a draft's address
    inlines = [AreaInline, ProgrammeStatusChangeInline]
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
                    "quiet_weeks",
                    "follow_up_offsets",
                    "report_every_weeks",
                )
            },
        ),
        (
            _("Health rules"),
            {
                "description": _(
                    "When a relationship needs attention or is at risk; the coordinators' "
                    "guide explains every rule."
                ),
                "fields": (
                    "health_attention_days",
                    "health_risk_days",
                    "health_agreement_days",
                    "health_goals_off_track",
                    "health_review_grace_days",
                    "health_too_early_days",
                ),
            },
        ),
        (
            _("Programme page"),
            {"fields": ("purpose", "how_it_works", "mentor_guide", "mentee_guide", "peer_guide")},
        ),
        (
            _("Application form"),
            {
                "fields": (
                    "asks_business_idea",
                    "privacy_notice",
                    "privacy_notice_version",
                    "notice_versions",
                )
            },
        ),
        (_("Agreement"), {"fields": ("agreement_required", "agreement_text")}),
        (_("People"), {"fields": ("coordinators",)}),
        (_("Record"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        enrolled = Enrolment.objects.filter(programme=OuterRef("pk")).order_by().values("programme")
        total = enrolled.annotate(total=Count("pk")).values("total")
        return super().get_queryset(request).annotate(enrolment_total=Coalesce(Subquery(total), 0))

    def get_inlines(self, request, obj):
        return [AreaInline, *_inlines, ProgrammeStatusChangeInline]

    def get_urls(self):
        # Before the admin's own: its "<object_id>/" catch-all would swallow them.
        return [*(url for make in _urls for url in make(self)), *super().get_urls()]

    def render_change_form(self, request, context, *args, **kwargs):
        context["programme_tools"] = _tools
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description=_("people enrolled"), ordering="enrolment_total")
    def enrolment_count(self, obj: Programme) -> int:
        return obj.enrolment_total

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "coordinators":
            # Colleagues with admin access only, never the whole list of participants.
            kwargs["queryset"] = User.objects.filter(is_staff=True, is_active=True)
            # A short list: checkboxes, which every screen reader names, rather than the
            # two-box filter whose search labels carry a prohibited aria-label.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        # Consent is recorded against a version: a changed notice is a new version.
        notice_fields = {f"privacy_notice_{code}" for code, _name in settings.LANGUAGES}
        if change and notice_fields & set(form.changed_data):
            # The version people consented to keeps its words (read from the database).
            notice_version_keep(programme=Programme.objects.get(pk=obj.pk))
            obj.privacy_notice_version += 1
        super().save_model(request, obj, form, change)
        notice_version_keep(programme=obj)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # A coordinator who creates a programme must not lock themselves out of it.
        if not request.user.is_superuser:
            form.instance.coordinators.add(request.user)


@admin.register(Enrolment)
class EnrolmentAdmin(CoordinatedProgrammesMixin, admin.ModelAdmin):
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

    # RelatedOnly: the programme filter lists only programmes in the scoped queryset.
    list_filter = ["role", "status", ("programme", CoordinatedFilter)]
