"""The coordinators' follow-ups: what is due in their programmes, and the log of each.

The list shows every follow-up of the coordinator's own programmes (due today, overdue,
not yet due, done), filtered by programme, reason and how it was done; a follow-up's page
is where it is logged — the day, how, a note only coordinators read, and the date of the
next one, which becomes a follow-up of its own. From there the coordinator reaches the
relationship, and, when it is not working, ends it early so its people can be matched
again (the relationships' and the matching admin do that; nothing here forms matches).
"""

from django import forms
from django.contrib import admin
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin
from relationships.models import Match, MatchMember
from relationships.selectors import matches_for_coordinator

from . import services
from .health import site_day
from .models import NOTE_MAX_LENGTH, FollowUp
from .selectors import member_names, with_names


def _day(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else "–"


class StateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("open", _("Due today or overdue")),
            ("due", _("Due today")),
            ("overdue", _("Overdue")),
            ("upcoming", _("Not yet due")),
            ("done", _("Done")),
        ]

    def queryset(self, request, queryset):
        today = site_day(timezone.now())
        open_ = queryset.filter(done_on__isnull=True)
        return {
            "open": lambda: open_.filter(due_on__lte=today),
            "due": lambda: open_.filter(due_on=today),
            "overdue": lambda: open_.filter(due_on__lt=today),
            "upcoming": lambda: open_.filter(due_on__gt=today),
            "done": lambda: queryset.filter(done_on__isnull=False),
        }.get(self.value(), lambda: queryset)()


class FollowUpLogForm(forms.ModelForm):
    """Logging a follow-up: when, how, a note and the next one."""

    note = forms.CharField(
        label=gettext_lazy("Note for coordinators"),
        help_text=gettext_lazy("Only coordinators read it: the members never see this note."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=NOTE_MAX_LENGTH,
        required=False,
    )

    class Meta:
        model = FollowUp
        fields = ["done_on", "channel", "note", "next_due_on"]
        labels = {"done_on": gettext_lazy("Done on"), "channel": gettext_lazy("How")}
        help_texts = {
            "next_due_on": gettext_lazy(
                "Optional: the day of the next follow-up, which is then added to the list."
            )
        }

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        done_on, channel = data.get("done_on"), data.get("channel") or ""
        if done_on is None and not channel and not data.get("note") and not data.get("next_due_on"):
            if self.instance.is_done:
                self.add_error(
                    "done_on", _("A logged follow-up keeps its day: correct it instead.")
                )
            return data  # nothing logged yet: saved as it was
        errors = services.log_errors(
            self.instance,
            done_on=done_on,
            channel=channel,
            note=data.get("note") or "",
            next_due_on=data.get("next_due_on"),
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field, message)
        return data


class FollowUpAskForm(forms.ModelForm):
    """A follow-up asked for by hand: which relationship, and when."""

    class Meta:
        model = FollowUp
        fields = ["match", "due_on"]

    def clean(self):
        data = super().clean()
        match, due_on = data.get("match"), data.get("due_on")
        if match is not None and not match.is_current:
            self.add_error(
                "match", _("This relationship has ended: there is nothing to follow up.")
            )
        elif match is not None and due_on is not None:
            for message in services.due_errors(match, due_on):
                self.add_error("due_on", message)
        return data


class MatchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Match) -> str:
        return f"{member_names(obj)} ({obj.programme})"


