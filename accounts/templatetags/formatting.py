"""``{% load formatting %}``: ``{{ share|percent }}``, ``{{ count|number }}`` and
``{{ deadline|moment_with_zone }}``, in the reader's language (see accounts.formatting)."""

from django import template

from accounts import formatting

register = template.Library()


@register.filter
def percent(value) -> str:
    try:
        return formatting.percent(value)
    except (TypeError, ValueError, ArithmeticError):
        return ""


@register.filter
def number(value) -> str:
    try:
        return formatting.number(value)
    except (TypeError, ValueError):
        return value


# Like Django's own |date, it is given the moment in the reader's time zone.
@register.filter(expects_localtime=True)
def moment_with_zone(value, format_name: str = "DATETIME_FORMAT") -> str:
    if not value:
        return ""
    return formatting.moment_with_zone(value, format_name)
