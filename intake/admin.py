"""The coordinator's review of applications: answers on one screen, interviews, decisions."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationStackedInline

from accounts.models import User
from programs.admin import ProgrammeTool, programme_admin_extend
from programs.admin_common import StatusHistoryInline
from programs.admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin
from programs.fields import parse_id
from programs.models import Area, Programme
from programs.selectors import programmes_coordinated_by

from . import services
from .admin_import import IMPORT_URL_NAME, import_urls
from .consent_admin import consent_history
from .forms import working_style_rows
from .models import Answer, Application, ApplicationStatusChange, Interview, Question


class QuestionInline(CoordinatedProgrammesMixin, TranslationStackedInline):
    """The programme's own questions, edited on the programme's admin page."""

    model = Question
    fields = ["text", "help_text", "kind", "options", "audience", "required", "position"]
    extra = 0


programme_admin_extend(
    inline=QuestionInline,
    tool=ProgrammeTool(label=_("Import participants"), url_name=f"admin:{IMPORT_URL_NAME}"),
    urls=import_urls,
)

DECISION_LABELS = {
    Application.Status.ACCEPTED: _("Accept"),
    Application.Status.WAITLISTED: _("Wait-list"),
    Application.Status.DECLINED: _("Decline"),
}


def decide(modeladmin, request, queryset, decision: str) -> None:
    """Decide each application on its own, so one refusal does not stop the others."""
    done = 0
    for application in queryset.select_related("user", "programme"):
        try:
            services.application_decide(application=application, decision=decision, by=request.user)
            done += 1
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{application.user}: {' '.join(error.messages)}", messages.ERROR
            )
    if done:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d application is now “%(status)s”; the applicant has been e-mailed.",
                "%(count)d applications are now “%(status)s”; the applicants have been e-mailed.",
                done,
            )
            % {"count": done, "status": Application.Status(decision).label.lower()},
            messages.SUCCESS,
        )


@admin.action(description=_("Accept the selected applications"), permissions=["change"])
def accept(modeladmin, request, queryset):
    decide(modeladmin, request, queryset, Application.Status.ACCEPTED)


@admin.action(description=_("Wait-list the selected applications"), permissions=["change"])
def waitlist(modeladmin, request, queryset):
    decide(modeladmin, request, queryset, Application.Status.WAITLISTED)


@admin.action(description=_("Decline the selected applications"), permissions=["change"])
def decline(modeladmin, request, queryset):
    decide(modeladmin, request, queryset, Application.Status.DECLINED)


class LanguageFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return settings.LANGUAGES

    def queryset(self, request, queryset):
        if self.value():
            # JSON containment is not on SQLite; a quoted match on the list's text is
            # exact for language codes, which never contain quotes.
            return queryset.filter(languages__icontains=f'"{self.value()}"')
        return queryset


class AreaFilter(admin.SimpleListFilter):
    """Areas of the coordinator's own programmes only."""

    title = _("area")
    parameter_name = "area"

    def lookups(self, request, model_admin):
        areas = Area.objects.filter(
            programme__in=programmes_coordinated_by(request.user)
        ).select_related("programme")
        return [(area.pk, f"{area.name} ({area.programme.name})") for area in areas]

    def queryset(self, request, queryset):
        if self.value():
            area = parse_id(self.value())  # ?area=abc or an overflowing id: nothing matches
            return queryset.filter(areas__pk=area) if area is not None else queryset.none()
        return queryset


