from django import forms
from django.utils.translation import gettext_lazy as _

from . import kinds
from .models import Preference


class PreferencesForm(forms.Form):
    """One choice per kind of e-mail: send it, gather it in the weekly digest (where the
    kind allows it), or not send it."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = dict(Preference.objects.filter(user=user).values_list("kind", "mode"))
        audiences = {"participants"} | ({"coordinators"} if user.is_staff else set())
        self.kinds = [kind for kind in kinds.all_kinds() if kind.audience in audiences]
        for kind in self.kinds:
            choices = [
                (mode, label)
                for mode, label in Preference.Mode.choices
                if mode != Preference.Mode.DIGEST or kind.digest
            ]
            initial = current.get(kind.name, Preference.Mode.ON)
            if initial == Preference.Mode.DIGEST and not kind.digest:
                initial = Preference.Mode.ON
            self.fields[kind.name] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=choices,
                initial=initial,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose one of the options offered.")},
            )

    def choices(self) -> list[tuple[str, str]]:
        return [(kind.name, self.cleaned_data[kind.name]) for kind in self.kinds]
