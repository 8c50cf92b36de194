"""The coordinator's view of relationships: who is in which, since when, pausing one,
ending one early.

Coordinators see facts about the relationships of their own programmes (members, dates,
status, how it was formed, whether the agreement is signed, the fit-check answers, counts of
goals by status, the last activity), never what the members write to each other. The
comments members wrote to the coordinator in the fit check open on a page of their own,
and each opening is logged.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from programs.admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin

from . import services
from .admin_complete import CompleteAdminMixin
from .admin_ending import EndingAdminMixin
from .admin_pause import PauseAdminMixin, PauseFilter
from .hooks import coordinator_facts, describe_explanation
from .models import (
    ConfidentialRead,
    FirstMeetingGuide,
    FitCheck,
    Match,
    MatchMember,
    Message,
    Signature,
)
from .selectors import get_match_for_coordinator


class EndEarlyForm(forms.Form):
    """Why the relationship ends (for coordinators) and what the members are told."""

    category = forms.ChoiceField(
        label=gettext_lazy("Why it ends"),
        choices=[("", "---------"), *Match.EndCategory.choices],
        help_text=gettext_lazy("Counted in the outcome measures; the members are not told."),
        error_messages={
            "required": gettext_lazy("Choose why the relationship ends from the list."),
            "invalid_choice": gettext_lazy("Choose why the relationship ends from the list."),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for ending"),
        help_text=gettext_lazy("Only coordinators see it; the members are not told."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={
            "required": gettext_lazy(
                "Write why the match ends early (only coordinators see the reason)."
            )
        },
    )
    message = forms.CharField(
        label=gettext_lazy("Message to the members"),
        help_text=gettext_lazy(
            "Optional. Added to the e-mail that tells every member the relationship has ended."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )


class MatchMemberInline(CoordinatedProgrammesMixin, admin.TabularInline):
    programme_path = "match__programme"
    model = MatchMember
    fields = ["enrolment", "role", "place"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


def _latest(model, path: str, field: str):
    """The latest ``field`` of ``model`` rows that belong to the outer match."""
    rows = model.objects.filter(**{path: OuterRef("pk")}).order_by().values(path)
    return Subquery(rows.annotate(latest=Max(field)).values("latest")[:1])


def _count(model, path: str, **where):
    rows = model.objects.filter(**{path: OuterRef("pk")}, **where).order_by().values(path)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), Value(0))


class AgreementFilter(admin.SimpleListFilter):
    title = gettext_lazy("agreement")
    parameter_name = "agreement"

    def lookups(self, request, model_admin):
        return [("signed", _("Signed by everyone")), ("unsigned", _("Not signed by everyone"))]

    def queryset(self, request, queryset):
        if self.value() == "signed":
            return queryset.filter(agreement_signed_at__isnull=False)
        if self.value() == "unsigned":
            return queryset.filter(agreement_signed_at__isnull=True)
        return queryset


class FitCheckFilter(admin.SimpleListFilter):
    title = gettext_lazy("fit check")
    parameter_name = "fit"

    def lookups(self, request, model_admin):
        return [
            ("no", _("Someone answered no")),
            ("not_sure", _("Someone is not sure")),
            ("unanswered", _("Not answered by everyone")),
        ]

    def queryset(self, request, queryset):
        answers = FitCheck.objects.filter(match=OuterRef("pk"))
        if self.value() in (FitCheck.Answer.NO, FitCheck.Answer.NOT_SURE):
            return queryset.filter(Exists(answers.filter(answer=self.value())))
        if self.value() == "unanswered":
            silent = MatchMember.objects.filter(match=OuterRef("pk"), current=True).filter(
                ~Exists(FitCheck.objects.filter(member=OuterRef("pk")))
            )
            return queryset.filter(Exists(silent))
        return queryset


@admin.register(Match)
class MatchAdmin(
    CompleteAdminMixin,
    EndingAdminMixin,
    PauseAdminMixin,
    CoordinatedProgrammesMixin,
    admin.ModelAdmin,
):
    class Media:
        css = {"all": ["css/admin-layout.css"]}

    list_display = [
        "__str__",
        "programme",
        "state",
        "signed",
        "fit_check",
        "last_activity",
        "days_since_match",
    ]
    list_filter = [
        ("programme", CoordinatedFilter),
        "status",
        PauseFilter,
        AgreementFilter,
        FitCheckFilter,
        "origin",
        "end_category",
    ]
    search_fields = ["members__enrolment__user__email", "members__enrolment__user__display_name"]
    readonly_fields = [
        "programme",
        "status",
        "pause",
        "origin",
        "score",
        "reasons",
        "started_at",
        "agreement_signed_at",
        "fit_checks",
        "comments_read",
        "ended_at",
        "ended_by",
        "ending",  # the category, and the reason behind a logged link
        "created_by",
    ]
    # Everything shown is read-only: the end's words are written on the "End early" page,
    # and the reason (a confidential item) opens on a page of its own, which is logged.
    fields = list(readonly_fields)
    inlines = [MatchMemberInline]
    actions = ["pause_relationships", "resume_relationships", "end_early", "mark_completed"]
    confidential_fields = ("end_reason", "end_message")

    def get_queryset(self, request):
        members = MatchMember.objects.select_related("enrolment__user")
        answers = FitCheck.objects.select_related("member__enrolment__user")
        queryset = (
            super()
            .get_queryset(request)
            .select_related("programme")
            .prefetch_related(
                Prefetch("members", queryset=members),
                Prefetch("fit_checks", queryset=answers, to_attr="answers"),
            )
            .annotate(
                fit_no=_count(FitCheck, "match", answer=FitCheck.Answer.NO),
                fit_not_sure=_count(FitCheck, "match", answer=FitCheck.Answer.NOT_SURE),
                fit_yes=_count(FitCheck, "match", answer=FitCheck.Answer.YES),
            )
        )
        # Each stage's latest change, or the start: NULLs would void GREATEST on SQLite.
        moments = [
            _latest(Message, "match", "sent_at"),
            _latest(Signature, "member__match", "signed_at"),
            _latest(FirstMeetingGuide, "match", "updated_at"),
            _latest(FitCheck, "match", "answered_at"),
        ]
        for facts in coordinator_facts:
            queryset = facts.annotate(queryset)
            if facts.last_activity is not None:
                moments.append(facts.last_activity())
        return queryset.annotate(
            activity=Greatest(*(Coalesce(m, F("started_at")) for m in moments), F("started_at"))
        )

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        for facts in coordinator_facts:
            if facts.prepare is not None:
                facts.prepare(changelist.result_list)
        return changelist

    def get_list_filter(self, request):
        extra = [f for facts in coordinator_facts for f in facts.filters]
        shown = list(super().get_list_filter(request))
        return [*shown[:5], *extra, *shown[5:]]

    def _stage_columns(self) -> list:
        return [column for facts in coordinator_facts for column in facts.columns]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self._stage_columns()]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        at = fields.index("comments_read") + 1
        return [*fields[:at], *self._stage_columns(), *fields[at:]]

    def get_list_display(self, request):
        first = [c for facts in coordinator_facts if facts.leading for c in facts.columns]
        extra = [c for facts in coordinator_facts if not facts.leading for c in facts.columns]
        shown = list(super().get_list_display(request))
        return [*shown[:3], *first, *shown[3:5], *extra, *shown[5:]]

    @admin.display(description=gettext_lazy("agreement"), ordering="agreement_signed_at")
    def signed(self, obj: Match) -> str:
        if obj.agreement_signed_at:
            return _("Signed %(date)s") % {"date": date_format(localtime(obj.agreement_signed_at))}
        return _("Not signed by everyone")

    @admin.display(description=gettext_lazy("fit check"))
    def fit_check(self, obj: Match) -> str:
        parts = [
            ngettext("%(n)d no", "%(n)d no", obj.fit_no) % {"n": obj.fit_no} if obj.fit_no else "",
            ngettext("%(n)d not sure", "%(n)d not sure", obj.fit_not_sure) % {"n": obj.fit_not_sure}
            if obj.fit_not_sure
            else "",
            ngettext("%(n)d yes", "%(n)d yes", obj.fit_yes) % {"n": obj.fit_yes}
            if obj.fit_yes
            else "",
        ]
        return ", ".join(p for p in parts if p) or "–"

    @admin.display(description=gettext_lazy("last activity"), ordering="activity")
    def last_activity(self, obj: Match) -> str:
        return date_format(localtime(obj.activity)) if obj.activity else "–"

    @admin.display(description=gettext_lazy("days since the match"), ordering="started_at")
    def days_since_match(self, obj: Match) -> int:
        end = obj.ended_at or timezone.now()
        return max((end - obj.started_at).days, 0)

    @admin.display(description=gettext_lazy("fit-check comments opened"))
    def comments_read(self, obj: Match):
        """The log of who opened the comments: the coordinators keep each other honest."""
        reads = ConfidentialRead.objects.filter(
            match=obj, item=ConfidentialRead.Item.FIT_CHECK_COMMENTS
        ).select_related("reader")[:10]
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

    @admin.display(description=gettext_lazy("fit check"))
    def fit_checks(self, obj: Match):
        """Each member's answer; the comments open on their own page, which is logged."""
        answers = getattr(obj, "answers", None)
        if answers is None:
            answers = list(obj.fit_checks.select_related("member__enrolment__user"))
        if not answers:
            return _("Nobody has answered yet.")
        rows = format_html_join(
            "",
            "<li>{}: <strong>{}</strong> ({})</li>",
            (
                (
                    a.member.enrolment.user,
                    a.get_answer_display(),
                    _("with a comment") if a.comment else _("no comment"),
                )
                for a in answers
            ),
        )
        link = ""
        if any(a.comment for a in answers):
            link = format_html(
                '<a href="{}">{}</a>',
                reverse("admin:relationships_match_fit_check_comments", args=[obj.pk]),
                _("Read the comments meant for you (the opening is logged)"),
            )
        return format_html('<ul class="mb-1">{}</ul>{}', rows, link)

    def has_add_permission(self, request) -> bool:
        return False  # relationships come from matching, requests or a manual pair

    def get_urls(self):
        view = self.admin_site.admin_view(self.end_early_view)
        comments = self.admin_site.admin_view(self.fit_check_comments_view)
        return [
            *self.pause_urls(),
            *self.complete_urls(),
            *self.ending_urls(),
            path("<str:object_id>/end-early/", view, name="relationships_match_end_early"),
            path(
                "<str:object_id>/fit-check-comments/",
                comments,
                name="relationships_match_fit_check_comments",
            ),
            *super().get_urls(),
        ]

    def fit_check_comments_view(self, request, object_id: str):
        """What members wrote to the coordinator in the fit check; each opening is logged."""
        match = get_match_for_coordinator(request.user, object_id)  # 404 for anyone else's
        if not self.has_view_permission(request, match):
            raise PermissionDenied
        ConfidentialRead.objects.create(
            match=match, reader=request.user, item=ConfidentialRead.Item.FIT_CHECK_COMMENTS
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Fit-check comments"),
            "match": match,
            "original": match,
            "answers": match.fit_checks.select_related("member__enrolment__user"),
            "back": self._change_url(match),
        }
        return TemplateResponse(
            request, "admin/relationships/match/fit_check_comments.html", context
        )

    def end_early_view(self, request, object_id: str):
        """GET asks for the reason and a message to the members; POST ends the match."""
        match = get_match_for_coordinator(request.user, object_id)  # 404 for anyone else's
        if not self.has_change_permission(request, match):
            raise PermissionDenied
        return self._end_early(request, [match], back=self._change_url(match))

    def _change_url(self, match: Match) -> str:
        return reverse("admin:relationships_match_change", args=[match.pk])

    def _end_early(self, request, matches: list[Match], *, back: str, action: bool = False):
        """The confirmation step, for one match or the list's selection."""
        current = [m for m in matches if m.is_current]
        form = EndEarlyForm(request.POST if "end_early_confirmed" in request.POST else None)
        if current and form.is_valid():
            ended = 0
            for match in current:
                try:
                    services.match_end(
                        match=match,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                        message=form.cleaned_data["message"],
                        category=form.cleaned_data["category"],
                    )
                except ValidationError as error:
                    self.message_user(
                        request, f"{match}: {' '.join(error.messages)}", messages.ERROR
                    )
                else:
                    ended += 1
            if ended:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d match has ended; its members have been told by e-mail "
                        "and can be matched again, not with each other.",
                        "%(count)d matches have ended; their members have been told by e-mail "
                        "and can be matched again, not with each other.",
                        ended,
                    )
                    % {"count": ended},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("End early"),
            "form": form,
            "matches": current,
            "already_ended": [m for m in matches if not m.is_current],
            "members": sum(len(m.members.all()) for m in current),
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "back": back,
        }
        return TemplateResponse(request, "admin/relationships/match/end_early.html", context)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        may_change = obj is not None and self.has_change_permission(request, obj)
        context["can_end_early"] = may_change and obj.is_current
        context["can_complete"] = may_change and obj.is_current
        context["can_pause"] = may_change and obj.is_running
        context["can_resume"] = may_change and obj.is_paused
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    @admin.display(description=gettext_lazy("why"))
    def reasons(self, obj: Match) -> str:
        return "; ".join(describe_explanation(obj.explanation)) or "–"

    @admin.action(
        description=gettext_lazy("End early (the people can be matched again)"),
        permissions=["change"],
    )
    def end_early(self, request, queryset):
        """Asks for the reason and a message first, like "Delete selected" asks."""
        back = reverse("admin:relationships_match_changelist")
        return self._end_early(request, list(queryset), back=back, action=True)
