"""Privacy → Confidential openings: site administrators' page of every opening of a
confidential item (who, what, which relationship, when), newest first, paged and
filterable. Nobody else sees it: coordinators get 403, others the admin's sign-in."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from programs.models import FIRST_YEAR, LAST_YEAR, Programme

from . import audit
from .audit_models import ConfidentialOpening

PER_PAGE = 50


class OpeningFilterForm(forms.Form):
    reader = forms.ModelChoiceField(
        label=_("Read by"), queryset=audit.readers(), required=False, empty_label=_("Anyone")
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by("-starts_on", "name"),
        required=False,
        empty_label=_("Every programme"),
    )
    kind = forms.ChoiceField(label=_("What"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reader"].queryset = audit.readers()
        self.fields["reader"].label_from_instance = lambda user: f"{user} <{user.email}>"
        self.fields["kind"].choices = [("", _("Everything")), *audit.kinds()]

    def _within_years(self, name: str):
        day = self.cleaned_data.get(name)
        if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Give a date between the years %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return day

    def clean_since(self):
        return self._within_years("since")

    def clean_until(self):
        return self._within_years("until")

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date must not be before the start date."))
        return cleaned

    def filters(self) -> audit.Filters:
        # What is valid filters; a field that is not is shown with its error and ignored.
        data = getattr(self, "cleaned_data", {})
        reader, programme = data.get("reader"), data.get("programme")
        return audit.Filters(
            reader=reader.pk if reader else None,
            programme=programme.pk if programme else None,
            kind=data.get("kind") or None,
            since=data.get("since") if "until" not in self.errors else None,
            until=data.get("until"),
        )


@admin.register(ConfidentialOpening)
class ConfidentialOpeningAdmin(admin.ModelAdmin):
    # Site administrators only: coordinators are the readers the log is about.
    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        # Only the list: the model has no table, so no object pages.
        return [
            path(
                "",
                self.admin_site.admin_view(self.changelist_view),
                name="{}_{}_changelist".format(*info),
            )
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = OpeningFilterForm(request.GET or None)
        if form.is_bound:
            form.is_valid()
        page = Paginator(audit.openings(form.filters()), PER_PAGE).get_page(request.GET.get("p"))
        query = request.GET.copy()
        query.pop("p", None)
        context = {
            **self.admin_site.each_context(request),
            "title": self.opts.verbose_name_plural.capitalize(),
            "opts": self.opts,
            "form": form,
            "page": page,
            "openings": audit.resolve(page.object_list),
            "query": query.urlencode(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/privacy/confidential_openings.html", context)
