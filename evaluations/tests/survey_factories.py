"""Surveys for the project-wide factory tests: each object valid on its own."""

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from evaluations.survey_models import (
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyReceipt,
    SurveyResponse,
)
from programs.tests.factories import ProgrammeFactory


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Survey {n}")
    timing = Survey.Timing.MIDPOINT


class SurveyQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyQuestion

    survey = factory.SubFactory(SurveyFactory)
    kind = SurveyQuestion.Kind.SCALE
    text = "How useful are your meetings?"


class SurveyReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyReceipt

    survey = factory.SubFactory(SurveyFactory)
    occasion = "midpoint"
    user = factory.SubFactory(UserFactory)


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    survey = factory.SubFactory(SurveyFactory)
    occasion = "midpoint"
    role = "mentee"
    answered_on = factory.LazyFunction(timezone.localdate)


class SurveyAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyAnswer

    response = factory.SubFactory(SurveyResponseFactory)
    question = factory.SubFactory(
        SurveyQuestionFactory, survey=factory.SelfAttribute("..response.survey")
    )
    kind = SurveyQuestion.Kind.SCALE
    number = 4
