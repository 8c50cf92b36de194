"""The forms members fill in: they check what was typed; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from relationships.forms import NoNulCharField

from .review_models import (
    MEETINGS_SINCE_MAX,
    REPORT_TEXT_MAX_LENGTH,
    REVIEW_TEXT_MAX_LENGTH,
)

HOW_GOING_CHOICES = [
    (1, _("1 – Not well at all")),
    (2, _("2 – Not so well")),
    (3, _("3 – It's all right")),
    (4, _("4 – Well")),
    (5, _("5 – Very well")),
]


class MidpointReviewForm(forms.Form):
    good = NoNulCharField(
        label=_("What has been good so far?"),
        max_length=REVIEW_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what has been good so far.")},
    )
    better = NoNulCharField(
        label=_("What can be better?"),
        max_length=REVIEW_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what can be better.")},
    )
    change = NoNulCharField(
        label=_("What do we change? (optional)"),
        max_length=REVIEW_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For instance how often or how you meet. If you agree to change the agreement's "
            "terms, change them on the agreement page: everyone then signs again."
        ),
    )


class ParticipantReportForm(forms.Form):
    period = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=10_000)
    how_going = forms.TypedChoiceField(
        label=_("How is it going?"),
        choices=HOW_GOING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how it is going, from 1 to 5."),
            "invalid_choice": _("Choose how it is going, from 1 to 5."),
        },
    )
    meetings_since = forms.IntegerField(
        label=_("Meetings since your last report"),
        min_value=0,
        max_value=MEETINGS_SINCE_MAX,
        help_text=_("Counted from the meetings marked held; correct it if it is wrong."),
        error_messages={"required": _("Say how many times you have met (0 if none).")},
    )
    to_coordinator = NoNulCharField(
        label=_("Anything the coordinator should know? (optional)"),
        max_length=REPORT_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Only the programme's coordinators read this report. The others in your "
            "relationship do not see it."
        ),
    )
