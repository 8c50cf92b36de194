"""Events and their RSVPs in the coordinator's workbench, scoped to their own programmes."""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from programs.admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin

from . import services
from .forms import EventAdminForm
from .models import RSVP, Event
from .selectors import count_rsvps, rsvp_count_of


class RSVPInline(CoordinatedProgrammesMixin, admin.TabularInline):
    programme_path = "event__programme"
    model = RSVP
    fields = ["user", "status", "seat", "answered_at", "attended"]
    readonly_fields = ["user", "status", "seat", "answered_at"]
    extra = 0
    can_delete = False
    ordering = ["status", "seat", "answered_at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request, obj=None) -> bool:
        # Places are given by rsvp_respond alone, which keeps to the capacity.
        return False


class EventChangeList(ChangeList):
    """Places are counted for the events of the page shown, not for the whole table."""

    def get_results(self, request):
        super().get_results(request)
        self.result_list = count_rsvps(self.result_list)


@admin.register(Event)
class EventAdmin(CoordinatedProgrammesMixin, admin.ModelAdmin):
    form = EventAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "title",
        "programme",
        "kind",
        "starts_at",
        "capacity",
        "going",
        "waitlisted",
        "published",
    ]
    list_filter = [("programme", CoordinatedFilter), "kind", "published", "starts_at"]
    list_select_related = ["programme"]
    search_fields = ["title", "description", "place"]
    readonly_fields = ["attendance_summary"]
    inlines = [RSVPInline]
    view_on_site = False
    fieldsets = (
        (None, {"fields": ("programme", "title", "kind", "description", "audience")}),
        (_("When and where"), {"fields": ("starts_at", "ends_at", "place", "video_url")}),
        (_("Places"), {"fields": ("capacity", "published", "attendance_summary")}),
    )

    def get_changelist(self, request, **kwargs):
        return EventChangeList

    def get_object(self, request, object_id, from_field=None):
        event = super().get_object(request, object_id, from_field)
        return count_rsvps([event])[0] if event is not None else None

    @admin.display(description=_("going"), ordering=rsvp_count_of("going_count"))
    def going(self, obj: Event) -> int:
        return obj.going_count

    @admin.display(description=_("wait-listed"), ordering=rsvp_count_of("waitlisted_count"))
    def waitlisted(self, obj: Event) -> int:
        return obj.waitlisted_count

    @admin.display(description=_("attendance"))
    def attendance_summary(self, obj: Event) -> str:
        if obj.pk is None:
            return "–"
        # Labels before the numbers: no "1 places" in either language.
        return _(
            "Going: %(going)d of %(capacity)d · Wait-list: %(waitlisted)d · Attended: %(attended)d"
        ) % {
            "going": obj.going_count,
            "capacity": obj.capacity,
            "waitlisted": obj.waitlisted_count,
            "attended": obj.attended_count,
        }

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            promoted = services.event_fill_places(event=obj)
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d person on the wait-list got a place.",
                        "%(count)d people on the wait-list got a place.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                    messages.SUCCESS,
                )


@admin.register(RSVP)
class RSVPAdmin(CoordinatedProgrammesMixin, admin.ModelAdmin):
    programme_path = "event__programme"
    list_display = ["user", "event", "status", "seat", "attended", "answered_at"]
    list_filter = ["status", "attended", ("event", CoordinatedFilter)]
    list_select_related = ["user", "event"]
    search_fields = ["user__email", "user__display_name", "event__title"]
    fields = ["event", "user", "status", "seat", "answered_at", "attended"]
    readonly_fields = ["event", "user", "status", "seat", "answered_at"]
    actions = ["mark_attended", "mark_absent"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _mark(self, request, queryset, attended: bool) -> None:
        count = services.rsvp_mark_attended(rsvps=queryset, attended=attended)
        self.message_user(
            request,
            ngettext("%(count)d RSVP updated.", "%(count)d RSVPs updated.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark selected RSVPs as attended"), permissions=["change"])
    def mark_attended(self, request, queryset) -> None:
        self._mark(request, queryset, True)

    @admin.action(description=_("Mark selected RSVPs as absent"), permissions=["change"])
    def mark_absent(self, request, queryset) -> None:
        self._mark(request, queryset, False)
