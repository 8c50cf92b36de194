"""The meetings' forms: a day and a time read in the member's own time zone, a length, a
format and a place; the services check them against the programme and act."""

from datetime import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relationships.forms import NoNulCharField

from .models import MAX_MINUTES, MIN_MINUTES, Format
from .services import REPEATS, Repeat


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def day_field(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "invalid": _("Enter a real date, such as 2027-03-31."),
            "required": _("Choose a day."),
        },
        **kwargs,
    )


def minutes_field(label=None, **kwargs):
    return forms.IntegerField(
        label=label or _("Length (minutes)"),
        validators=[MinValueValidator(MIN_MINUTES), MaxValueValidator(MAX_MINUTES)],
        error_messages={
            "min_value": _("A meeting lasts between 15 minutes and 8 hours."),
            "max_value": _("A meeting lasts between 15 minutes and 8 hours."),
        },
        **kwargs,
    )


class WhenForm(forms.Form):
    """When and how: the day and time in the reader's time zone."""

    day = day_field(_("Day"))
    start = forms.TimeField(
        label=_("Time"),
        widget=TimeInput(),
        input_formats=["%H:%M", "%H:%M:%S"],
        error_messages={
            "invalid": _("Enter a time, such as 17:30."),
            "required": _("Choose a time."),
        },
    )
    minutes = minutes_field()
    format = forms.ChoiceField(label=_("How you meet"), choices=Format.choices)
    place = NoNulCharField(
        label=_("Place or video link"),
        max_length=300,
        required=False,
        help_text=_("A café, an office, or the link to the video call."),
    )

    def __init__(self, *args, default_minutes: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if default_minutes and "minutes" not in self.initial:
            self.initial["minutes"] = default_minutes
        self.fields["minutes"].help_text = _("Between 15 minutes and 8 hours.")

    def starts_at(self) -> datetime:
        """The start as an aware moment, read in the current (the member's) time zone."""
        naive = datetime.combine(self.cleaned_data["day"], self.cleaned_data["start"])
        return timezone.make_aware(naive, timezone.get_current_timezone())

    def values(self) -> dict:
        return {
            "starts_at": self.starts_at(),
            "minutes": self.cleaned_data["minutes"],
            "format": self.cleaned_data["format"],
            "place": self.cleaned_data["place"],
        }


REPEAT_CHOICES = [
    ("weekly", _("Every week")),
    ("fortnightly", _("Every other week")),
    ("every_four_weeks", _("Every four weeks")),
    ("monthly", _("Every month, on the same day")),
]
assert {key for key, _label in REPEAT_CHOICES} == set(REPEATS)


class SeriesForm(WhenForm):
    """A repeating series: the first meeting, how it repeats, until which day."""

    repeat = forms.ChoiceField(label=_("Repeats"), choices=REPEAT_CHOICES)
    until = day_field(_("Until"), required=False)

    field_order = ["day", "start", "repeat", "until", "minutes", "format", "place"]

    def __init__(self, *args, programme_end=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].label = _("First meeting")
        if programme_end is not None:
            self.initial.setdefault("until", programme_end)
            self.fields["until"].help_text = _("At the latest the programme's last day.")

    def repeat_values(self) -> Repeat:
        return Repeat(
            starts_at=self.starts_at(),
            repeat=self.cleaned_data["repeat"],
            until=self.cleaned_data.get("until"),
        )


class SeriesChangeForm(SeriesForm):
    """The series from a given day on: its new times."""

    from_day = day_field(_("From"), help_text=_("The first day the new times apply."))

    field_order = ["from_day", "day", "start", "repeat", "until", "minutes", "format", "place"]


class HeldForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("How long it lasted (minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)],
    )


class CancelForm(forms.Form):
    reason = NoNulCharField(label=_("Why (optional)"), max_length=500, required=False)
