"""Forms for mentees' requests and participants' wishes: they validate the input; the
services in ``requests`` and ``wishes`` act."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.wishes import WishAction

MESSAGE_MAX = 2000  # MatchRequest.message and response_note


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the mentor"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Introduce yourself and say why you would like this person as your mentor. "
            "Only the mentor reads it."
        ),
    )


class RequestAnswerForm(forms.Form):
    """Accept or decline, with an optional note (the two buttons of one form)."""

    ACCEPT, DECLINE = "accept", "decline"

    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))],
        error_messages={"required": _("Choose “Accept” or “Decline”.")},
    )
    note = forms.CharField(
        label=_("Note to the mentee (optional)"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @property
    def accepted(self) -> bool:
        return self.cleaned_data["decision"] == self.ACCEPT


class WishChangeForm(forms.Form):
    """One button of the wishes page: what to do, with whom. Anything that is not a sensible
    id (text, a fraction, a number past the database's range) is refused here, before any
    query; whether the id is someone the chooser may pick is the service's to say."""

    invalid = _("Choose a person on the page and use one of the buttons beside them.")

    action = forms.ChoiceField(choices=[(action, action) for action in WishAction.ALL])
    person = forms.IntegerField(min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages = {key: self.invalid for key in field.error_messages} | {
                "min_value": self.invalid,
                "max_value": self.invalid,
            }
