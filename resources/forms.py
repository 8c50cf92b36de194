from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models

from .models import Resource


def https_links(field, **kwargs):
    # A link typed without a scheme is taken as https (Django 6's default), not http.
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class _LinkedFile:
    """A stored file as the file widget shows it, linked to the checked download view."""

    def __init__(self, value, url: str) -> None:
        self.value, self.url = value, url

    def __str__(self) -> str:
        return str(self.value)


class ResourceFileInput(AdminFileWidget):
    download_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # Storage URLs point nowhere (the files are private); link to the download view.
        if context["widget"]["is_initial"] and self.download_url:
            context["widget"]["value"] = _LinkedFile(value, self.download_url)
        return context


class ResourceAdminForm(forms.ModelForm):
    class Meta:
        model = Resource
        formfield_callback = https_links
        fields = [
            "programme",
            "title",
            "summary",
            "url",
            "file",
            "audience",
            "language",
            "published",
        ]
        widgets = {"file": ResourceFileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "file" in self.fields:
            self.fields["file"].widget.download_url = self.instance.get_download_url()
