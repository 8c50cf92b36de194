"""Programmes and the people enrolled in them."""

import zoneinfo
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from .languages import LANGUAGE_CHOICES, language_name  # noqa: F401 (others import it here)

# More mentees than any one mentor can meet: a larger number is a typing error.
MAX_PLACES = 50


def site_today() -> date:
    """Today where the programme runs: deadlines are days in the site's time zone."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(settings.TIME_ZONE))


# A programme's dates lie within these years: every later date worked out from them (a
# reminder's, a survey's months after the end) stays inside the calendar.
FIRST_YEAR, LAST_YEAR = 1990, 2200


class Programme(models.Model):
    class Kind(models.TextChoices):
        ONE_TO_ONE = "one_to_one", _("One-to-one mentoring")
        PEER = "peer", _("Peer mentoring")
        GROUP = "group", _("Group mentoring")

    class MatchingMode(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator matches")
        MENTEE_REQUESTS = "mentee_requests", _("Mentees request a mentor")
        PEER_POOL = "peer_pool", _("Peers are paired from one pool")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        INTAKE_OPEN = "intake_open", _("Intake open")
        MATCHING = "matching", _("Matching")
        RUNNING = "running", _("Running")
        CLOSING = "closing", _("Closing")
        CLOSED = "closed", _("Closed")

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Every month")
        FLEXIBLE = "flexible", _("As the pair agrees")

    # Where each status may go next. ``programme_transition`` is the only writer.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.DRAFT: (Status.INTAKE_OPEN,),
        Status.INTAKE_OPEN: (Status.DRAFT, Status.MATCHING),
        Status.MATCHING: (Status.INTAKE_OPEN, Status.RUNNING),
        Status.RUNNING: (Status.CLOSING,),
        Status.CLOSING: (Status.RUNNING, Status.CLOSED),
        Status.CLOSED: (),
    }

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name for links"),
        max_length=80,
        unique=True,
        help_text=_("Used in web addresses and commands, e.g. new-managers-2027."),
    )
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ONE_TO_ONE)
    matching_mode = models.CharField(
        _("matching mode"),
        max_length=20,
        choices=MatchingMode.choices,
        default=MatchingMode.COORDINATOR,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    application_deadline = models.DateField(_("application deadline"), null=True, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    midpoint_on = models.DateField(
        _("mid-point evaluation date"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the day halfway between start and end."),
    )
    min_meetings = models.PositiveSmallIntegerField(
        _("minimum number of meetings"),
        default=4,
        help_text=_("How many times each pair is expected to meet, at least."),
    )
    meeting_length_minutes = models.PositiveSmallIntegerField(
        _("typical meeting length (minutes)"), default=60
    )
    meeting_cadence = models.CharField(
        _("meeting cadence"), max_length=20, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    quiet_weeks = models.PositiveSmallIntegerField(
        _("quiet after (weeks)"),
        null=True,
        blank=True,
        help_text=_(
            "After this many weeks with no meeting held or planned, the members get a "
            "friendly nudge, and the coordinator a task after as many again. Empty: from "
            "the pair's agreed cadence, else the programme's (twice its interval)."
        ),
    )
    report_every_weeks = models.PositiveSmallIntegerField(
        _("participants report every (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_(
            "How often each mentor and mentee writes a short report to the coordinator: how "
            "it is going, meetings since last time, anything to know. Empty: no reports."
        ),
    )
    # Health rules: the thresholds that make a relationship need attention or be at risk
    # (evaluations.health explains each; the coordinators' guide lists them).
    health_attention_days = models.PositiveSmallIntegerField(
        _("needs attention after (days without a meeting)"),
        default=21,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Days since the last meeting held, with none planned ahead."),
    )
    health_risk_days = models.PositiveSmallIntegerField(
        _("at risk after (days without a meeting)"),
        default=35,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    health_agreement_days = models.PositiveSmallIntegerField(
        _("agreement unsigned: needs attention after (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    health_goals_off_track = models.PositiveSmallIntegerField(
        _("goals off track: needs attention from (goals)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    health_review_grace_days = models.PositiveSmallIntegerField(
        _("mid-point review overdue after (days past the mid-point)"),
        default=14,
        validators=[MaxValueValidator(365)],
    )
    health_too_early_days = models.PositiveSmallIntegerField(
        _("too early to tell for (days after the match)"),
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=_("A new relationship with nothing wrong yet is not judged before this."),
    )
    follow_up_offsets = models.JSONField(
        _("follow-ups (days after start)"),
        default=list,
        blank=True,
        help_text=_("When the coordinator follows up with each pair, e.g. 30, 90, 180."),
    )
    agreement_text = models.TextField(
        _("agreement text"),
        blank=True,
        help_text=_(
            "What every member signs: confidentiality, mutual respect, that either side may "
            "end the relationship. Changing it asks everyone to sign again."
        ),
    )
    agreement_required = models.BooleanField(
        _("members sign an agreement"),
        default=True,
        help_text=_(
            "A new relationship is forming until every member has signed, and active after."
        ),
    )
    languages = models.JSONField(
        _("languages offered"),
        default=list,
        blank=True,
        help_text=_("Languages the pairs in this programme may work in."),
    )
    # The programme page: what a visitor reads before applying (both languages, see
    # translation.py).
    purpose = models.TextField(
        _("purpose"), blank=True, help_text=_("Why the programme exists and who it is for.")
    )
    how_it_works = models.TextField(
        _("how it works"),
        blank=True,
        help_text=_("The stages and what is expected of everyone, in your own words."),
    )
    mentor_guide = models.TextField(_("guide for mentors"), blank=True)
    mentee_guide = models.TextField(_("guide for mentees"), blank=True)
    peer_guide = models.TextField(_("guide for peers"), blank=True)
    asks_business_idea = models.BooleanField(
        _("ask for a business idea"),
        default=False,
        help_text=_("Entrepreneur programmes: applicants describe their business idea."),
    )
    privacy_notice = models.TextField(
        _("privacy notice"),
        blank=True,
        help_text=_(
            "What you do with applicants' data. Applicants consent to it; changing the text "
            "starts a new version."
        ),
    )
    privacy_notice_version = models.PositiveSmallIntegerField(
        _("privacy notice version"), default=1, editable=False
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        related_name="coordinated_programmes",
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="programme_ends_after_start",
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(
                condition=Q(min_meetings__gte=1),
                name="programme_min_meetings_positive",
                violation_error_message=_("A programme needs at least one meeting."),
            ),
            models.CheckConstraint(
                condition=Q(meeting_length_minutes__gte=15),
                name="programme_meeting_length_min_15",
                violation_error_message=_("A meeting lasts at least 15 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for name in ("application_deadline", "starts_on", "ends_on", "midpoint_on"):
            day = getattr(self, name)
            if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                errors[name] = _("Give a date between the years %(first)d and %(last)d.") % {
                    "first": FIRST_YEAR,
                    "last": LAST_YEAR,
                }
        if errors:
            raise ValidationError(errors)
        if self.starts_on and self.ends_on:
            if self.ends_on <= self.starts_on:
                errors["ends_on"] = _("The end date must be after the start date.")
            elif self.midpoint_on and not self.starts_on < self.midpoint_on < self.ends_on:
                errors["midpoint_on"] = _(
                    "The mid-point must fall between the start date and the end date."
                )
            if self.application_deadline and self.application_deadline > self.starts_on:
                errors["application_deadline"] = _(
                    "The application deadline must be on or before the start date."
                )
        attention, risk = self.health_attention_days, self.health_risk_days
        if attention and risk and risk < attention:
            errors["health_risk_days"] = _(
                "A relationship is at risk later than it needs attention, not sooner."
            )
        if self.min_meetings is not None and self.min_meetings < 1:
            errors["min_meetings"] = _("A programme needs at least one meeting.")
        if self.meeting_length_minutes is not None and self.meeting_length_minutes < 15:
            errors["meeting_length_minutes"] = _("A meeting lasts at least 15 minutes.")
        if self.matching_mode == self.MatchingMode.PEER_POOL and self.kind != self.Kind.PEER:
            errors["matching_mode"] = _("Only a peer programme can pair people from one pool.")
        if self.kind == self.Kind.PEER and self.matching_mode == self.MatchingMode.MENTEE_REQUESTS:
            errors["matching_mode"] = _("In a peer programme nobody requests a mentor.")
        offsets = self.follow_up_offsets or []
        if not isinstance(offsets, list) or any(
            isinstance(o, bool) or not isinstance(o, int) or o < 0 for o in offsets
        ):
            errors["follow_up_offsets"] = _("Follow-ups are whole numbers of days, 0 or more.")
        elif self.starts_on and self.ends_on and any(o > self.length_days for o in offsets):
            errors["follow_up_offsets"] = ngettext(
                "Every follow-up must fall within the programme, at most %(days)d day "
                "after the start.",
                "Every follow-up must fall within the programme, at most %(days)d days "
                "after the start.",
                self.length_days,
            ) % {"days": self.length_days}
        if errors:
            raise ValidationError(errors)

    @property
    def midpoint(self) -> date:
        """The mid-point evaluation day: the chosen one, else halfway through.

        Computed rather than stored, so it follows the dates when they change.
        """
        return self.midpoint_on or self.starts_on + (self.ends_on - self.starts_on) / 2

    @property
    def length_days(self) -> int:
        return (self.ends_on - self.starts_on).days

    def allowed_transitions(self) -> tuple[str, ...]:
        return self.TRANSITIONS[self.status]

    def can_transition_to(self, status: str) -> bool:
        return status in self.allowed_transitions()

    def roles(self) -> list[str]:
        """The roles people can hold in this programme, by its kind."""
        if self.kind == self.Kind.PEER:
            return [Enrolment.Role.PEER]
        return [Enrolment.Role.MENTOR, Enrolment.Role.MENTEE]

    def applications_open(self, today: date | None = None) -> bool:
        """Intake is open and the deadline (inclusive, in the site's time zone) not passed."""
        if self.status != self.Status.INTAKE_OPEN:
            return False
        today = today or site_today()
        return self.application_deadline is None or today <= self.application_deadline

    def state_display(self, today: date | None = None) -> str:
        """Where the programme stands, as a participant reads it: the status, told by the
        dates. A programme set to "running" has not started before its start date, and has
        ended after its end date even before the coordinators close it."""
        today = today or site_today()
        if self.status == self.Status.INTAKE_OPEN:
            if self.applications_open(today):
                return pgettext("programme state", "Open for applications")
            return pgettext("programme state", "Applications closed")
        if self.status == self.Status.RUNNING and today < self.starts_on:
            return pgettext("programme state", "Starts %(date)s") % {
                "date": formats.date_format(self.starts_on, "SHORT_DATE_FORMAT")
            }
        if self.status == self.Status.RUNNING and today > self.ends_on:
            return pgettext("programme state", "Ended")
        return self.get_status_display()

    def get_languages_display(self) -> list[str]:
        return [language_name(code) for code in self.languages]


class StatusChange(models.Model):
    """Who moved something from one status to the next, and when."""

    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        # Every history (programmes', applications') reads as its statuses' labels in the
        # reader's language, never the stored codes.
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ProgrammeStatusChange(StatusChange):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Programme.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Programme.Status.choices)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.programme}: {super().__str__()}"


