"""Texts coordinators write in both languages (django-modeltranslation).

Each field gets ``<field>_en`` and ``<field>_sv`` columns; reading ``programme.purpose``
gives the visitor's language, falling back to the other one when only one is written.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Question


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text", "options")
