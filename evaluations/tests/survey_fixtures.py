"""Surveys for tests: a programme mid-way with a survey open today, and ways to make more.

Imported by the survey tests (``from .survey_fixtures import *``-free: each names what it
uses), beside the relationships' role fixtures in ``conftest``."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evaluations import survey_services
from evaluations.survey_models import Survey, SurveyQuestion
from evaluations.survey_occasions import occasion_for
from intake.tests.factories import person
from programs.models import Enrolment
from relationships.models import MatchMember
from relationships.services import match_create

QUESTIONS = [
    (SurveyQuestion.Kind.SCALE, "How useful are your meetings?", "", True),
    (SurveyQuestion.Kind.NPS, "Would you recommend the programme?", "", True),
    (SurveyQuestion.Kind.SINGLE_CHOICE, "How do you mostly meet?", "In person\nVideo\nPhone", True),
    (SurveyQuestion.Kind.MULTIPLE_CHOICE, "What helped?", "Agenda\nGoals\nTopic bank", False),
    (SurveyQuestion.Kind.TEXT, "Anything else?", "", False),
]


def make_survey(programme, *, questions=QUESTIONS, **fields) -> Survey:
    """A published anonymous mid-point survey for everyone, with one question of each kind."""
    fields = {
        "title_en": "Mid-point survey",
        "title_sv": "Halvtidsenkät",
        "timing": Survey.Timing.MIDPOINT,
        "status": Survey.Status.PUBLISHED,
        "anonymous": True,
        **fields,
    }
    survey = Survey.objects.create(programme=programme, **fields)
    for position, (kind, text, choices, required) in enumerate(questions):
        SurveyQuestion.objects.create(
            survey=survey,
            position=position,
            kind=kind,
            text_en=text,
            text_sv=f"(sv) {text}",
            choices_en=choices,
            choices_sv=choices,
            required=required,
        )
    return survey


def questions_of(survey) -> dict[str, SurveyQuestion]:
    return {q.kind: q for q in survey.questions.all()}


def answer(survey, user, role, key="midpoint", *, scale=4, nps=9, single=0, multiple=(1,), text=""):
    """``user``'s answers through the service, on ``survey``'s occasion ``key``."""
    q = questions_of(survey)
    values = {
        q["scale"].pk: scale,
        q["nps"].pk: nps,
        q["single_choice"].pk: single,
        q["multiple_choice"].pk: list(multiple),
        q["text"].pk: text,
    }
    occasion = occasion_for(survey, key, timezone.localdate())
    return survey_services.survey_answer(
        survey=survey,
        occasion=occasion,
        user=user,
        role=role,
        answers={k: v for k, v in values.items() if k in {x.pk for x in q.values()}},
    )


def add_pairs(programme, count: int) -> list:
    """``count`` more mentor–mentee pairs in ``programme``: their matches."""
    made = []
    for _ in range(count):
        mentor = person(programme, Enrolment.Role.MENTOR, applied=False)
        mentee = person(programme, Enrolment.Role.MENTEE, applied=False)
        made.append(
            match_create(
                programme=programme, mentor=mentor, mentees=[mentee], origin="manual", by=None
            )
        )
    return made


@pytest.fixture
def midway(running, pair):
    """The pair's programme began 60 days ago and ends in 120, the pair with it; its
    mid-point was 2 days ago, so a mid-point survey (open 14 days) is open today."""
    today = timezone.localdate()
    running.starts_on = today - timedelta(days=60)
    running.ends_on = today + timedelta(days=120)
    running.midpoint_on = today - timedelta(days=2)
    running.save()
    MatchMember.objects.filter(match__programme=running).update(
        joined_at=timezone.now() - timedelta(days=60)
    )
    return running


@pytest.fixture
def survey(midway):
    return make_survey(midway)
