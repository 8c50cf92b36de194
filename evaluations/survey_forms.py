"""The answer form of a survey: one field per question, keyed ``q<id>``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .survey_models import TEXT_MAX_LENGTH, SurveyQuestion

SCALE_HELP = _("1 = not at all, 5 = very much")
NPS_HELP = _("0 = not at all likely, 10 = extremely likely")


def field_name(question: SurveyQuestion) -> str:
    return f"q{question.pk}"


def _field(question: SurveyQuestion) -> forms.Field:
    # Help texts are ours alone (crispy-bootstrap5 prints them with |safe); the label, the
    # coordinator's words, is escaped by the template.
    common = {"label": question.text, "required": question.required}
    kind = question.kind
    if kind in SurveyQuestion.NUMBER_KINDS:
        low, high = SurveyQuestion.RANGES[kind]
        return forms.TypedChoiceField(
            choices=[(n, str(n)) for n in range(low, high + 1)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": f"survey-{kind}"}),
            help_text=SCALE_HELP if kind == SurveyQuestion.Kind.SCALE else NPS_HELP,
            **common,
        )
    if kind == SurveyQuestion.Kind.SINGLE_CHOICE:
        return forms.TypedChoiceField(
            choices=list(enumerate(question.choice_list())),
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if kind == SurveyQuestion.Kind.MULTIPLE_CHOICE:
        return forms.TypedMultipleChoiceField(
            choices=list(enumerate(question.choice_list())),
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    return forms.CharField(
        max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}), **common
    )


class SurveyAnswerForm(forms.Form):
    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[field_name(question)] = _field(question)

    def answers(self) -> dict[int, object]:
        """Question id → the value the service takes."""
        return {q.pk: self.cleaned_data.get(field_name(q)) for q in self.questions}

    def add_service_errors(self, error) -> None:
        """A ``ValidationError`` of ``survey_answer`` shown by the question it is about."""
        names = {str(q.pk): field_name(q) for q in self.questions}
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                self.add_error(names.get(key), messages)
        else:
            self.add_error(None, error.messages)
