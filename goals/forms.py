"""The goals' forms: they validate what members type, with the services' own rules and
messages (``services.date_check`` and friends); the services act."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.fields import parse_id
from relationships.forms import NoNulCharField
from relationships.models import MatchMember

from . import services
from .models import (
    STATUS_COMMENT_MAX_LENGTH,
    STEP_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Goal,
)
from .selectors import visibility_choices


class DateInput(forms.DateInput):
    """The browser's own date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        help_text=help_text,
        error_messages={"invalid": _("Enter a real date, such as 2027-03-31.")},
    )


def text_field(label, *, limit: int = TEXT_MAX_LENGTH, required=False, rows=3, **kwargs):
    return NoNulCharField(
        label=label,
        max_length=limit,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
        **kwargs,
    )


class MemberChoiceField(forms.ModelChoiceField):
    """A member of the relationship, by name; a forged id is "not one of the choices"."""

    def label_from_instance(self, member: MatchMember) -> str:
        return f"{member.enrolment.user.public_name} ({member.get_role_display()})"

    def to_python(self, value):
        if value not in self.empty_values and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class GoalForm(forms.Form):
    """A SMART goal: what exactly, how success is measured, why it matters, by when.

    ``member`` is the author (the service's rules need the programme); on a new goal the
    first steps may be typed (or come from a template) one a line."""

    title = text_field(
        _("Title"),
        limit=TITLE_MAX_LENGTH,
        required=True,
        rows=0,
        help_text=_("A few words you will recognise, e.g. “Lead my first team meeting”."),
        error_messages={"required": _("Give the goal a title.")},
    )
    specific = text_field(
        _("What exactly"),
        help_text=_("What you want to achieve, as concretely as you can say it."),
    )
    measure = text_field(
        _("How you measure success"),
        required=True,
        help_text=_("How you and the others will know that you are there."),
    )
    relevance = text_field(
        _("Why it matters"), help_text=_("What reaching it changes for you, now.")
    )
    target_date = date_field(_("Target date"))
    visibility = forms.ChoiceField(label=_("Who sees it"), widget=forms.RadioSelect)
    steps = text_field(
        _("First steps (optional)"),
        rows=4,
        help_text=_("One step a line. You can add, change and share them out later."),
    )

    def __init__(self, *args, member: MatchMember, goal: Goal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member, self.goal = member, goal
        programme = member.match.programme
        self.fields["visibility"].choices = visibility_choices(programme)
        self.fields["visibility"].initial = Goal.Visibility.RELATIONSHIP
        self.fields["measure"].error_messages["required"] = services.measure_required()
        self.fields["target_date"].help_text = _(
            "Between %(start)s and %(end)s, the programme's dates."
        ) % {
            "start": services.day_words(programme.starts_on),
            "end": services.day_words(programme.ends_on),
        }
        if goal is not None:
            del self.fields["steps"]

    def clean_target_date(self):
        day = self.cleaned_data["target_date"]
        if self.goal is None or day != self.goal.target_date:
            services.date_check(self.member, day)
        return day

    def clean_steps(self):
        return services.step_lines(self.cleaned_data.get("steps"))

    def goal_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.GOAL_FIELDS}


class StepForm(forms.Form):
    text = text_field(
        _("Step"),
        limit=STEP_MAX_LENGTH,
        required=True,
        rows=0,
        error_messages={"required": _("Say what the step is.")},
    )
    owner = MemberChoiceField(
        label=_("Who does it"),
        queryset=MatchMember.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
    )
    due_on = date_field(_("Due date"), required=False)

    def __init__(self, *args, member: MatchMember, goal: Goal, owners, step=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member, self.goal, self.step = member, goal, step
        self.fields["owner"].queryset = MatchMember.objects.filter(
            pk__in=[m.pk for m in owners]
        ).select_related("enrolment__user")
        if step is None:
            self.fields["owner"].initial = member.pk

    def clean_due_on(self):
        day = self.cleaned_data["due_on"]
        if self.step is None or day != self.step.due_on:
            services.date_check(self.member, day, what="due")
        return day


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Where the goal stands"), choices=Goal.Status.choices, widget=forms.RadioSelect
    )
    comment = text_field(
        _("A short comment"),
        limit=STATUS_COMMENT_MAX_LENGTH,
        rows=2,
        help_text=_("Required when the goal is off track: what holds it back?"),
    )

    def __init__(self, *args, goal: Goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal = goal
        self.fields["status"].initial = goal.status

    def clean(self):
        cleaned = super().clean()
        if "status" in cleaned and "comment" in cleaned:  # else a field has its error
            try:
                services.status_check(self.goal, cleaned["status"], cleaned["comment"])
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class ProgressUpdateForm(forms.Form):
    on = date_field(_("Date"))
    text = text_field(
        _("How it is going"),
        rows=4,
        required=True,
        help_text=_("What you did, what you learnt, what comes next."),
        error_messages={"required": _("Write what happened first.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise ValidationError(_("Choose a day up to today."), code="future")
        return day


class CommentForm(forms.Form):
    text = text_field(
        _("Your comment"),
        rows=2,
        required=True,
        error_messages={"required": _("Write your comment first.")},
    )
