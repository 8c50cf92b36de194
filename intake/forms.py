from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from accounts.autocomplete import autocomplete_fields
from programs.fields import IdModelMultipleChoiceField
from programs.languages import LanguageChoices
from programs.models import Programme
from programs.text_language import in_its_language

from .models import Application, Enrolment, Question

# --- The application form ------------------------------------------------------------
YES_NO_CHOICES = [("1", _("Yes")), ("0", _("No"))]

# The working-style scale in words, for the applicant's page and the coordinator's review;
# the form itself shows only the two ends, so people answer by feel rather than by wording.
WORKING_STYLE_WORDS = {
    1: _("Disagree"),
    2: _("Partly disagree"),
    3: _("Neither agree nor disagree"),
    4: _("Partly agree"),
    5: _("Agree"),
}
WORKING_STYLE_PREFIX = "style_"


def working_style_rows(answers: dict | None) -> list[tuple[str, str]]:
    """(statement, answer in words) for each answered statement, in form order, e.g.
    ("I want direct and frank feedback.", "Partly agree (4 of 5)").

    Anything that is not a known statement with a whole number from 1 to 5 is left out,
    so a stray value stored by other means never reaches a page.
    """
    answers = answers if isinstance(answers, dict) else {}
    rows = []
    for code, statement in Application.WorkingStyle.choices:
        value = answers.get(code)
        if _is_scale_answer(value):
            words = _("%(words)s (%(value)d of 5)") % {
                "words": WORKING_STYLE_WORDS[value],
                "value": value,
            }
            rows.append((str(statement), str(words)))
    return rows


def _is_scale_answer(value: object) -> bool:
    # JSON true would pass for 1 in a plain ``in`` test; only real whole numbers count.
    return type(value) is int and value in WORKING_STYLE_WORDS


