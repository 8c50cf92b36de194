"""Certificates in the coordinators' admin: the list of their programmes' certificates
(who, which programme, issued by the rule or granted by hand, withdrawn), granting one by
hand to a member of an ended relationship whatever the rule says ("Add", with a
confirmation), and withdrawing or giving back with the list's actions (each confirmed on a
page of its own). The code is never editable; the services do the work."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from programs.admin_scoping import CoordinatedProgrammesMixin
from programs.selectors import coordinated
from relationships.models import Match, MatchMember

from . import certificate_services
from .certificate_models import Certificate
from .certificate_pdf import verification_url

PROGRAMME_PATH = "member__match__programme"


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: MatchMember) -> str:
        return _("%(name)s (%(role)s) · %(programme)s · %(status)s") % {
            "name": obj.enrolment.user,
            "role": obj.get_role_display(),
            "programme": obj.match.programme,
            "status": obj.match.get_status_display(),
        }


class GrantForm(forms.ModelForm):
    """The add page: a certificate granted by hand, to a member who has none."""

    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, grant this member a certificate by hand"),
        help_text=gettext_lazy(
            "The member gets a certificate even if they do not meet the programme's rule "
            "(its meetings or the closing reflection). They can download it at once."
        ),
    )

    class Meta:
        model = Certificate
        fields = ["member"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        has = Certificate.objects.filter(member=OuterRef("pk"))
        members = coordinated(
            MatchMember.objects.filter(~Exists(has))
            .exclude(match__status__in=Match.CURRENT)
            .select_related("enrolment__user", "match__programme")
            .order_by("match__programme__name", "enrolment__user__display_name", "pk"),
            user,
            "match__programme",
        )
        self.fields["member"] = MemberChoiceField(
            queryset=members,
            label=_("Member"),
            help_text=_(
                "Members of relationships that have ended (completed or ended early) and "
                "who have no certificate yet."
            ),
        )


class RevokedFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("valid", _("Valid certificates")),
            ("revoked", _("Withdrawn certificates")),
            ("by_hand", _("Granted by hand")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "valid":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "by_hand":
            return queryset.filter(granted_by__isnull=False)
        return queryset


@admin.register(Certificate)
class CertificateAdmin(CoordinatedProgrammesMixin, admin.ModelAdmin):
    programme_path = PROGRAMME_PATH
    list_display = ["person", "role", "programme", "issued_at", "how", "revoked"]
    list_filter = [RevokedFilter, "issued_at"]
    list_select_related = ["member__enrolment__user", "member__match__programme", "granted_by"]
    search_fields = ["member__enrolment__user__display_name", "member__enrolment__user__email"]
    readonly_fields = ["member", "programme", "issued_at", "how", "revoked_at", "link"]
    actions = ["revoke_certificates", "restore_certificates"]

    @admin.display(
        description=gettext_lazy("person"), ordering="member__enrolment__user__display_name"
    )
    def person(self, obj: Certificate) -> str:
        return str(obj.member.enrolment.user)

    @admin.display(description=gettext_lazy("role"))
    def role(self, obj: Certificate) -> str:
        return obj.member.get_role_display()

    @admin.display(description=gettext_lazy("programme"))
    def programme(self, obj: Certificate) -> str:
        return str(obj.member.match.programme)

    @admin.display(description=gettext_lazy("issued"))
    def how(self, obj: Certificate) -> str:
        if obj.granted_by_id:
            return _("Granted by hand by %(who)s") % {"who": obj.granted_by}
        return _("By the programme's rule")

    @admin.display(description=gettext_lazy("withdrawn"), boolean=True, ordering="revoked_at")
    def revoked(self, obj: Certificate) -> bool:
        return obj.revoked_at is not None

    @admin.display(description=gettext_lazy("verification link"))
    def link(self, obj: Certificate):
        url = verification_url(obj)
        return format_html('<a href="{}">{}</a>', url, url)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class Form(GrantForm):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=user, **kw)

        return Form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["member", "confirm"]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing on a certificate is edited by hand
        try:
            granted = certificate_services.certificate_grant(
                member=form.cleaned_data["member"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            raise
        obj.pk, obj.code, obj.issued_at = granted.pk, granted.code, granted.issued_at
        obj._state.adding = False

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "title": _("Grant a certificate by hand")}
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return self.response_post_save_add(request, None)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            _("The certificate is granted; the member can download it from their workspace."),
            messages.SUCCESS,
        )
        return self.response_post_save_add(request, obj)

    def _confirm(self, request, queryset, *, action: str, title: str, intro: str, submit: str):
        certificates = list(
            queryset.select_related("member__enrolment__user", "member__match__programme")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "intro": intro,
            "submit": submit,
            "certificates": certificates,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/closure/certificate/confirm.html", context)

    @admin.action(
        description=gettext_lazy("Withdraw the selected certificates"), permissions=["change"]
    )
    def revoke_certificates(self, request, queryset):
        valid = queryset.filter(revoked_at__isnull=True)
        if "confirmed" not in request.POST:
            return self._confirm(
                request,
                valid,
                action="revoke_certificates",
                title=_("Withdraw certificates"),
                intro=_(
                    "Their verification links will say they were withdrawn, and the members "
                    "can no longer download them. You can give them back later."
                ),
                submit=_("Withdraw"),
            )
        done = 0
        for certificate in valid:
            certificate_services.certificate_revoke(certificate=certificate)
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d certificate withdrawn.", "%(count)d certificates withdrawn.", done)
            % {"count": done},
            messages.SUCCESS,
        )
        return None

    @admin.action(
        description=gettext_lazy("Give back the selected withdrawn certificates"),
        permissions=["change"],
    )
    def restore_certificates(self, request, queryset):
        revoked = queryset.filter(revoked_at__isnull=False)
        if "confirmed" not in request.POST:
            return self._confirm(
                request,
                revoked,
                action="restore_certificates",
                title=_("Give back certificates"),
                intro=_(
                    "They become valid again, with the same verification links, as granted "
                    "by you by hand."
                ),
                submit=_("Give back"),
            )
        done = 0
        for certificate in revoked.select_related("member__match"):
            try:
                certificate_services.certificate_grant(member=certificate.member, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d certificate given back.", "%(count)d certificates given back.", done
            )
            % {"count": done},
            messages.SUCCESS,
        )
        return None
