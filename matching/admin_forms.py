"""The coordinator's "Pair by hand": two people picked by a search, never a full list."""

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import get_select2_language
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programs.models import Programme


class PersonSearch(forms.Select):
    """The admin's own autocomplete (select2), asking our URL, which answers only with the
    programme's people who may be paired — and only to its coordinators."""

    def __init__(self, url: str, attrs=None):
        super().__init__(attrs, choices=[("", "")])
        self.url = url
        self.i18n_name = get_select2_language()

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs.update(
            {
                "class": "admin-autocomplete",
                "data-ajax--cache": "true",
                "data-ajax--delay": 250,
                "data-ajax--type": "GET",
                "data-ajax--url": self.url,
                "data-theme": "admin-autocomplete",
                "data-allow-clear": "false",
                "data-placeholder": str(_("Type a name or an e-mail address")),
                "lang": self.i18n_name,
            }
        )
        return attrs

    @property
    def media(self):
        extra = "" if settings.DEBUG else ".min"
        i18n = (f"admin/js/vendor/select2/i18n/{self.i18n_name}.js",) if self.i18n_name else ()
        return forms.Media(
            js=(
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                *i18n,
                "admin/js/jquery.init.js",
                "admin/js/autocomplete.js",
            ),
            css={
                "screen": (
                    f"admin/css/vendor/select2/select2{extra}.css",
                    "admin/css/autocomplete.css",
                )
            },
        )


class PairForm(forms.Form):
    """Rendered only; ``MatchingRunAdmin._do_pair`` and the service check what is sent."""

    def __init__(self, *args, programme: Programme, peers: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for side, label in (
            ("first", _("First peer") if peers else _("Mentee")),
            ("second", _("Second peer") if peers else _("Mentor")),
        ):
            url = reverse("admin:matching_programme_people", args=[programme.pk, side])
            self.fields[side] = forms.ChoiceField(
                label=label, widget=PersonSearch(url), choices=[("", "")]
            )
