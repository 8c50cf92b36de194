"""The ``autocomplete`` token of each field that asks about the person filling it in, so a
browser can fill it and assistive tools can tell its purpose (WCAG 1.3.5).

One table for the forms people fill in about themselves (profile, application), by field
name. Not in the admin: there a coordinator types someone else's details, and the browser
would offer their own.
"""

from django import forms

AUTOCOMPLETE = {
    "display_name": "name",
    "organisation": "organization",
    "city": "address-level2",
    "phone": "tel",
}


def autocomplete_widget(name: str, field: forms.Field | None) -> None:
    """Give ``field``'s input the token for ``name``, unless it has one of its own."""
    token = AUTOCOMPLETE.get(name)
    if token and field is not None:
        widget = getattr(field.widget, "widget", field.widget)  # the admin wraps some
        widget.attrs.setdefault("autocomplete", token)


def autocomplete_fields(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        autocomplete_widget(name, field)
