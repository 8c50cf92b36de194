"""The topic bank in both languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Topic


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("title", "description")
