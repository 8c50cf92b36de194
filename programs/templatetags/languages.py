"""``{% lang_of programme "name" %}``: a ``lang`` attribute for a text shown in the other
language (see ``programs.text_language``), or nothing; ``{{ area|in_its_language:"name" }}``:
the text itself, in a ``<span lang>`` when needed."""

from django import template
from django.utils.html import format_html

from programs.text_language import in_its_language, other_language

register = template.Library()


@register.simple_tag
def lang_of(obj, field: str) -> str:
    code = other_language(obj, field)
    return format_html(' lang="{}"', code) if code else ""


@register.filter(name="in_its_language")
def in_its_language_filter(obj, field: str) -> str:
    return in_its_language(obj, field)
