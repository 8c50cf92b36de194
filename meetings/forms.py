"""The meetings' forms: a day and a time read in the member's own time zone, a length, a
format and a place; the services check them against the programme and act."""

from datetime import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from relationships.forms import NoNulCharField
from relationships.models import MatchMember

from .models import MAX_MINUTES, MIN_MINUTES, TEXT_MAX_LENGTH, Format, Topic
from .services import REPEATS, Repeat
from .services.content import ITEM_MAX_LENGTH, due_check


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


# --- The agenda, notes and action items ------------------------------------------------------
class AgendaItemForm(forms.Form):
    """A topic for the agenda: in the member's own words, from the topic bank, or both.
    ``topics`` is the bank as the member's programme offers it (read once by the page)."""

    text = NoNulCharField(
        label=_("A topic in your own words"),
        max_length=ITEM_MAX_LENGTH,
        required=False,
        help_text=_("What you want to talk about, or your angle on a topic from the bank."),
    )
    topic = forms.ChoiceField(label=_("Or choose from the topic bank"), required=False)

    def __init__(self, *args, topics: list[Topic], **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = {str(topic.pk): topic for topic in topics}
        labels = {
            Topic.Kind.TOPIC: _("Discussion topics"),
            Topic.Kind.ACTIVITY: _("Activity ideas"),
        }
        #: The bank by kind, discussion topics first: ``(label, [topic, …])``.
        self.groups = [
            (label, [topic for topic in topics if topic.kind == kind])
            for kind, label in labels.items()
        ]
        self.groups = [(label, found) for label, found in self.groups if found]
        self.fields["topic"].choices = [("", _("No topic from the bank"))] + [
            (label, [(str(topic.pk), topic.title) for topic in found])
            for label, found in self.groups
        ]
        if not topics:
            del self.fields["topic"]
            self.fields["text"].label = _("A topic")

    def clean_topic(self) -> Topic | None:
        return self.topics.get(self.cleaned_data.get("topic") or "")

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("text") and not cleaned.get("topic"):
            raise forms.ValidationError(_("Write a topic or choose one from the bank."))
        return cleaned


class NoteForm(forms.Form):
    """The member's own note or reflection, rewritten in place; empty removes it."""

    text = NoNulCharField(
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, private: bool, **kwargs):
        super().__init__(*args, prefix="private" if private else "shared", **kwargs)
        field = self.fields["text"]
        if private:
            field.label = _("Your private reflection")
            field.help_text = _(
                "Only you ever read this: not the others, not the coordinators. "
                "What did you learn, what will you do differently?"
            )
        else:
            field.label = _("Your note for everyone in the relationship")
            field.help_text = _("What you talked about and agreed. The others read it.")


class ActionItemForm(forms.Form):
    """Something to do after the meeting: what, who does it (one of ``members``), by when."""

    text = NoNulCharField(
        label=_("What is to be done"),
        max_length=ITEM_MAX_LENGTH,
        error_messages={"required": _("Say what is to be done.")},
    )
    owner = forms.ChoiceField(label=_("Who does it"), required=False)
    due_on = day_field(_("Due date"), required=False)

    def __init__(self, *args, member: MatchMember, members: list[MatchMember], **kwargs):
        super().__init__(*args, prefix="action", **kwargs)
        self.member = member
        self.members = {str(m.pk): m for m in members if m.current}
        self.fields["owner"].choices = [("", _("Nobody yet"))] + [
            (pk, m.enrolment.user.public_name) for pk, m in self.members.items()
        ]
        self.fields["owner"].initial = str(member.pk)
        programme = member.match.programme
        self.fields["due_on"].help_text = _("Optional; within the programme, by %(end)s.") % {
            "end": date_format(programme.ends_on, "DATE_FORMAT")
        }

    def clean_owner(self) -> MatchMember | None:
        return self.members.get(self.cleaned_data.get("owner") or "")

    def clean_due_on(self):
        day = self.cleaned_data.get("due_on")
        due_check(self.member, day)
        return day
