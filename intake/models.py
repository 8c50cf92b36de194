"""Intake (stage 1): each programme's own questions, applications, answers and interviews."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from programs.languages import language_name
from programs.models import (
    MAX_PLACES,
    Area,
    Audience,
    Enrolment,
    Programme,
    StatusChange,
    site_today,
)


class Question(models.Model):
    """A question a coordinator adds to one programme's application form."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE_CHOICE = "single_choice", _("One choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
        SCALE = "scale", _("Scale 1–5")
        YES_NO = "yes_no", _("Yes or no")

    CHOICE_KINDS = (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE)

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    options = models.TextField(
        _("options"),
        blank=True,
        help_text=_(
            "For choice questions: one option per line, in the same order in both languages. "
            "Once people have answered, add new options only at the end."
        ),
    )
    audience = models.CharField(
        _("asked of"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["programme", "position", "id"]

    def __str__(self) -> str:
        return self.text

    def option_list(self) -> list[str]:
        """The options in the current language; answers store their positions."""
        return [line.strip() for line in (self.options or "").splitlines() if line.strip()]

    def _options_in(self, language: str) -> list[str]:
        text = getattr(self, f"options_{language}", None) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.kind not in self.CHOICE_KINDS:
            return
        if len(self.option_list()) < 2:
            raise ValidationError({"options": _("A choice question needs at least two options.")})
        # Answers store an option's position, so every language must list the same number.
        counts = {
            len(options)
            for code, _name in settings.LANGUAGES
            if (options := self._options_in(code))
        }
        if len(counts) > 1:
            raise ValidationError(
                {"options": _("Give the same number of options in every language.")}
            )
        if self.pk and self.answers.exists():
            before = Question.objects.get(pk=self.pk)
            if before.kind != self.kind or len(before.option_list()) > len(self.option_list()):
                raise ValidationError(
                    {
                        "options": _(
                            "People have already answered: keep the kind and the options, "
                            "and add new options only at the end."
                        )
                    }
                )

    def asked_of(self, role: str) -> bool:
        return self.audience in (Audience.EVERYONE, role)

    def display_answer(self, value) -> str:
        """An answer as a person reads it, in the current language."""
        if value in (None, "", []):
            return ""
        if self.kind == self.Kind.YES_NO:
            return str(_("Yes") if value else _("No"))
        if self.kind in self.CHOICE_KINDS:
            options = self.option_list()
            positions = value if isinstance(value, list) else [value]
            return ", ".join(
                options[i] for i in positions if isinstance(i, int) and i < len(options)
            )
        return str(value)


class Application(models.Model):
    """A person's interest registration for one programme, in one role."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Wait-listed")
        DECLINED = "declined", _("Declined")
        # The applicant took it back ("återtagen"); an enrolment's "withdrawn" reads differently.
        WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")

    class CareerLevel(models.TextChoices):
        STUDENT = "student", _("Student")
        EARLY = "early", _("Early career (up to 3 years)")
        EXPERIENCED = "experienced", _("Experienced professional")
        MANAGER = "manager", _("Manager")
        SENIOR = "senior", _("Senior manager or executive")
        ENTREPRENEUR = "entrepreneur", _("Business owner")

    class MeetingFormat(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video")
        PHONE = "phone", _("Phone")

    class Availability(models.TextChoices):
        WEEKDAY_MORNINGS = "weekday_mornings", _("Weekday mornings")
        WEEKDAY_DAYTIME = "weekday_daytime", _("Weekdays during the day")
        WEEKDAY_EVENINGS = "weekday_evenings", _("Weekday evenings")
        WEEKENDS = "weekends", _("Weekends")

    class WorkingStyle(models.TextChoices):
        """Statements answered from 1 (disagree) to 5 (agree).

        Similar values and ways of working predict a good relationship better than a
        similar CV does, so matching compares these answers.
        """

        STRUCTURE = "structure", _("I like meetings with a clear agenda.")
        FEEDBACK = "feedback", _("I want direct and frank feedback.")
        REFLECTION = "reflection", _("I learn best by talking things through before acting.")
        BALANCE = "balance", _("Life outside work matters as much to me as my career.")
        CHANGE = "change", _("I enjoy change and trying new things.")

    # Who may move an application where: the applicant submits and withdraws, the
    # coordinator decides. ``services.application_*`` are the only writers of status.
    DECISIONS = (Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED)
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        # A draft is deleted rather than withdrawn: nothing of it needs keeping.
        Status.DRAFT: (Status.SUBMITTED,),
        Status.SUBMITTED: (*DECISIONS, Status.WITHDRAWN),
        Status.WAITLISTED: (Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN),
        Status.ACCEPTED: (Status.WITHDRAWN,),
        Status.DECLINED: (),
        # While intake is open, someone who withdrew may apply again (as a new draft).
        Status.WITHDRAWN: (Status.DRAFT,),
    }

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    role = models.CharField(_("applies as"), max_length=10, choices=Enrolment.Role.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    about_me = models.TextField(_("about me"), blank=True, max_length=5000)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    manager_email = models.EmailField(
        _("my manager's e-mail"),
        blank=True,
        help_text=_("So that you are never matched with your own manager. Not shown to others."),
    )
    career_level = models.CharField(
        _("career level"), max_length=20, choices=CareerLevel.choices, blank=True
    )
    expertise = models.TextField(_("competences"), blank=True, max_length=5000)
    areas = models.ManyToManyField(Area, verbose_name=_("areas"), blank=True)
    goals = models.TextField(_("goals and expectations"), blank=True, max_length=5000)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    meeting_formats = models.JSONField(_("meeting formats"), default=list, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    availability = models.JSONField(_("availability"), default=list, blank=True)
    working_style = models.JSONField(_("working style and values"), default=dict, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("number of mentees I can take on"),
        default=1,
        validators=[MaxValueValidator(MAX_PLACES)],
    )
    business_idea = models.TextField(_("business idea"), blank=True, max_length=5000)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_notice_version = models.PositiveSmallIntegerField(
        _("privacy notice version consented to"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"],
                name="application_one_per_person_and_programme",
                violation_error_message=_("You have already applied to this programme."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="application_capacity_positive",
                violation_error_message=_("A mentor takes on at least one mentee."),
            ),
            # Nothing leaves the draft stage without a recorded consent.
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(consent_given_at__isnull=False, consent_notice_version__isnull=False),
                name="application_consent_before_submission",
            ),
        ]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("intake:application", kwargs={"pk": self.pk})

    def clean(self) -> None:
        # Not tied to the role field: the applicant's form has none to show it next to.
        if self.programme_id and self.role and self.role not in self.programme.roles():
            raise ValidationError(_("This programme has no such role."))
        if self.capacity is not None and self.capacity < 1:
            raise ValidationError({"capacity": _("A mentor takes on at least one mentee.")})

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECISIONS

    def edit_refusal(self, today=None) -> str | None:
        """Why the applicant may not write this application (new or not), or None if they may.

        The view asks before showing the form, the service again inside its transaction.
        """
        if self.pk is None:
            return self._start_refusal(today)
        if self.status not in (self.Status.DRAFT, self.Status.SUBMITTED):
            return str(
                _("This application has been decided or withdrawn and can no longer be changed.")
            )
        if not self.programme.applications_open(today or site_today()):
            return str(
                _(
                    "The application deadline has passed, so the application can no longer "
                    "be changed."
                )
            )
        return None

    def _start_refusal(self, today=None) -> str | None:
        if not self.programme.applications_open(today or site_today()):
            return str(_("This programme does not take applications now."))
        if self.role not in self.programme.roles():
            return str(_("This programme has no such role."))
        if Enrolment.objects.filter(programme=self.programme, user=self.user).exists():
            return str(_("You already take part in this programme."))
        return None

    def can_withdraw(self) -> bool:
        return self.Status.WITHDRAWN in self.TRANSITIONS[self.status]

    def can_reopen(self) -> bool:
        return self.status == self.Status.WITHDRAWN and self.programme.applications_open()

    def get_languages_display(self) -> list[str]:
        return [language_name(code) for code in self.languages]

    def get_meeting_formats_display(self) -> list[str]:
        labels = dict(self.MeetingFormat.choices)
        return [str(labels.get(code, code)) for code in self.meeting_formats]

    def get_availability_display(self) -> list[str]:
        labels = dict(self.Availability.choices)
        return [str(labels.get(code, code)) for code in self.availability]


class Answer(models.Model):
    """The answer to one custom question: text, a position among options, 1–5 or yes/no."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    value = models.JSONField(_("answer"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"], name="answer_one_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.question.display_answer(self.value)


class ApplicationStatusChange(StatusChange):
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Application.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Application.Status.choices)

    class Meta:
        verbose_name = _("application status change")
        verbose_name_plural = _("application status changes")
        ordering = ["changed_at", "id"]


class Interview(models.Model):
    class Recommendation(models.TextChoices):
        UNDECIDED = "undecided", _("Not decided yet")
        ACCEPT = "accept", _("Accept")
        WAITLIST = "waitlist", _("Wait-list")
        DECLINE = "decline", _("Decline")

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="interviews",
    )
    held_on = models.DateField(_("date"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True, max_length=10000)
    recommendation = models.CharField(
        _("recommendation"),
        max_length=10,
        choices=Recommendation.choices,
        default=Recommendation.UNDECIDED,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.application.user} – {self.held_on}"


from .consent_models import ConsentRecord  # noqa: E402, F401 (every consent given)
