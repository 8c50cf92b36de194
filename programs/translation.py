"""Texts coordinators write in both languages (django-modeltranslation).

Each field gets ``<field>_en`` and ``<field>_sv`` columns; reading ``programme.purpose``
gives the visitor's language, falling back to the other one when only one is written.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Area, Programme


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = (
        "name",
        "description",
        "purpose",
        "how_it_works",
        "mentor_guide",
        "mentee_guide",
        "peer_guide",
        "privacy_notice",
        "agreement_text",
    )


@register(Area)
class AreaTranslation(TranslationOptions):
    fields = ("name",)
