"""Language names in the reader's language, in the order the reader expects.

Django's list of languages carries English names only (they are marked for translation
but never translated where they are defined), and its Swedish catalogue has slips
("Lettiska" for Lithuanian). The names come from CLDR through Babel instead, which we
already install to compile the catalogues; Django's own name is the fallback for the
few codes CLDR does not know.
"""

from collections.abc import Iterable, Iterator

from babel import Locale, UnknownLocaleError
from django.conf.global_settings import LANGUAGES as ALL_LANGUAGES
from django.utils.choices import BaseChoiceIterator
from django.utils.text import capfirst
from django.utils.translation import gettext, to_locale

from accounts.formatting import collation_key, reader_locale

_DJANGO_NAMES = dict(ALL_LANGUAGES)


def language_name(code: str) -> str:
    """``"ar"`` as the reader says it: "Arabiska" in Swedish, "Arabic" in English."""
    try:
        name = Locale.parse(to_locale(code)).get_display_name(reader_locale())
    except (UnknownLocaleError, ValueError):
        name = None
    return capfirst(name or gettext(_DJANGO_NAMES.get(code, code)))


def language_choices(codes: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs in the reader's language, sorted by name as the reader sorts."""
    wanted = list(_DJANGO_NAMES) if codes is None else list(dict.fromkeys(codes))
    pairs = [(code, language_name(code)) for code in wanted]
    return sorted(pairs, key=lambda pair: collation_key(pair[1]))


class LanguageChoices(BaseChoiceIterator):
    """Choices that are worked out each time they are read, so a form or an admin page
    built once at import still names and sorts the languages for each reader."""

    def __init__(self, codes: Iterable[str] | None = None):
        self.codes = None if codes is None else tuple(codes)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        yield from language_choices(self.codes)


# Every language a programme may offer.
LANGUAGE_CHOICES = LanguageChoices()
