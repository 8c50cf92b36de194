"""Numbers as the dashboard writes them, in the reader's language."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """0.4567 → "46%" ("46 %" in Swedish); nothing to divide by → "–"."""
    if share is None:
        return "–"
    return _("%(value)s%%") % {"value": number_format(round(share * 100))}


@register.filter
def decimal(value: float | None) -> str:
    """One decimal in the reader's format, or "–"."""
    if value is None:
        return "–"
    return number_format(value, decimal_pos=1)
