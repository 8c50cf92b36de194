"""Which language a coordinator's text is shown in, so the page can say so with ``lang``.

A programme written only in Swedish is shown in Swedish on an English page too (the
fallback of modeltranslation); a screen reader must then read it with Swedish sounds
(WCAG 3.1.2, language of parts).
"""

from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language


def page_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def shown_language(obj, field: str) -> str:
    """The code of the language ``obj.<field>`` is shown in on this page."""
    current = page_language()
    if getattr(obj, f"{field}_{current}", None):
        return current
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    for code in fallbacks.get(current, fallbacks.get("default", ())):
        if getattr(obj, f"{field}_{code}", None):
            return code
    return current


def other_language(obj, field: str) -> str:
    """``shown_language`` when it differs from the page's, else ``""``."""
    shown = shown_language(obj, field)
    return "" if shown == page_language() else shown


def in_its_language(obj, field: str) -> SafeString:
    """``obj.<field>``, escaped, inside ``<span lang="…">`` when in the other language."""
    code = other_language(obj, field)
    text = getattr(obj, field)
    if code:
        return format_html('<span lang="{}">{}</span>', code, text)
    return conditional_escape(text)
