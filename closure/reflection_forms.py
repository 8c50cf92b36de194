"""The closing reflection's form: the member's answers, and one rating per goal they read.
The form checks what was typed; the service decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from goals.models import Goal
from relationships.forms import NoNulCharField

from .reflection_models import (
    HOW_MAX_LENGTH,
    REFLECTION_TEXT_MAX_LENGTH,
    GoalRating,
    StayInTouch,
)
from .reflection_services import Rating

EXPECTATION_CHOICES = [
    (1, _("1 – Not at all")),
    (2, _("2 – A little")),
    (3, _("3 – Partly")),
    (4, _("4 – Mostly")),
    (5, _("5 – Fully")),
]
LEVEL_CHOICES = [
    ("", _("Choose…")),
    (1, _("1 – Far from it")),
    (2, _("2 – Some way to go")),
    (3, _("3 – Halfway")),
    (4, _("4 – Nearly there")),
    (5, _("5 – There")),
]


class ClosingReflectionForm(forms.Form):
    achieved = NoNulCharField(
        label=_("What did you achieve? (optional)"),
        max_length=REFLECTION_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you learned, did or changed during the programme."),
    )
    way_of_working = NoNulCharField(
        label=_("Did your way of working together work?"),
        max_length=REFLECTION_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How often and how you met, how you prepared, what you would keep."),
        error_messages={"required": _("Write whether your way of working worked.")},
    )
    expectations_met = forms.TypedChoiceField(
        label=_("How well did it meet your expectations?"),
        choices=EXPECTATION_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how well it met your expectations, from 1 to 5."),
            "invalid_choice": _("Choose how well it met your expectations, from 1 to 5."),
        },
    )
    going_on = NoNulCharField(
        label=_("What next, and how do you go on on your own?"),
        max_length=REFLECTION_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what comes next and how you go on.")},
    )
    stay_in_touch = forms.ChoiceField(
        label=_("Do you stay in touch?"),
        choices=StayInTouch.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether you stay in touch."),
            "invalid_choice": _("Say whether you stay in touch."),
        },
    )
    stay_in_touch_how = NoNulCharField(
        label=_("How do you stay in touch? (optional)"),
        max_length=HOW_MAX_LENGTH,
        required=False,
        help_text=_("For instance: a coffee once a term, or now and then by e-mail."),
    )

    def __init__(self, *args, goals: list[Goal] = (), member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        self.member = member
        for goal in self.goals:
            own = member is not None and goal.author_id == member.pk
            self.fields[f"goal_{goal.pk}_reached"] = forms.ChoiceField(
                label=_("Was it reached?"),
                choices=GoalRating.Reached.choices,
                widget=forms.RadioSelect,
                required=own,
                error_messages={
                    "required": _("Say whether your goal was reached."),
                    "invalid_choice": _("Say whether the goal was reached."),
                },
            )
            for name, label in (
                ("start", _("Where were you when you set it?")),
                ("now", _("Where are you now?")),
            ):
                self.fields[f"goal_{goal.pk}_{name}"] = forms.TypedChoiceField(
                    label=label,
                    choices=LEVEL_CHOICES,
                    coerce=int,
                    empty_value=None,
                    required=own,
                    error_messages={
                        "required": _("Choose from 1 to 5."),
                        "invalid_choice": _("Choose from 1 to 5."),
                    },
                )

    def goal_rows(self):
        """(goal, own, reached field, start field, now field) for the template."""
        return [
            (
                goal,
                self.member is not None and goal.author_id == self.member.pk,
                self[f"goal_{goal.pk}_reached"],
                self[f"goal_{goal.pk}_start"],
                self[f"goal_{goal.pk}_now"],
            )
            for goal in self.goals
        ]

    def clean(self):
        cleaned = super().clean()
        ratings = []
        for goal in self.goals:
            names = [f"goal_{goal.pk}_{part}" for part in ("reached", "start", "now")]
            values = [cleaned.get(name) for name in names]
            if all(v in (None, "") for v in values):
                continue  # someone else's goal, left unrated
            missing = [n for n, v in zip(names, values, strict=True) if v in (None, "")]
            for name in missing:
                if name not in self.errors:
                    self.add_error(name, _("Rate this too, or leave all three empty."))
            if not missing:
                ratings.append(Rating(goal.pk, *values))
        cleaned["ratings"] = ratings
        if cleaned.get("stay_in_touch") == StayInTouch.NO:
            cleaned["stay_in_touch_how"] = ""
        return cleaned

    def answers(self) -> dict:
        """The cleaned answers, as the service takes them."""
        data = self.cleaned_data
        return {
            "achieved": data["achieved"],
            "expectations_met": data["expectations_met"],
            "way_of_working": data["way_of_working"],
            "going_on": data["going_on"],
            "stay_in_touch": data["stay_in_touch"],
            "stay_in_touch_how": data.get("stay_in_touch_how", ""),
            "ratings": data["ratings"],
        }
