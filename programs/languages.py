"""Language names in the reader's language, in the order the reader expects.

Django's list of languages carries English names only (they are marked for translation
but never translated where they are defined), and its Swedish catalogue has slips
("Lettiska" for Lithuanian). The names come from CLDR through Babel instead, which we
already install to compile the catalogues; Django's own name is the fallback for the
few codes CLDR does not know.
"""

from collections.abc import Iterable, Iterator
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.conf.global_settings import LANGUAGES as ALL_LANGUAGES
from django.utils.choices import BaseChoiceIterator
from django.utils.text import capfirst
from django.utils.translation import gettext, to_locale

from accounts.formatting import collation_key, reader_locale

_DJANGO_NAMES = dict(ALL_LANGUAGES)


def language_name(code: str) -> str:
    """``"ar"`` as the reader says it: "Arabiska" in Swedish, "Arabic" in English."""
    return _names_in(reader_locale()).get(code) or _name_in(code, reader_locale())


def language_choices(codes: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs in the reader's language, sorted by name as the reader sorts."""
    everyone = _sorted_in(reader_locale())
    if codes is None:
        return list(everyone)
    wanted = set(codes)
    known = [pair for pair in everyone if pair[0] in wanted]
    unknown = sorted(wanted - set(_DJANGO_NAMES))  # a code Django does not list: as it is
    return known + [(code, language_name(code)) for code in unknown]


def _name_in(code: str, locale: str) -> str:
    try:
        name = Locale.parse(to_locale(code)).get_display_name(locale)
    except (UnknownLocaleError, ValueError):
        name = None
    return capfirst(name or gettext(_DJANGO_NAMES.get(code, code)))


# Worked out once per reader language: a list of mentors names the languages of each.
@lru_cache(maxsize=8)
def _names_in(locale: str) -> dict[str, str]:
    return {code: _name_in(code, locale) for code in _DJANGO_NAMES}


@lru_cache(maxsize=8)
def _sorted_in(locale: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(_names_in(locale).items(), key=lambda pair: collation_key(pair[1])))


class LanguageChoices(BaseChoiceIterator):
    """Choices that are worked out each time they are read, so a form or an admin page
    built once at import still names and sorts the languages for each reader."""

    def __init__(self, codes: Iterable[str] | None = None):
        self.codes = None if codes is None else tuple(codes)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        yield from language_choices(self.codes)


# Every language a programme may offer.
LANGUAGE_CHOICES = LanguageChoices()
