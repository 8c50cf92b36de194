"""Programme surveys: coordinators' templates, and the members' answers kept apart from who
gave them.

A ``Survey`` belongs to one programme: its questions (``SurveyQuestion``), whom it asks
(an ``Audience``), when (its timing gives the *occasions*, see ``survey_occasions``), and
whether it is anonymous. Coordinators build it as a draft and publish it.

Who answered and what was answered are two tables that nothing joins:

- ``SurveyReceipt`` (survey, occasion, user): that a member has answered an occasion. Its
  unique constraint is the one-answer-per-member-per-occasion rule, for named and anonymous
  surveys alike, and the response rate counts it. It holds no time.
- ``SurveyResponse`` and its ``SurveyAnswer`` rows: what was answered. An anonymous response
  has no respondent, only the day (no time), and random ids (UUIDs) for itself and its
  answers, so neither ids, nor their order, nor times tie it to a receipt.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.models import Audience, Enrolment, Programme

# An occasion's key: "first-meeting", "midpoint", "final", "w3", "after".
OCCASION_MAX_LENGTH = 20
TEXT_MAX_LENGTH = 5000
# Results of an anonymous survey are shown once at least this many have answered.
ANONYMITY_THRESHOLD = 3


class Survey(models.Model):
    class Timing(models.TextChoices):
        FIRST_MEETING = "first_meeting", _("After the first meeting")
        MIDPOINT = "midpoint", _("At the mid-point")
        FINAL = "final", _("Final, before the programme ends")
        EVERY_WEEKS = "every_weeks", _("Every N weeks")
        AFTER = "after", _("N months after the programme ended")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft: not sent yet")
        PUBLISHED = "published", _("Published")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("A few words shown above the questions.")
    )
    audience = models.CharField(
        _("asked of"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    timing = models.CharField(_("when"), max_length=20, choices=Timing.choices)
    every_weeks = models.PositiveSmallIntegerField(
        _("every (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("For “every N weeks”: the number of weeks between two occasions."),
    )
    months_after = models.PositiveSmallIntegerField(
        _("months after the end"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("For “N months after the programme ended”."),
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_(
            "Anonymous answers are never tied to a person, and results are shown only once at "
            "least three people have answered. Named answers show who answered what."
        ),
    )
    open_days = models.PositiveSmallIntegerField(
        _("open for (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("How many days each occasion stays open for answers."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The day a coordinator published it: occasions that closed before are none of its
    # own, and one sent every N weeks begins with the first round opening on or after it.
    # Empty: as if published when the programme began.
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["programme", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        timing="every_weeks",
                        every_weeks__isnull=False,
                        every_weeks__gte=1,
                        every_weeks__lte=52,
                    )
                    | (~Q(timing="every_weeks") & Q(every_weeks__isnull=True))
                ),
                name="survey_every_weeks_with_its_timing",
                violation_error_message=_(
                    "Give the number of weeks for “every N weeks”, and only for it."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        timing="after",
                        months_after__isnull=False,
                        months_after__gte=1,
                        months_after__lte=36,
                    )
                    | (~Q(timing="after") & Q(months_after__isnull=True))
                ),
                name="survey_months_after_with_its_timing",
                violation_error_message=_(
                    "Give the number of months for “after the programme ended”, and only for it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(open_days__gte=1, open_days__lte=120),
                name="survey_open_days_in_range",
                violation_error_message=_("A survey stays open from 1 to 120 days."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # What the answers given stand on: once anyone has answered, these stay as they were
    # (else unticking "anonymous" would show answers given in confidence, and moving the
    # survey would hand them to another programme's coordinators).
    KEPT_ONCE_ANSWERED = (
        "programme",
        "anonymous",
        "audience",
        "timing",
        "every_weeks",
        "months_after",
    )

    @property
    def has_answers(self) -> bool:
        return self.pk is not None and self.receipts.exists()

    def clean(self) -> None:
        errors = {}
        if self.has_answers:
            stored = Survey.objects.filter(pk=self.pk).values(*self.KEPT_ONCE_ANSWERED).first()
            for name in self.KEPT_ONCE_ANSWERED:
                column = f"{name}_id" if name == "programme" else name
                if stored and stored[name] != getattr(self, column):
                    errors[name] = _(
                        "People have answered this survey: this stays as it was. Copy the "
                        "survey to change it."
                    )
            if errors:
                raise ValidationError(errors)
        if self.timing == self.Timing.EVERY_WEEKS and not self.every_weeks:
            errors["every_weeks"] = _("How many weeks between two occasions?")
        if self.timing != self.Timing.EVERY_WEEKS and self.every_weeks:
            errors["every_weeks"] = _("Only for a survey sent every N weeks: leave it empty.")
        if self.timing == self.Timing.AFTER and not self.months_after:
            errors["months_after"] = _("How many months after the end of the programme?")
        if self.timing != self.Timing.AFTER and self.months_after:
            errors["months_after"] = _(
                "Only for a survey sent after the programme ended: leave it empty."
            )
        if self.programme_id and self.audience not in (
            Audience.EVERYONE,
            *self.programme.roles(),
        ):
            errors["audience"] = _("This programme has nobody in that role.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def roles(self) -> list[str]:
        """The enrolment roles it asks."""
        if self.audience == Audience.EVERYONE:
            return [role for role, _label in Enrolment.Role.choices]
        return [self.audience]

    def asks(self, role: str) -> bool:
        return self.audience in (Audience.EVERYONE, role)


# The choices as forms hold them: one field per language (django-modeltranslation), the
# default language's first; an error about the choices is shown there.
CHOICES_FIELD = f"choices_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale 1–5")
        NPS = "nps", _("Recommendation 0–10")
        SINGLE_CHOICE = "single_choice", _("One choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
        TEXT = "text", _("Free text")

    CHOICE_KINDS = (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE)
    NUMBER_KINDS = (Kind.SCALE, Kind.NPS)
    RANGES = {Kind.SCALE: (1, 5), Kind.NPS: (0, 10)}

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_(
            "For choice questions: one choice per line, in the same order in both languages. "
            "Once people have answered, add new choices only at the end."
        ),
    )
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    def choice_list(self) -> list[str]:
        """The choices in the current language; answers store their positions."""
        return [line.strip() for line in (self.choices or "").splitlines() if line.strip()]

    def _choices_in(self, language: str) -> list[str]:
        text = getattr(self, f"choices_{language}", None) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.kind in self.CHOICE_KINDS:
            if len(self.choice_list()) < 2:
                raise ValidationError(
                    {CHOICES_FIELD: _("A choice question needs at least two choices.")}
                )
            counts = {
                len(found)
                for code, _name in settings.LANGUAGES
                if (found := self._choices_in(code))
            }
            if len(counts) > 1:
                raise ValidationError(
                    {CHOICES_FIELD: _("Give the same number of choices in every language.")}
                )
        if self.pk and self.answers.exists():
            before = SurveyQuestion.objects.get(pk=self.pk)
            if before.kind != self.kind or len(before.choice_list()) > len(self.choice_list()):
                raise ValidationError(
                    {
                        "kind": _(
                            "People have already answered: keep the kind and the choices, "
                            "and add new choices only at the end."
                        )
                    }
                )


class SurveyReceipt(models.Model):
    """That ``user`` has answered ``survey`` on ``occasion`` — never what they answered."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="receipts"
    )
    occasion = models.CharField(_("occasion"), max_length=OCCASION_MAX_LENGTH)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="survey_receipts",
    )

    class Meta:
        verbose_name = _("survey answered")
        verbose_name_plural = _("surveys answered")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "occasion", "user"],
                name="survey_answered_once_per_occasion",
                violation_error_message=_("You have already answered this survey."),
            )
        ]

    def __str__(self) -> str:
        return str(_("Answered"))


