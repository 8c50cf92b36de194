"""Numbers, percentages and moments written the way the reader's language writes them.

The lowest layer, so every app (and the matching explanations) writes "85 %" in Swedish
and "85%" in English through one function rather than each its own "%".
"""

from datetime import datetime
from decimal import Decimal

from babel.numbers import format_percent
from django.utils import formats
from django.utils.dateformat import format as format_moment
from django.utils.translation import get_language, to_locale


def percent(value: float | int | Decimal | None) -> str:
    """A whole percentage (85 for 85 %) in the reader's language: "85 %" in Swedish, with
    a space that never breaks, "85%" in English (CLDR's rules, through Babel)."""
    if value is None:
        return ""
    return format_percent(Decimal(str(value)) / 100, locale=to_locale(get_language() or "en"))


def number(value: int | float | Decimal) -> str:
    """A count with the reader's thousand separator: "5 000" in Swedish, "5,000" in
    English."""
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def moment_with_zone(moment: datetime, format_name: str = "DATETIME_FORMAT") -> str:
    """A date and time in the reader's format, followed by its zone: a deadline read by
    someone in another country says which clock it means ("15 dec. 2026 kl. 14:30 CET")."""
    return f"{formats.date_format(moment, format_name)} {format_moment(moment, 'T')}"
