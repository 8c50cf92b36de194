"""The survey's rules held by the database: one answer per member and occasion, numbers in
range, a timing's number only with its timing; and the service's refusals."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from evaluations import survey_services
from evaluations.survey_models import (
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyReceipt,
    SurveyResponse,
)
from evaluations.survey_occasions import Occasion, occasion_for

from .survey_fixtures import answer, make_survey, questions_of


def _raises_integrity(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_one_receipt_per_member_and_occasion(survey, pair):
    _match, _mentor, mentee = pair
    user = mentee.enrolment.user
    SurveyReceipt.objects.create(survey=survey, occasion="midpoint", user=user)

    _raises_integrity(
        lambda: SurveyReceipt.objects.create(survey=survey, occasion="midpoint", user=user)
    )
    SurveyReceipt.objects.create(survey=survey, occasion="final", user=user)  # another occasion


@pytest.mark.parametrize(
    ("kind", "number", "ok"),
    [
        ("scale", 1, True),
        ("scale", 5, True),
        ("scale", 0, False),
        ("scale", 6, False),
        ("scale", None, False),
        ("nps", 0, True),
        ("nps", 10, True),
        ("nps", 11, False),
        ("nps", -1, False),
        ("single_choice", 3, False),
        ("text", 2, False),
    ],
)
def test_the_database_checks_each_numbers_range(survey, kind, number, ok):
    response = SurveyResponse.objects.create(
        survey=survey, occasion="midpoint", role="mentee", answered_on=timezone.localdate()
    )
    question = questions_of(survey)[kind]

    def make():
        SurveyAnswer.objects.create(response=response, question=question, kind=kind, number=number)

    if ok:
        make()
    else:
        _raises_integrity(make)


def test_an_anonymous_response_keeps_no_time_and_ids_are_random(survey):
    def make():
        SurveyResponse.objects.create(
            survey=survey,
            occasion="midpoint",
            role="mentee",
            answered_on=timezone.localdate(),
            answered_at=timezone.now(),
        )

    _raises_integrity(make)
    assert isinstance(SurveyResponse._meta.pk.default(), uuid.UUID)
    assert SurveyAnswer._meta.pk.default is uuid.uuid4


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({"timing": "every_weeks", "every_weeks": 4}, True),
        ({"timing": "every_weeks"}, False),
        ({"timing": "midpoint", "every_weeks": 4}, False),
        ({"timing": "after", "months_after": 6}, True),
        ({"timing": "after"}, False),
        ({"timing": "final", "months_after": 6}, False),
        ({"timing": "final", "open_days": 0}, False),
    ],
)
def test_a_timings_number_comes_with_its_timing(midway, fields, ok):
    def make():
        Survey.objects.create(programme=midway, title="S", **fields)

    if ok:
        make()
    else:
        _raises_integrity(make)
        with pytest.raises(ValidationError):
            Survey(programme=midway, title="S", **fields).full_clean()


def test_a_peer_audience_is_refused_in_a_mentoring_programme(midway):
    survey = Survey(programme=midway, title="S", timing="midpoint", audience="peer")

    with pytest.raises(ValidationError) as error:
        survey.full_clean()
    assert "audience" in error.value.message_dict


def test_a_choice_question_needs_two_choices_and_as_many_in_each_language(survey):
    question = SurveyQuestion(survey=survey, kind="single_choice", text="Q", choices_en="Only")
    with pytest.raises(ValidationError):
        question.full_clean()
    question.choices_en, question.choices_sv = "A\nB", "A\nB\nC"
    with pytest.raises(ValidationError):
        question.full_clean()


def test_an_answered_question_keeps_its_kind_and_choices(survey, pair):
    _match, _mentor, mentee = pair
    answer(survey, mentee.enrolment.user, "mentee")
    question = questions_of(survey)["single_choice"]

    question.choices_en = question.choices_sv = "In person\nVideo"  # one removed
    with pytest.raises(ValidationError):
        question.full_clean()
    question.choices_en = question.choices_sv = "In person\nVideo\nPhone\nWalking"  # added
    question.full_clean()


# --- The service -------------------------------------------------------------------------


def test_answers_are_stored_apart_from_who_gave_them(survey, pair):
    _match, _mentor, mentee = pair
    user = mentee.enrolment.user

    response = answer(survey, user, "mentee", scale=5, nps=10, single=2, text="Great")

    assert SurveyReceipt.objects.filter(survey=survey, occasion="midpoint", user=user).exists()
    response.refresh_from_db()
    assert response.respondent is None and response.answered_at is None
    assert response.answered_on == timezone.localdate()
    assert response.role == "mentee"
    stored = {a.kind: a for a in response.answers.all()}
    assert stored["scale"].number == 5 and stored["nps"].number == 10
    assert stored["single_choice"].choices == [2] and stored["multiple_choice"].choices == [1]
    assert stored["text"].text == "Great"


def test_a_named_survey_keeps_the_respondent(midway, pair):
    _match, _mentor, mentee = pair
    survey = make_survey(midway, anonymous=False)

    response = answer(survey, mentee.enrolment.user, "mentee")

    assert response.respondent == mentee.enrolment.user and response.answered_at is not None


def test_a_second_answer_for_the_same_occasion_is_refused(survey, pair):
    _match, _mentor, mentee = pair
    answer(survey, mentee.enrolment.user, "mentee")

    with pytest.raises(ValidationError, match="already answered"):
        answer(survey, mentee.enrolment.user, "mentee")
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"scale": 6}, "from 1 to 5"),
        ({"scale": 0}, "from 1 to 5"),
        ({"nps": 11}, "from 0 to 10"),
        ({"single": 3}, "among the choices"),
        ({"multiple": (0, 0)}, "among the choices"),
        ({"scale": None}, "Please answer"),
        ({"text": "x\x00y"}, "plain text"),
        ({"text": "x" * 5001}, "plain text"),
    ],
)
def test_answers_out_of_range_are_refused_and_nothing_is_stored(survey, pair, values, message):
    _match, _mentor, mentee = pair

    with pytest.raises(ValidationError, match=message):
        answer(survey, mentee.enrolment.user, "mentee", **values)
    assert not SurveyReceipt.objects.exists() and not SurveyResponse.objects.exists()


@pytest.mark.parametrize("shift", [-15, 1])
def test_a_closed_or_not_yet_open_occasion_is_refused(survey, pair, shift):
    _match, _mentor, mentee = pair
    today = timezone.localdate()
    occasion = Occasion(
        "midpoint", today + timedelta(days=shift), today + timedelta(days=shift), ""
    )
    if shift < 0:
        occasion = Occasion("midpoint", today - timedelta(days=15), today - timedelta(days=1), "")

    with pytest.raises(ValidationError, match="closed" if shift < 0 else "not open yet"):
        survey_services.survey_answer(
            survey=survey, occasion=occasion, user=mentee.enrolment.user, role="mentee", answers={}
        )


def test_a_draft_or_another_roles_survey_is_refused(midway, pair):
    _match, _mentor, mentee = pair
    draft = make_survey(midway, status=Survey.Status.DRAFT)
    mentors = make_survey(midway, audience="mentor")
    for refused, message in ((draft, "not open"), (mentors, "not asked of your role")):
        with pytest.raises(ValidationError, match=message):
            survey_services.survey_answer(
                survey=refused,
                occasion=occasion_for(refused, "midpoint"),
                user=mentee.enrolment.user,
                role="mentee",
                answers={},
            )


def test_a_copy_is_a_draft_with_both_languages(survey, other_programme):
    copy = survey_services.survey_copy(survey=survey, programme=other_programme)

    assert copy.programme == other_programme and copy.status == Survey.Status.DRAFT
    assert (copy.title_en, copy.title_sv) == ("Mid-point survey", "Halvtidsenkät")
    copied = list(copy.questions.order_by("position"))
    assert [q.kind for q in copied] == [q.kind for q in survey.questions.order_by("position")]
    assert copied[2].choices_sv == "In person\nVideo\nPhone"
    assert copied[0].text_sv == "(sv) How useful are your meetings?"
