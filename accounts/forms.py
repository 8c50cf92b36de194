import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from .autocomplete import autocomplete_fields
from .models import User
from .time_zones import time_zone_choices


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form asks for on top of e-mail and password."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=True,
        help_text=_("Shown to the people in your programmes."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])


class TimeZoneChoiceMixin(forms.ModelForm):
    """The common zones by country and city, the person's own first (see time_zones.py),
    for every form that edits a person: their profile and the admin's."""

    time_zone = forms.ChoiceField(label=User._meta.get_field("time_zone").verbose_name)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices(self.instance.time_zone)
        self.initial["time_zone"] = str(self.instance.time_zone or "")

    def clean_time_zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.cleaned_data["time_zone"])


class ProfileForm(TimeZoneChoiceMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "preferred_language", "time_zone", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        autocomplete_fields(self)

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Please enter the name others should see."))
        return name

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        allowed = set("0123456789+-() ")
        if phone and (set(phone) - allowed or sum(c.isdigit() for c in phone) < 6):
            raise forms.ValidationError(
                _("Enter a phone number with digits only, e.g. +46 70 123 45 67.")
            )
        return phone
