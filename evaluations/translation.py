"""Survey texts coordinators write in both languages (django-modeltranslation): a member
reads them in their own language, falling back to the other one."""

from modeltranslation.translator import TranslationOptions, register

from .survey_models import Survey, SurveyQuestion


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "intro")


@register(SurveyQuestion)
class SurveyQuestionTranslation(TranslationOptions):
    fields = ("text", "choices")
