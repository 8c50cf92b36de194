from django import forms
from django.utils.translation import gettext_lazy as _


class EraseForm(forms.Form):
    """Erasing cannot be undone: the person types their own address to say they mean it."""

    email = forms.CharField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("Type the address you sign in with, to confirm."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        typed = self.cleaned_data["email"].strip()
        if typed.casefold() != self.user.email.casefold():
            raise forms.ValidationError(
                _("This is not the address you sign in with. Nothing was erased.")
            )
        return typed
