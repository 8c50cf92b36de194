"""Closing a programme from its admin page: the closing settings (an inline), the "Close
programme" tool — what is still open first, then the confirmation — and the alumni list
with its "Invite to the next programme" action. Scoped to the coordinator's programmes."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from programs.admin import ProgrammeTool, programme_admin_extend
from programs.admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin
from programs.models import Programme
from programs.selectors import coordinated
from resources.models import Resource

from . import closing_services, closing_tasks, transition_services
from .alumni_models import Alumnus
from .closing_models import ProgrammeClosing
from .closing_selectors import closing_event, invitable_closing_event, open_items, surveys_after
from .transition_selectors import alumni_not_invited, next_programme_open

CLOSE_URL_NAME = "programs_programme_close"


class ProgrammeClosingInline(CoordinatedProgrammesMixin, admin.StackedInline):
    """The programme's closing settings: the certificate's rule, the next-step resources,
    the next programme its alumni are invited to."""

    model = ProgrammeClosing
    fk_name = "programme"
    fields = [
        "certificate_needs_meetings",
        "certificate_needs_reflection",
        "resources",
        "next_programme",
        "closed_at",
        "closed_by",
    ]
    readonly_fields = ["closed_at", "closed_by"]
    extra = 1
    max_num = 1
    can_delete = False
    verbose_name = gettext_lazy("closing settings")
    verbose_name_plural = gettext_lazy("closing settings")

    def get_extra(self, request, obj=None, **kwargs):
        return (
            0 if obj is not None and ProgrammeClosing.objects.filter(programme=obj).exists() else 1
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("next_programme")
        if obj is not None and field is not None:
            field.queryset = field.queryset.exclude(pk=obj.pk)  # not a programme's own next
        return formset

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "resources":
            # Published ones only (members read them), of the coordinator's programmes or
            # for every programme.
            kwargs["queryset"] = coordinated(
                Resource.objects.filter(published=True), request.user, include_global=True
            ).order_by("title")
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "next_programme":
            kwargs["queryset"] = coordinated(Programme.objects.all(), request.user, "").exclude(
                status=Programme.Status.CLOSED
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def closing_urls(programme_admin) -> list:
    """``<programme id>/close/`` beside the programme's admin pages."""
    view = ProgrammeCloseView(programme_admin)
    return [
        path(
            "<path:object_id>/close/",
            programme_admin.admin_site.admin_view(view),
            name=CLOSE_URL_NAME,
        )
    ]


class ProgrammeCloseView:
    """GET: what is still open, and what closing does; POST (confirmed): close."""

    template = "admin/closure/close_programme.html"

    def __init__(self, programme_admin) -> None:
        self.admin = programme_admin

    def __call__(self, request, object_id: str):
        # The admin's queryset: only the coordinator's own programmes (404 for the others).
        programme = self.admin.get_object(request, unquote(object_id))
        if programme is None:
            raise Http404
        if not self.admin.has_change_permission(request, programme):
            raise PermissionDenied
        change_url = reverse("admin:programs_programme_change", args=[programme.pk])
        if request.method == "POST" and request.POST.get("confirm") == "close":
            try:
                closed = closing_services.programme_close(programme=programme, by=request.user)
            except ValidationError as error:
                self.admin.message_user(request, " ".join(error.messages), messages.WARNING)
                return HttpResponseRedirect(request.path)
            self.admin.message_user(request, closed_message(closed), messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        if request.method == "POST" and request.POST.get("confirm") == "invite_alumni":
            count = transition_services.alumni_invite(programme=programme)
            self.admin.message_user(
                request,
                ngettext(
                    "%(count)d alumnus is being invited to the next programme.",
                    "%(count)d alumni are being invited to the next programme.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS if count else messages.INFO,
            )
            return HttpResponseRedirect(request.path)
        closing = ProgrammeClosing.objects.filter(programme=programme).first()
        context = {
            **self.admin.admin_site.each_context(request),
            "opts": Programme._meta,
            "original": programme,
            "title": _("Close %(programme)s") % {"programme": programme.name},
            "programme": programme,
            "closing": closing,
            "closed": programme.status == Programme.Status.CLOSED,
            "closable": programme.status in closing_services.CLOSABLE,
            "items": open_items(programme),
            "event": closing_event(programme),
            "invitable_event": invitable_closing_event(programme),
            "surveys_after": list(surveys_after(programme)),
            "change_url": change_url,
            "add_event_url": reverse("admin:events_event_add") + f"?programme={programme.pk}",
            "next_open": next_programme_open(programme.pk),
            "not_invited": alumni_not_invited(programme).count(),
            "alumni_url": reverse("admin:closure_alumnus_changelist")
            + f"?programme__id__exact={programme.pk}",
        }
        return TemplateResponse(request, self.template, context)


def closed_message(closed: closing_services.Closed) -> str:
    done = len(closed.completed)
    text = ngettext(
        "%(programme)s is closed: %(count)d relationship was completed.",
        "%(programme)s is closed: %(count)d relationships were completed.",
        done,
    ) % {"programme": closed.programme.name, "count": done}
    if closed.event_id is not None:
        text += " " + _("Everyone is being invited to the closing ceremony by e-mail.")
    else:
        text += " " + _("No closing ceremony is published, so no invitation was sent.")
    return text


programme_admin_extend(
    inline=ProgrammeClosingInline,
    tool=ProgrammeTool(label=gettext_lazy("Close programme"), url_name=f"admin:{CLOSE_URL_NAME}"),
    urls=closing_urls,
)


@admin.register(Alumnus)
class AlumnusAdmin(CoordinatedProgrammesMixin, admin.ModelAdmin):
    """Who stays on after a programme, and whether they want to come back as mentors.
    Coordinators look; the person alone joins, changes or leaves."""

    list_display = ["person", "programme", "invite_as_mentor", "opted_in_at"]
    list_filter = [("programme", CoordinatedFilter), "invite_as_mentor", "opted_in_at"]
    list_select_related = ["user", "programme"]
    search_fields = ["user__display_name", "user__email"]
    fields = ["person", "programme", "invite_as_mentor", "opted_in_at"]
    readonly_fields = fields
    actions = ["invite_to_next_programme"]

    @admin.display(description=gettext_lazy("person"), ordering="user__display_name")
    def person(self, obj: Alumnus) -> str:
        return str(obj.user)  # a name, not a link: coordinators have no people admin

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(
        description=gettext_lazy("Invite to the next programme (those not yet invited)"),
        permissions=["view"],
    )
    def invite_to_next_programme(self, request, queryset):
        programmes = Programme.objects.filter(
            pk__in=queryset.values("programme"),
        )
        invited, without_next = 0, []
        for programme in programmes:
            if next_programme_open(programme.pk) is None:
                without_next.append(programme.name)
                continue
            chosen = alumni_not_invited(programme).filter(pk__in=queryset.values("pk"))
            due = list(chosen.values_list("pk", flat=True))
            if due:
                closing_tasks.invite_alumni.delay_on_commit(due)
                invited += len(due)
        self.message_user(
            request,
            ngettext(
                "%(count)d alumnus is being invited to the next programme.",
                "%(count)d alumni are being invited to the next programme.",
                invited,
            )
            % {"count": invited},
            messages.SUCCESS if invited else messages.INFO,
        )
        if without_next:
            self.message_user(
                request,
                _("No next programme open for applications is set for: %(programmes)s.")
                % {"programmes": ", ".join(without_next)},
                messages.WARNING,
            )
