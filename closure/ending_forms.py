"""The member's form for ending early: validates what they type; the service acts."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from relationships.forms import NoNulCharField
from relationships.models import Match
from relationships.services.lifecycle import END_MESSAGE_MAX_LENGTH, END_REASON_MAX_LENGTH


class EndForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is the main reason?"),
        choices=Match.EndCategory.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what comes closest, or “Other”."),
            "invalid_choice": _("Choose what comes closest, or “Other”."),
        },
    )
    reason = NoNulCharField(
        label=_("Why you end it, in your own words"),
        max_length=END_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write a few words on why: only your coordinators read them.")
        },
    )
    message = NoNulCharField(
        label=_("A kind word to the others"),
        max_length=END_MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this ends the relationship for everyone in it, now."),
        error_messages={"required": _("Tick the box to confirm that you end it.")},
    )

    def __init__(self, *args, others: str, **kwargs):
        super().__init__(*args, **kwargs)
        # crispy shows help texts as they are: the names, which people wrote, are escaped.
        self.fields["reason"].help_text = format_html(
            "{}",
            _("Only the programme's coordinators read this, not %(others)s.") % {"others": others},
        )
        self.fields["message"].help_text = format_html(
            "{}",
            _("Optional. Sent by e-mail to %(others)s when the relationship ends.")
            % {"others": others},
        )
