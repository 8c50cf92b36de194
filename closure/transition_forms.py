"""The alumni's one choice: to be invited back as a mentor in the next programme."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AlumniForm(forms.Form):
    invite_as_mentor = forms.BooleanField(
        label=_("Invite me back as a mentor in the next programme"),
        help_text=_(
            "When the next programme opens for applications you get one e-mail with the "
            "link to apply as a mentor. You can change your mind here at any time."
        ),
        required=False,
        initial=True,
    )