@admin.register(FollowUp)
class FollowUpAdmin(CoordinatedProgrammesMixin, admin.ModelAdmin):
    programme_path = "match__programme"
    list_display = [
        "relationship",
        "programme",
        "due_on",
        "reason",
        "state",
        "channel",
        "done_on",
    ]
    list_display_links = ["relationship"]
    list_filter = [
        StateFilter,
        ("match__programme", CoordinatedFilter),
        "reason",
        "channel",
    ]
    search_fields = [
        "match__members__enrolment__user__display_name",
        "match__members__enrolment__user__email",
    ]
    ordering = ["done_on", "due_on", "pk"]
    log_fields = ["done_on", "channel", "note", "next_due_on"]
    about_fields = [
        "relationship_link",
        "programme",
        "reason",
        "due_on",
        "what_next",
        "done_by",
        "logged_at",
        "follow_up_log",
    ]

    def get_queryset(self, request):
        return with_names(super().get_queryset(request))

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = FollowUpLogForm if obj is not None else FollowUpAskForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if not self.has_change_permission(request, obj):
            return [*self.about_fields, *self.log_fields]
        return self.about_fields

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["match", "due_on"]})]
        return [
            (None, {"fields": self.about_fields[:5]}),
            (_("Log the follow-up"), {"fields": self.log_fields}),
            (_("The relationship's follow-ups"), {"fields": self.about_fields[5:]}),
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "match":
            # Its current relationships, named by their members: one query for the names.
            members = MatchMember.objects.select_related("enrolment__user")
            matches = (
                matches_for_coordinator(request.user)
                .filter(status__in=Match.CURRENT)
                .prefetch_related(Prefetch("members", queryset=members))
            )
            return MatchChoiceField(queryset=matches, label=_("Relationship"), **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            made = services.follow_up_ask(
                match=data["match"], due_on=data["due_on"], by=request.user
            )
            obj.pk, obj.created_at = made.pk, made.created_at
            return
        if data.get("done_on") is None:
            return  # nothing to log
        services.follow_up_log(
            follow_up=obj,
            by=request.user,
            done_on=data["done_on"],
            channel=data["channel"],
            note=data.get("note") or "",
            next_due_on=data.get("next_due_on"),
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    # --- Columns -----------------------------------------------------------------------

    @admin.display(description=gettext_lazy("relationship"))
    def relationship(self, obj: FollowUp) -> str:
        return member_names(obj.match) or str(obj.match_id)

    @admin.display(description=gettext_lazy("programme"), ordering="match__programme__name")
    def programme(self, obj: FollowUp) -> str:
        return str(obj.match.programme)

    @admin.display(description=gettext_lazy("state"))
    def state(self, obj: FollowUp) -> str:
        labels = {
            "done": _("Done"),
            "overdue": _("Overdue"),
            "due": _("Due today"),
            "upcoming": _("Not yet due"),
        }
        return labels[obj.state(site_day(timezone.now()))]

    @admin.display(description=gettext_lazy("relationship"))
    def relationship_link(self, obj: FollowUp) -> str:
        url = reverse("admin:relationships_match_change", args=[obj.match_id])
        return format_html(
            '<a href="{}">{}</a> ({})',
            url,
            member_names(obj.match) or obj.match_id,
            obj.match.get_status_display(),
        )

    @admin.display(description=gettext_lazy("what next"))
    def what_next(self, obj: FollowUp) -> str:
        """When the relationship is not working: the way to end it and match again."""
        links = []
        if obj.match.is_current:
            links.append(
                (
                    reverse("admin:relationships_match_end_early", args=[obj.match_id]),
                    _("Suggest a rematch: end this relationship early"),
                    _("its people can then be matched again, not with each other"),
                )
            )
        links.append(
            (
                reverse("admin:matching_programme", args=[obj.match.programme_id]),
                _("The programme's matching page"),
                _("where new matches are formed"),
            )
        )
        return format_html(
            '<ul class="mb-0">{}</ul>',
            format_html_join("", '<li><a href="{}">{}</a> – {}</li>', links),
        )

    @admin.display(description=gettext_lazy("the log"))
    def follow_up_log(self, obj: FollowUp) -> str:
        """Every follow-up of the relationship, done and to come, with its note."""
        rows = (
            FollowUp.objects.filter(match_id=obj.match_id)
            .select_related("done_by")
            .order_by("-due_on", "-pk")[:20]
        )
        items = format_html_join(
            "",
            "<li>{}{}</li>",
            (
                (
                    format_html(
                        '<a href="{}">{}</a>',
                        reverse("admin:evaluations_followup_change", args=[row.pk]),
                        _("Due %(day)s") % {"day": _day(row.due_on)},
                    )
                    if row.pk != obj.pk
                    else _("Due %(day)s (this one)") % {"day": _day(row.due_on)},
                    format_html(
                        " · {} {} · {} · {}",
                        _("done"),
                        _day(row.done_on),
                        row.get_channel_display(),
                        row.note or "–",
                    )
                    if row.is_done
                    else "",
                )
                for row in rows
            ),
        )
        listed = (
            reverse("admin:evaluations_followup_changelist") + f"?match__id__exact={obj.match_id}"
        )
        return format_html(
            '<ul class="mb-1">{}</ul><a href="{}">{}</a>', items, listed, _("All of them")
        )


# Registered on import: the other parts of evaluations.
from . import review_admin, survey_admin  # noqa: E402, F401
