"""Writes for surveys: a member's answers, and a coordinator's copy of a template."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from programs.models import Programme

from .health import site_day
from .survey_models import (
    TEXT_MAX_LENGTH,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyReceipt,
    SurveyResponse,
)
from .survey_occasions import Occasion

TRANSLATED = ("title", "intro")
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _answer(question: SurveyQuestion, value) -> SurveyAnswer | None:
    """The answer row for ``value``, None for no answer; ``ValidationError`` if it cannot be
    one (out of range, an unknown choice, too long)."""
    if value in (None, "", []):
        if question.required:
            raise ValidationError({str(question.pk): _("Please answer this question.")})
        return None
    answer = SurveyAnswer(question=question, kind=question.kind)
    if question.kind in SurveyQuestion.NUMBER_KINDS:
        low, high = SurveyQuestion.RANGES[question.kind]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(
                {
                    str(question.pk): _("Choose a number from %(low)d to %(high)d.")
                    % {"low": low, "high": high}
                }
            )
        answer.number = value
    elif question.kind in SurveyQuestion.CHOICE_KINDS:
        chosen = value if isinstance(value, list | tuple) else [value]
        count = len(question.choice_list())
        if (
            not chosen
            or any(isinstance(c, bool) or not isinstance(c, int) for c in chosen)
            or any(not 0 <= c < count for c in chosen)
            or len(set(chosen)) != len(chosen)
            or (question.kind == SurveyQuestion.Kind.SINGLE_CHOICE and len(chosen) != 1)
        ):
            raise ValidationError({str(question.pk): _("Choose among the choices given.")})
        answer.choices = sorted(chosen)
    else:
        text = str(value).strip()
        if "\x00" in text or len(text) > TEXT_MAX_LENGTH:
            raise ValidationError(
                {
                    str(question.pk): _("Write at most %(count)d characters of plain text.")
                    % {"count": TEXT_MAX_LENGTH}
                }
            )
        if not text:
            return _answer(question, None)
        answer.text = text
    return answer


@transaction.atomic
def survey_answer(
    *,
    survey: Survey,
    occasion: Occasion,
    user: User,
    role: str,
    answers: dict[int, object],
    today: date | None = None,
) -> SurveyResponse:
    """Record ``user``'s answers to ``survey`` on ``occasion`` (``answers``: question id →
    number, list of choice positions, or text). Refused with a ``ValidationError`` when the
    survey is not published, not asked of ``role`` or not open on ``today``, an answer is
    out of range, or ``user`` answered this occasion already (the database's unique
    receipt decides a race)."""
    today = today or site_day(timezone.now())
    if not survey.is_published:
        raise ValidationError(_("This survey is not open."))
    if not survey.asks(role):
        raise ValidationError(_("This survey is not asked of your role."))
    if today < occasion.opens_on:
        raise ValidationError(_("This survey is not open yet."))
    if today > occasion.closes_on:
        raise ValidationError(_("This survey has closed: answers are no longer taken."))
    rows = []
    errors: dict[str, list[str]] = {}
    for question in survey.questions.all():
        try:
            answer = _answer(question, answers.get(question.pk))
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
            continue
        if answer is not None:
            rows.append(answer)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            SurveyReceipt.objects.create(survey=survey, occasion=occasion.key, user=user)
    except IntegrityError:
        raise ValidationError(_("You have already answered this survey. Thank you!")) from None
    named = not survey.anonymous
    response = SurveyResponse.objects.create(
        survey=survey,
        occasion=occasion.key,
        role=role,
        respondent=user if named else None,
        answered_at=timezone.now() if named else None,
        answered_on=today,
    )
    for row in rows:
        row.response = response
    SurveyAnswer.objects.bulk_create(rows)
    return response


@transaction.atomic
def survey_copy(*, survey: Survey, programme: Programme) -> Survey:
    """A draft copy of ``survey`` and its questions in ``programme``, both languages."""
    copy = Survey(
        programme=programme,
        audience=survey.audience,
        timing=survey.timing,
        every_weeks=survey.every_weeks,
        months_after=survey.months_after,
        anonymous=survey.anonymous,
        open_days=survey.open_days,
        status=Survey.Status.DRAFT,
    )
    for name in TRANSLATED:
        for code in LANGUAGES:
            setattr(copy, f"{name}_{code}", getattr(survey, f"{name}_{code}"))
    copy.full_clean()
    copy.save()
    questions = []
    for question in survey.questions.all():
        made = SurveyQuestion(
            survey=copy,
            position=question.position,
            kind=question.kind,
            required=question.required,
        )
        for name in ("text", "choices"):
            for code in LANGUAGES:
                setattr(made, f"{name}_{code}", getattr(question, f"{name}_{code}"))
        questions.append(made)
    SurveyQuestion.objects.bulk_create(questions)
    return copy