class SurveyResponse(models.Model):
    """What one member answered on one occasion; anonymous: nobody's, and only a day."""

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses"
    )
    occasion = models.CharField(_("occasion"), max_length=OCCASION_MAX_LENGTH)
    role = models.CharField(_("role"), max_length=10, choices=Enrolment.Role.choices)
    # Named surveys only: who answered, and when exactly.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        # No ordering by time: an anonymous response has none to be ordered by.
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "occasion", "respondent"],
                condition=Q(respondent__isnull=False),
                name="survey_response_once_per_respondent",
            ),
            models.CheckConstraint(
                condition=Q(respondent__isnull=False) | Q(answered_at__isnull=True),
                name="survey_response_anonymous_has_no_time",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Response"))


class SurveyAnswer(models.Model):
    """One question's answer. ``kind`` repeats the question's, so that the database checks
    each number's range: 1–5 on a scale, 0–10 for a recommendation."""

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        SurveyResponse,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        SurveyQuestion,
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SurveyQuestion.Kind.choices)
    number = models.SmallIntegerField(_("number"), null=True, blank=True)
    # Choice questions: the positions chosen (one for "one choice").
    choices = models.JSONField(_("choices"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="survey_answer_once_per_question"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="scale", number__isnull=False, number__gte=1, number__lte=5)
                    | Q(kind="nps", number__isnull=False, number__gte=0, number__lte=10)
                    | (~Q(kind__in=["scale", "nps"]) & Q(number__isnull=True))
                ),
                name="survey_answer_number_in_range",
            ),
            models.CheckConstraint(
                condition=Q(kind="text") | Q(text=""),
                name="survey_answer_text_only_for_text",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Answer"))
