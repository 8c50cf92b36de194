from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LANGUAGE_CHOICES, Programme


class DayOffsetsField(forms.CharField):
    """A list of whole days typed as "30, 90, 180"."""

    default_error_messages = {
        "invalid": _("Write whole numbers of days separated by commas, e.g. 30, 90, 180."),
    }

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value) -> list[int]:
        text = super().to_python(value)
        parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
        try:
            days = [int(p) for p in parts]
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if any(d < 0 for d in days):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return sorted(set(days))


class ProgrammeAdminForm(forms.ModelForm):
    follow_up_offsets = DayOffsetsField(
        label=_("follow-ups (days after start)"),
        required=False,
        help_text=_("When the coordinator follows up with each pair, e.g. 30, 90, 180."),
    )
    languages = forms.MultipleChoiceField(
        label=_("languages offered"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "slug",
            "description",
            "kind",
            "matching_mode",
            "languages",
            "application_deadline",
            "starts_on",
            "ends_on",
            "midpoint_on",
            "min_meetings",
            "meeting_length_minutes",
            "meeting_cadence",
            "follow_up_offsets",
            "agreement_text",
            "coordinators",
        ]
        widgets = {
            "application_deadline": forms.DateInput(attrs={"type": "date"}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "midpoint_on": forms.DateInput(attrs={"type": "date"}),
        }