class Enrolment(models.Model):
    """A person's place in a programme, in one role."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")
        PEER = "peer", _("Peer")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    capacity = models.PositiveSmallIntegerField(
        _("places (mentors)"),
        default=1,
        validators=[MaxValueValidator(MAX_PLACES)],
        help_text=_("How many mentees this mentor can take on."),
    )
    created_at = models.DateTimeField(_("enrolled on"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["programme", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"],
                name="enrolment_one_per_person_and_programme",
                violation_error_message=_("This person is already enrolled in the programme."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.programme}"

    def clean(self) -> None:
        if self.programme_id and self.role and self.role not in self.programme.roles():
            raise ValidationError(
                {
                    "role": _("A %(kind)s programme has no %(role)s role.")
                    % {
                        "kind": self.programme.get_kind_display().lower(),
                        "role": self.get_role_display().lower(),
                    }
                }
            )


class Audience(models.TextChoices):
    """Whom something is for. The values are the enrolment roles, so "audience = role" is
    a plain comparison in the database, with "everyone" matching any role."""

    EVERYONE = "everyone", _("Everyone")
    MENTORS = "mentor", _("Mentors")
    MENTEES = "mentee", _("Mentees")
    PEERS = "peer", _("Peers")


class Area(models.Model):
    """A subject a programme works with: leadership, career, starting a business, …"""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="areas"
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["programme", "position", "id"]

    def __str__(self) -> str:
        return self.name


from .notice_models import PrivacyNoticeVersion  # noqa: E402, F401 (the notice's versions)
