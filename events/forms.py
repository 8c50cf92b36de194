from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Event
from .services import event_capacity_check


def https_links(field, **kwargs):
    # A link typed without a scheme is taken as https (Django 6's default), not http.
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        formfield_callback = https_links
        fields = [
            "programme",
            "title",
            "kind",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "video_url",
            "capacity",
            "audience",
            "published",
        ]

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        # Below 1 is the model's to refuse (Event.clean), with the same message everywhere.
        if capacity is not None and capacity >= 1 and self.instance.pk:
            # Locks the event for the rest of the admin's transaction, save included.
            event_capacity_check(event=self.instance, capacity=capacity)
        return capacity


class RSVPAnswerForm(forms.Form):
    response = forms.ChoiceField(
        choices=[("going", _("Going")), ("not_going", _("Not going"))],
        widget=forms.HiddenInput,
    )
