"""Numbers, percentages, moments and sorting the way the reader's language does them.

The lowest layer, so every app (and the matching explanations) writes "85 %" in Swedish
and "85%" in English through one function rather than each its own "%".
"""

import unicodedata
from datetime import datetime
from decimal import Decimal

from babel.numbers import format_percent
from django.utils import formats
from django.utils.dateformat import format as format_moment
from django.utils.translation import get_language, to_locale

# Swedish has letters of its own after z: å, ä, ö (æ and ø sort with ä and ö, ü as y).
# "{", "|" and "}" are the characters that follow "z".
_SWEDISH_TAIL = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"})


def reader_locale() -> str:
    """The active language as a Babel/CLDR locale name: "sv", "en"."""
    return to_locale(get_language() or "en")


def percent(value: float | int | Decimal | None) -> str:
    """A whole percentage (85 for 85 %) in the reader's language: "85 %" in Swedish, with
    a space that never breaks, "85%" in English (CLDR's rules, through Babel)."""
    if value is None:
        return ""
    return format_percent(Decimal(str(value)) / 100, locale=reader_locale())


def number(value: int | float | Decimal) -> str:
    """A count with the reader's thousand separator: "5 000" in Swedish, "5,000" in
    English."""
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def moment_with_zone(moment: datetime, format_name: str = "DATETIME_FORMAT") -> str:
    """A date and time in the reader's format, followed by its zone: a deadline read by
    someone in another country says which clock it means ("15 dec. 2026 kl. 14:30 CET")."""
    return f"{formats.date_format(moment, format_name)} {format_moment(moment, 'T')}"


def collation_key(text: str) -> str:
    """A sort key for words in the reader's language: accents do not count, except that
    Swedish sorts å, ä and ö as letters of their own after z."""
    folded = text.casefold()
    if reader_locale().startswith("sv"):
        folded = folded.translate(_SWEDISH_TAIL)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
