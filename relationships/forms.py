"""The workspace's forms: they validate what members type; the services act."""

from datetime import date, timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programs.fields import IdModelMultipleChoiceField
from programs.models import Programme

from .models import MESSAGE_MAX_LENGTH, Agreement, Channel, FirstMeetingGuide, FitCheck
from .services.lifecycle import PAUSE_REASON_MAX_LENGTH, latest_return, pause_max_days

TEXT_LIMIT = 2000


class NoNulCharField(forms.CharField):
    """A text field that drops NUL characters (PostgreSQL refuses them) before checking."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\x00", "") if isinstance(value, str) else value


class AgreementTermsForm(forms.ModelForm):
    """What the relationship settles: how often and how the members meet, for how long,
    the areas in focus, what each side expects."""

    place = NoNulCharField(
        label=_("Usual place or video link"),
        max_length=300,
        required=False,
        help_text=_("A café, an office, a room at the library, or the link you always use."),
    )
    meeting_minutes = forms.IntegerField(
        label=_("How long a meeting lasts (minutes)"),
        required=False,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
        help_text=_("Between 15 minutes and 8 hours."),
    )
    areas = IdModelMultipleChoiceField(
        label=_("Areas in focus"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mentee_expectations = NoNulCharField(
        label=_("What the mentee expects"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    mentor_expectations = NoNulCharField(
        label=_("What the mentor expects"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The terms as they were when the form was opened (``services.agreement.digest``): a
    # save over someone else's change made meanwhile is refused, not silently undone.
    terms_seen = NoNulCharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Agreement
        fields = [
            "cadence",
            "meeting_format",
            "place",
            "meeting_minutes",
            "areas",
            "mentee_expectations",
            "mentor_expectations",
        ]

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = programme.areas.all()
        if not programme.areas.exists():
            del self.fields["areas"]
        self.fields["cadence"].label = _("How often you meet")
        self.fields["meeting_format"].label = _("How you meet")
        if programme.kind == Programme.Kind.PEER:
            self.fields["mentee_expectations"].label = _("What we expect of each other")
            del self.fields["mentor_expectations"]
        if not self.instance.pk and not self.initial.get("meeting_minutes"):
            self.initial["meeting_minutes"] = programme.meeting_length_minutes

    def terms(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("terms_seen", None)
        if "areas" in data:
            data["areas"] = list(data["areas"])
        return data

    def changed_meanwhile(self, now: str) -> bool:
        """The terms changed since the form was opened; if so, it reads them again."""
        if self.cleaned_data.get("terms_seen") == now:
            return False
        self.data = self.data.copy()
        self.data["terms_seen"] = now  # the next save, once they have read them, goes in
        self.add_error(
            None,
            _(
                "Someone changed the terms while you were writing. Read them again (your "
                "own entries are kept below) and save again."
            ),
        )
        return True


class SignForm(forms.Form):
    """Signing what is shown: the version read, and a tick that says so."""

    seen = NoNulCharField(widget=forms.HiddenInput, required=False)  # what was read
    agree = forms.BooleanField(
        label=_("I have read the agreement and I agree to it."),
        error_messages={"required": _("Tick the box to say you agree, then sign.")},
    )


class GuideForm(AgreementTermsForm):
    """The first-meeting guide: its steps ticked together, and the meeting structure the
    pair agrees on, which is the agreement's terms (written once)."""

    introductions = forms.BooleanField(
        label=_("We have introduced ourselves"),
        required=False,
        help_text=_("Interests, education, career so far, what kind of person each of us is."),
    )
    expectations = forms.BooleanField(
        label=_("We have said what we expect"),
        required=False,
        help_text=_("What each of us hopes to get out of this, and to give."),
    )
    topics = forms.BooleanField(
        label=_("We have chosen topics and an agenda"),
        required=False,
        help_text=_("What we want to talk about first, and what comes later."),
    )
    structure = forms.BooleanField(
        label=_("We have agreed how we meet"),
        required=False,
        help_text=_(
            "Where, when and how often, and who prepares the agenda before each meeting. "
            "Write it below: it becomes the agreement's terms."
        ),
    )

    def __init__(self, *args, guide: FirstMeetingGuide | None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FirstMeetingGuide.STEPS:
            self.initial.setdefault(name, bool(guide and getattr(guide, name)))

    def steps(self) -> dict[str, bool]:
        return {name: self.cleaned_data[name] for name in FirstMeetingGuide.STEPS}

    def terms(self) -> dict:
        terms = super().terms()
        for name in FirstMeetingGuide.STEPS:
            terms.pop(name)
        return terms


class FitCheckForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Is this a good fit?"),
        choices=FitCheck.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, not sure or no.")},
    )
    comment = NoNulCharField(
        label=_("A comment for the coordinator (optional)"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the programme's coordinators read it, never the others."),
    )


class MessageForm(forms.Form):
    body = NoNulCharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your message first.")},
        help_text=_("The others get it by e-mail too, without your address."),
    )


class ContactForm(forms.Form):
    shares_email = forms.BooleanField(
        label=_("Share my e-mail address with the others in this relationship"),
        required=False,
    )
    phone = NoNulCharField(
        label=_("Phone number to share (optional)"),
        max_length=40,
        required=False,
    )
    preferred_channel = forms.ChoiceField(
        label=_("How I prefer to be reached"), choices=Channel.choices
    )


class PauseForm(forms.Form):
    """A pause: until when, and why (the others and the coordinators read the reason).
    The service checks the date against today, the longest pause and the programme."""

    until = forms.DateField(
        label=_("Back on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Choose the date you expect to come back."),
            "invalid": _("Write the date as year-month-day, e.g. 2027-05-03."),
        },
    )
    reason = NoNulCharField(
        label=_("Why you pause"),
        max_length=PAUSE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write why you pause: the others and your coordinator read it.")
        },
        help_text=_("The others in the relationship and your coordinator read it."),
    )

    def __init__(self, *args, programme: Programme, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        last = latest_return(programme, today)
        field = self.fields["until"]
        field.widget.attrs.update(min=(today + timedelta(days=1)).isoformat(), max=last.isoformat())
        field.help_text = _(
            "Reminders stop until then, and it resumes by itself that morning. At most "
            "%(days)s days ahead, and on or before %(date)s."
        ) % {"days": pause_max_days(), "date": date_format(last)}
