"""Goal templates are written by coordinators in both languages (django-modeltranslation):
a member reads the template in their own language, falling back to the other one."""

from modeltranslation.translator import TranslationOptions, register

from .models import GoalTemplate


@register(GoalTemplate)
class GoalTemplateTranslation(TranslationOptions):
    fields = ("title", "specific", "measure", "relevance", "steps")
