from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import LANGUAGE_CHOICES, Enrolment, Programme


class DayOffsetsField(forms.CharField):
    """A list of whole days typed as "30, 90, 180"."""

    default_error_messages = {
        "invalid": _("Write whole numbers of days separated by commas, e.g. 30, 90, 180."),
    }

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value) -> list[int]:
        text = super().to_python(value)
        parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
        try:
            days = [int(p) for p in parts]
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if any(d < 0 for d in days):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return sorted(set(days))


class ProgrammeAdminForm(forms.ModelForm):
    follow_up_offsets = DayOffsetsField(
        label=_("follow-ups (days after start)"),
        required=False,
        help_text=_("When the coordinator follows up with each pair, e.g. 30, 90, 180."),
    )
    languages = forms.MultipleChoiceField(
        label=_("languages offered"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "slug",
            "description",
            "kind",
            "matching_mode",
            "languages",
            "application_deadline",
            "starts_on",
            "ends_on",
            "midpoint_on",
            "min_meetings",
            "meeting_length_minutes",
            "meeting_cadence",
            "quiet_weeks",
            "follow_up_offsets",
            "report_every_weeks",
            "health_attention_days",
            "health_risk_days",
            "health_agreement_days",
            "health_goals_off_track",
            "health_review_grace_days",
            "health_too_early_days",
            "purpose",
            "how_it_works",
            "mentor_guide",
            "mentee_guide",
            "peer_guide",
            "asks_business_idea",
            "privacy_notice",
            "agreement_required",
            "agreement_text",
            "coordinators",
        ]
        widgets = {
            "application_deadline": forms.DateInput(attrs={"type": "date"}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "midpoint_on": forms.DateInput(attrs={"type": "date"}),
        }


class EnrolmentAddForm(forms.ModelForm):
    """Enrol a person by their exact e-mail address.

    Coordinators get no list of the site's users to pick from: that would show them
    people of other programmes.
    """

    email = forms.EmailField(
        label=_("e-mail address"),
        help_text=_("The address the person signed up with."),
    )

    class Meta:
        model = Enrolment
        fields = ["programme", "email", "role", "status", "capacity"]

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        try:
            return User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            raise forms.ValidationError(
                _("Nobody has signed up with %(email)s yet. Ask them to sign up first."),
                code="unknown",
                params={"email": email},
            ) from None

    def _post_clean(self) -> None:
        if isinstance(self.cleaned_data.get("email"), User):
            self.instance.user = self.cleaned_data["email"]
        super()._post_clean()

    def validate_unique(self) -> None:
        # ``user`` is not a form field, so ModelForm would skip the one-per-programme
        # rule; check it here to answer with a message instead of a database error.
        try:
            self.instance.validate_constraints()
        except forms.ValidationError as error:
            self._update_errors(error)


# --- The application form ------------------------------------------------------------
YES_NO_CHOICES = [("1", _("Yes")), ("0", _("No"))]

# The working-style scale in words, for the applicant's page and the coordinator's review;
# the form itself shows only the two ends, so people answer by feel rather than by wording.
WORKING_STYLE_WORDS = {
    1: _("Disagree"),
    2: _("Partly disagree"),
    3: _("Neither agree nor disagree"),
    4: _("Partly agree"),
    5: _("Agree"),
}
WORKING_STYLE_PREFIX = "style_"