class InterviewInline(CoordinatedProgrammesMixin, admin.StackedInline):
    programme_path = "application__programme"
    model = Interview
    fields = [("held_on", "interviewer"), "recommendation", "notes"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "interviewer":
            # The programme's own coordinators, not every staff member of the site.
            object_id = parse_id(request.resolver_match.kwargs.get("object_id"))
            programme = Programme.objects.filter(applications__pk=object_id).first()
            colleagues = programme.coordinators.all() if programme else User.objects.none()
            kwargs["queryset"] = User.objects.filter(
                Q(pk__in=colleagues) | Q(pk=request.user.pk), is_active=True
            ).distinct()
            kwargs["initial"] = request.user.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ApplicationStatusChangeInline(StatusHistoryInline):
    programme_path = "application__programme"
    model = ApplicationStatusChange


@admin.register(Application)
class ApplicationAdmin(CoordinatedProgrammesMixin, admin.ModelAdmin):
    change_form_template = "admin/intake/application/change_form.html"

    class Media:
        css = {"all": ["css/admin-layout.css"]}

    # Status and date first, and no career level (a filter on the right): the list fits a
    # 1280 px screen without a sideways scroll; long names wrap (static/css/admin.css).
    list_display = [
        "applicant",
        "status",
        "submitted_at",
        "role",
        "programme",
        "organisation",
        "interview_count",
    ]
    list_filter = [
        ("programme", CoordinatedFilter),
        "role",
        "status",
        AreaFilter,
        LanguageFilter,
        "career_level",
        "submitted_at",
    ]
    search_fields = ["user__email", "user__display_name", "organisation", "department", "city"]
    list_select_related = ["user", "programme"]
    actions = [accept, waitlist, decline]
    inlines = [InterviewInline, ApplicationStatusChangeInline]
    view_on_site = False  # the applicant's own page; coordinators review here
    # Everything is read-only: the answers are the applicant's; coordinators add
    # interviews and decide.
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "applicant",
                    "programme",
                    "role",
                    "status",
                    "submitted_at",
                    "decided_at",
                    "consent",
                    "consent_history",
                )
            },
        ),
        (
            _("Answers"),
            {"fields": ("standard_answers", "working_style_answers", "custom_answers")},
        ),
    )
    readonly_fields = [name for _title, options in fieldsets for name in options["fields"]]

    consent_history = consent_history

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("interviews")
        # Drafts are the applicant's own until they submit.
        return queryset.exclude(status=Application.Status.DRAFT)

    def has_add_permission(self, request) -> bool:
        return False  # people apply themselves, or are imported

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    @admin.display(description=_("applicant"), ordering="user__email")
    def applicant(self, obj: Application) -> str:
        if obj.user.display_name:
            return f"{obj.user.display_name} <{obj.user.email}>"
        return obj.user.email

    @admin.display(description=_("interviews"))
    def interview_count(self, obj: Application) -> int:
        return len(obj.interviews.all())

    @admin.display(description=_("consent"))
    def consent(self, obj: Application) -> str:
        if not obj.consent_given_at:
            return "—"
        return _("Privacy notice version %(version)s, accepted %(when)s") % {
            "version": obj.consent_notice_version,
            "when": date_format(timezone.localtime(obj.consent_given_at), "DATETIME_FORMAT"),
        }

    @admin.display(description=_("standard fields"))
    def standard_answers(self, obj: Application):
        expertise_label = {
            "mentor": _("What I can offer"),
            "mentee": _("What I want to develop"),
        }.get(obj.role, _("competences"))
        rows = [
            (_("about me"), obj.about_me),
            (_("organisation"), obj.organisation),
            (_("department"), obj.department),
            (_("manager's e-mail"), obj.manager_email),
            (_("career level"), obj.get_career_level_display()),
            (expertise_label, obj.expertise),
            (_("areas"), ", ".join(area.name for area in obj.areas.all())),
            (_("goals and expectations"), obj.goals),
            (_("languages"), ", ".join(obj.get_languages_display())),
            (_("meeting formats"), ", ".join(obj.get_meeting_formats_display())),
            (_("city"), obj.city),
            (_("availability"), ", ".join(obj.get_availability_display())),
        ]
        if obj.role == "mentor":
            rows.append((_("mentees they can take on"), obj.capacity))
        if obj.programme.asks_business_idea:
            rows.append((_("business idea"), obj.business_idea))
        return self._table(rows)

    @admin.display(description=_("working style and values"))
    def working_style_answers(self, obj: Application):
        rows = working_style_rows(obj.working_style)
        return self._table(rows) if rows else _("Not answered")

    @admin.display(description=_("programme's questions"))
    def custom_answers(self, obj: Application):
        answers = {
            answer.question_id: answer.value for answer in Answer.objects.filter(application=obj)
        }
        questions = Question.objects.filter(programme_id=obj.programme_id).order_by(
            "position", "id"
        )
        rows = [
            (question.text, question.display_answer(answers.get(question.pk)))
            for question in questions
            if question.asked_of(obj.role)
        ]
        return self._table(rows) if rows else "—"

    @staticmethod
    def _table(rows):
        return format_html(
            '<table class="application-answers">{}</table>',
            format_html_join(
                "",
                '<tr><th scope="row">{}</th><td>{}</td></tr>',
                ((label, value if value not in ("", None) else "—") for label, value in rows),
            ),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["decisions"] = [
                (status, DECISION_LABELS[status])
                for status in Application.DECISIONS
                if status in obj.TRANSITIONS[obj.status]
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        decision = request.POST.get("_decision")
        if decision:
            try:
                services.application_decide(application=obj, decision=decision, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(applicant)s is now “%(status)s” and has been e-mailed.")
                    % {"applicant": obj.user, "status": obj.get_status_display().lower()},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)