def _working_style_field(statement: str) -> forms.TypedChoiceField:
    # A forged value is not among the choices, so it becomes a field error, not a 500.
    return forms.TypedChoiceField(
        label=statement,
        choices=[(n, str(n)) for n in WORKING_STYLE_WORDS],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


def _question_field(question: Question) -> forms.Field:
    """The form field for one custom question, keyed so answers map back to it."""
    # crispy-bootstrap5 prints help_text with |safe: what the coordinator typed is escaped.
    common = {"label": question.text, "help_text": escape(question.help_text), "required": False}
    kind = question.kind
    if kind == Question.Kind.SHORT_TEXT:
        return forms.CharField(max_length=300, **common)
    if kind == Question.Kind.LONG_TEXT:
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)
    if kind == Question.Kind.SINGLE_CHOICE:
        return forms.TypedChoiceField(
            choices=list(enumerate(question.option_list())),
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return forms.TypedMultipleChoiceField(
            choices=list(enumerate(question.option_list())),
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == Question.Kind.SCALE:
        return forms.TypedChoiceField(
            choices=[(n, str(n)) for n in range(1, 6)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": "scale"}),
            **common,
        )
    return forms.TypedChoiceField(
        choices=YES_NO_CHOICES,
        coerce=lambda value: value == "1",
        empty_value=None,
        widget=forms.RadioSelect,
        **common,
    )


def _initial_for(question: Question, value):
    if question.kind == Question.Kind.YES_NO and value is not None:
        return "1" if value else "0"
    return value


class ApplicationForm(forms.ModelForm):
    """The interest registration: standard fields, the programme's questions, consent.

    A draft may be saved half-filled; submitting (or changing a submitted application)
    asks for everything required. Which fields are required is decided per request, so
    the same form serves both.
    """

    languages = forms.MultipleChoiceField(
        label=_("Languages I can be mentored or mentor in"),
        choices=LanguageChoices(code for code, _name in settings.LANGUAGES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    meeting_formats = forms.MultipleChoiceField(
        label=_("How I would like to meet"),
        choices=Application.MeetingFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    availability = forms.MultipleChoiceField(
        label=_("When I can usually meet"),
        choices=Application.Availability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.BooleanField(required=False)

    REQUIRED_ON_SUBMIT = (
        "about_me",
        "career_level",
        "expertise",
        "goals",
        "languages",
        "meeting_formats",
        "availability",
    )

    class Meta:
        model = Application
        fields = [
            "about_me",
            "organisation",
            "department",
            "manager_email",
            "career_level",
            "expertise",
            "areas",
            "goals",
            "languages",
            "meeting_formats",
            "city",
            "availability",
            "capacity",
            "business_idea",
        ]
        widgets = {
            "about_me": forms.Textarea(attrs={"rows": 4}),
            "expertise": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "business_idea": forms.Textarea(attrs={"rows": 4}),
            "areas": forms.CheckboxSelectMultiple,
        }
        field_classes = {"areas": IdModelMultipleChoiceField}

    def __init__(self, *args, application: Application, questions, submitting: bool, **kwargs):
        kwargs["instance"] = application
        super().__init__(*args, **kwargs)
        self.application = application
        self.submitting = submitting
        # A draft may be saved half-filled; what submitting needs is required again below.
        for name in self.fields:
            self.fields[name].required = False
        self.fields["about_me"].help_text = _("Your background, what you do today, who you are.")
        self._tailor_to_role(application.role)
        self._tailor_to_programme(application.programme)
        self._add_question_fields(questions)
        self._add_working_style_fields()
        self._add_or_drop_consent()
        # An empty form shows what submitting will need (the * marks); a draft may be
        # saved without them, so a bound draft save does not demand them.
        if submitting or not self.is_bound:
            self._require_for_submit()
        autocomplete_fields(self)

    def _tailor_to_role(self, role: str) -> None:
        if role == Enrolment.Role.MENTOR:
            self.fields["expertise"].label = _("What I can offer")
            self.fields["expertise"].help_text = _(
                "Competences and experience a mentee could learn from."
            )
        elif role == Enrolment.Role.MENTEE:
            self.fields["expertise"].label = _("What I want to develop")
        else:
            self.fields["expertise"].label = _("What I can offer and what I want to develop")
        # Only a mentor takes on mentees, so only a mentor says how many.
        if role != Enrolment.Role.MENTOR:
            del self.fields["capacity"]
        else:
            self.fields["capacity"].min_value = 1
            self.fields["capacity"].widget.attrs["min"] = 1

    def _tailor_to_programme(self, programme: Programme) -> None:
        """Offer the programme's own areas and languages; drop what it does not ask."""
        self.fields["areas"].queryset = programme.areas.all()
        self.fields["areas"].label = _("Areas I am interested in")
        self.fields["areas"].label_from_instance = lambda area: in_its_language(area, "name")
        if programme.languages:
            self.fields["languages"].choices = LanguageChoices(programme.languages)
        if not programme.asks_business_idea:
            del self.fields["business_idea"]
        if not programme.areas.exists():
            del self.fields["areas"]

    def _add_question_fields(self, questions: Iterable[Question]) -> None:
        application = self.application
        self.questions = [q for q in questions if q.asked_of(application.role)]
        answers = (
            {a.question_id: a.value for a in application.answers.all()} if application.pk else {}
        )
        for question in self.questions:
            field = _question_field(question)
            field.initial = _initial_for(question, answers.get(question.pk))
            self.fields[f"question_{question.pk}"] = field

    def _add_working_style_fields(self) -> None:
        # Working style is never required: it sharpens the matching, nobody is held up by it.
        style = self.application.working_style
        stored = style if isinstance(style, dict) else {}
        for code, statement in Application.WorkingStyle.choices:
            field = _working_style_field(statement)
            field.initial = stored.get(code) if _is_scale_answer(stored.get(code)) else None
            self.fields[f"{WORKING_STYLE_PREFIX}{code}"] = field

    def _add_or_drop_consent(self) -> None:
        # Consent is given once, with the first submission; later edits do not ask again.
        if self.application.status == Application.Status.DRAFT:
            self.fields["consent"].label = _(
                "I have read the privacy notice and agree that my application is handled "
                "as it describes."
            )
        else:
            del self.fields["consent"]

    def _require_for_submit(self) -> None:
        required = [name for name in self.REQUIRED_ON_SUBMIT if name in self.fields]
        required += [n for n in ("areas", "business_idea", "capacity") if n in self.fields]
        required += [f"question_{q.pk}" for q in self.questions if q.required]
        for name in required:
            self.fields[name].required = True
        if "consent" in self.fields:
            self.fields["consent"].required = True
            self.fields["consent"].error_messages["required"] = _(
                "Please accept the privacy notice to submit your application."
            )

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if capacity is None:
            return 1  # a draft without a number yet: one mentee, changeable until submitted
        if capacity < 1:
            raise forms.ValidationError(_("A mentor takes on at least one mentee."))
        return capacity

    def clean(self):
        cleaned = super().clean()
        # Known statements only, as {code: 1..5}; an unanswered statement is simply absent.
        self.instance.working_style = {
            code: value
            for code in Application.WorkingStyle.values
            if (value := cleaned.get(f"{WORKING_STYLE_PREFIX}{code}")) is not None
        }
        return cleaned

    def clean_manager_email(self):
        email = self.cleaned_data.get("manager_email", "")
        if email and email.lower() == self.application.user.email.lower():
            raise forms.ValidationError(_("Give your manager's address, not your own."))
        return email

    def answers(self) -> dict[Question, object]:
        return {q: self.cleaned_data.get(f"question_{q.pk}") for q in self.questions}

    def standard_fields(self) -> list:
        return [
            self[name]
            for name in self.fields
            if not name.startswith(("question_", WORKING_STYLE_PREFIX)) and name != "consent"
        ]

    def working_style_fields(self) -> list:
        return [self[f"{WORKING_STYLE_PREFIX}{code}"] for code in Application.WorkingStyle.values]

    def question_fields(self) -> list:
        return [self[f"question_{q.pk}"] for q in self.questions]
