"""Forms for mentees' requests: they validate the input; the services in ``requests`` act."""

from django import forms
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from programs.models import Enrolment

from .selectors import Candidate

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


class WishesForm(forms.Form):
    """One drop-down per rank; the ids offered are exactly the candidates' ids, so a forged
    or stale id is a field error ("not one of the choices"), never a crash."""

    def __init__(self, *args, candidates: list[Candidate], max_wishes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {c.pk: c for c in candidates}
        choices = [("", _gettext("— no wish —"))] + [(c.pk, c.choice_label) for c in candidates]
        for rank in range(1, max_wishes + 1):
            self.fields[f"wish_{rank}"] = forms.TypedChoiceField(
                label=_gettext("Wish %(number)d") % {"number": rank},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_gettext("The person you would most like to be matched with.")
                if rank == 1
                else "",
            )
        self.max_wishes = max_wishes

    def clean(self) -> dict:
        cleaned = super().clean()
        chosen: list[Enrolment] = []
        seen: set[int] = set()
        for rank in range(1, self.max_wishes + 1):
            pk = cleaned.get(f"wish_{rank}")
            if pk is None:
                continue  # an empty rank in between is simply skipped
            if pk in seen:
                self.add_error(
                    f"wish_{rank}",
                    _gettext("You have already chosen %(name)s. Choose each person only once.")
                    % {"name": self.candidates[pk].name},
                )
                continue
            seen.add(pk)
            chosen.append(self.candidates[pk].enrolment)
        cleaned["chosen"] = chosen
        return cleaned
