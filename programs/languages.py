"""Language names in the reader's language, in the order the reader expects.

Django's list of languages carries English names only (they are marked for translation
but never translated where they are defined), and its Swedish catalogue has slips
("Lettiska" for Lithuanian). The names come from CLDR through Babel instead, which we
already install to compile the catalogues; Django's own name is the fallback for the
few codes CLDR does not know.
"""

import unicodedata
from collections.abc import Iterable, Iterator

from babel import Locale, UnknownLocaleError
from django.conf.global_settings import LANGUAGES as ALL_LANGUAGES
from django.utils.choices import BaseChoiceIterator
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, to_locale

_DJANGO_NAMES = dict(ALL_LANGUAGES)
# Swedish has letters of its own after z: å, ä, ö (æ and ø sort with ä and ö, ü as y).
# "{", "|" and "}" are the characters that follow "z".
_SWEDISH_TAIL = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"})


def _reader_locale() -> str:
    return to_locale(get_language() or "en")


def language_name(code: str) -> str:
    """``"ar"`` as the reader says it: "Arabiska" in Swedish, "Arabic" in English."""
    try:
        name = Locale.parse(to_locale(code)).get_display_name(_reader_locale())
    except (UnknownLocaleError, ValueError):
        name = None
    return capfirst(name or gettext(_DJANGO_NAMES.get(code, code)))


def collation_key(text: str) -> str:
    """A sort key for words in the reader's language: accents do not count, except that
    Swedish sorts å, ä and ö as letters of their own after z."""
    folded = text.casefold()
    if _reader_locale().startswith("sv"):
        folded = folded.translate(_SWEDISH_TAIL)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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
