"""The admin's error summary: every error of a failed submit, each with a link to its field."""

from dataclasses import dataclass

from django import template
from django.forms import BaseForm
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class FieldError:
    target: str  # the id of the input to move focus to; "" for an error of the whole form
    label: str
    message: str


def _errors_of(form: BaseForm, prefix: str = "") -> list[FieldError]:
    found = []
    for name, messages in form.errors.items():
        if name == "__all__" or name not in form.fields:
            found += [FieldError("", prefix, message) for message in messages]
            continue
        bound = form[name]
        label = f"{prefix}: {bound.label}" if prefix else str(bound.label)
        target = bound.id_for_label or bound.auto_id or ""
        found += [FieldError(target, label, message) for message in messages]
    return found


@register.simple_tag
def error_summary(adminform, inline_admin_formsets) -> list[FieldError]:
    """The errors of the main form, then of each inline row, in the order of the page."""
    errors = _errors_of(adminform.form) if adminform else []
    for inline in inline_admin_formsets or ():
        formset = inline.formset
        title = str(inline.opts.verbose_name_plural).capitalize()
        errors += [FieldError("", title, message) for message in formset.non_form_errors()]
        for number, form in enumerate(formset.forms, start=1):
            if form.errors:
                row = _("%(inline)s, row %(row)d") % {
                    "inline": str(inline.opts.verbose_name).capitalize(),
                    "row": number,
                }
                errors += _errors_of(form, row)
    return errors
