"""How relationships are formed (stage 2): each programme's matching settings, do-not-match
pairs, wishes, the coordinator's rounds of suggestions and mentees' requests.

The relationship itself (``Match`` and its members) lives in ``relationships``.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from programs.models import Enrolment, Programme
from relationships.models import Match


class MatchingSettings(models.Model):
    """How one programme scores and matches; coordinators edit it beside the programme."""

    class Objective(models.TextChoices):
        MOST_MATCHED = "most_matched", _("Match as many people as possible")
        MIN_SCORE = "min_score", _("Only pairs that reach the minimum score")
        STABLE = "stable", _("Stable: no mentee and mentor would both rather be together")

    programme = models.OneToOneField(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="matching_settings",
    )
    weight_areas = models.PositiveSmallIntegerField(
        _("areas in common"), default=30, validators=[MaxValueValidator(100)]
    )
    weight_expertise = models.PositiveSmallIntegerField(
        _("competences against development wishes"),
        default=20,
        validators=[MaxValueValidator(100)],
    )
    weight_formats = models.PositiveSmallIntegerField(
        _("meeting formats"), default=10, validators=[MaxValueValidator(100)]
    )
    weight_city = models.PositiveSmallIntegerField(
        _("same city for meeting in person"), default=5, validators=[MaxValueValidator(100)]
    )
    weight_career = models.PositiveSmallIntegerField(
        _("career level"), default=10, validators=[MaxValueValidator(100)]
    )
    weight_availability = models.PositiveSmallIntegerField(
        _("availability"), default=10, validators=[MaxValueValidator(100)]
    )
    weight_style = models.PositiveSmallIntegerField(
        _("working style and values"), default=15, validators=[MaxValueValidator(100)]
    )
    weight_preferences = models.PositiveSmallIntegerField(
        _("participants' own wishes"), default=20, validators=[MaxValueValidator(100)]
    )
    weight_department = models.PositiveSmallIntegerField(
        _("different department"), default=5, validators=[MaxValueValidator(100)]
    )
    objective = models.CharField(
        _("objective"), max_length=20, choices=Objective.choices, default=Objective.MOST_MATCHED
    )
    min_score = models.PositiveSmallIntegerField(
        _("minimum score"),
        null=True,
        blank=True,
        help_text=_("Pairs scoring less are never suggested when the objective asks for it."),
    )
    max_requests = models.PositiveSmallIntegerField(
        _("requests per mentee"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many mentors a mentee may ask, in order of preference."),
    )
    response_days = models.PositiveSmallIntegerField(
        _("days to answer a request"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("An unanswered request expires after this and the next one goes out."),
    )

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(objective="min_score") | Q(min_score__isnull=False),
                name="matching_settings_min_score_when_asked",
                violation_error_message=_("Give the minimum score the pairs must reach."),
            ),
            models.CheckConstraint(
                condition=Q(max_requests__gte=1) & Q(response_days__gte=1),
                name="matching_settings_requests_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Matching settings for %(programme)s") % {"programme": self.programme})

    def clean(self) -> None:
        if self.objective == self.Objective.MIN_SCORE and self.min_score is None:
            raise ValidationError({"min_score": _("Give the minimum score the pairs must reach.")})
        stable = self.objective == self.Objective.STABLE
        if stable and self.programme_id and not stable_offered(self.programme):
            raise ValidationError({"objective": STABLE_NOT_OFFERED})

    def weights(self) -> dict[str, int]:
        """The weight of each scored criterion, keyed like ``matching.scoring.CRITERIA``."""
        from .scoring import CRITERIA

        return {name: getattr(self, f"weight_{name}") for name in CRITERIA}

    @property
    def effective_min_score(self) -> int | None:
        return self.min_score if self.objective == self.Objective.MIN_SCORE else None

    @property
    def response_window(self) -> timedelta:
        return timedelta(days=self.response_days)


STABLE_NOT_OFFERED = _(
    "Stable matching needs both sides to rank each other: it is offered where a coordinator "
    "matches mentees with mentors and both give wishes, not in peer or request programmes."
)


def stable_offered(programme: Programme) -> bool:
    """Both sides rank each other here (mentees and mentors give wishes), so a stable
    matching means something: coordinator-led matching of mentees with mentors."""
    return (
        programme.kind != Programme.Kind.PEER
        and programme.matching_mode == Programme.MatchingMode.COORDINATOR
    )


def settings_for(programme: Programme) -> MatchingSettings:
    """The programme's matching settings, created with the defaults on first use."""
    found, _created = MatchingSettings.objects.get_or_create(programme=programme)
    return found


def both_in_programme(programme_id: int, *people: Enrolment) -> None:
    """Who is kept apart or wished for must take part in the programme (admin forms too)."""
    if any(person.programme_id != programme_id for person in people):
        raise ValidationError(_("Both people must take part in the programme."))


class Exclusion(models.Model):
    """Two people a coordinator has decided must not be matched ("do not match")."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+"
    )
    first = models.ForeignKey(
        Enrolment, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        Enrolment,
        verbose_name=_("must not be matched with"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("do-not-match pair")
        verbose_name_plural = _("do-not-match pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second"],
                name="exclusion_once_per_pair",
                violation_error_message=_("These two are already kept apart."),
            ),
            models.CheckConstraint(
                condition=~Q(first=F("second")),
                name="exclusion_two_people",
                violation_error_message=_("Choose two different people."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first.user} ≠ {self.second.user}"

    def clean(self) -> None:
        if self.programme_id and self.first_id and self.second_id:
            both_in_programme(self.programme_id, self.first, self.second)


class Preference(models.Model):
    """Someone's ranked wish to be matched with a person on the other side (or a peer)."""

    chooser = models.ForeignKey(
        Enrolment,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="preferences",
    )
    chosen = models.ForeignKey(
        Enrolment,
        verbose_name=_("wishes to be matched with"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["chooser", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["chooser", "chosen"], name="preference_once"),
            models.UniqueConstraint(fields=["chooser", "rank"], name="preference_rank_once"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="preference_rank_positive"),
            models.CheckConstraint(
                condition=~Q(chooser=F("chosen")), name="preference_not_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.chooser.user} → {self.chosen.user} ({self.rank})"

    def clean(self) -> None:
        if not (self.chooser_id and self.chosen_id):
            return
        both_in_programme(self.chooser.programme_id, self.chosen)
        peers = self.chooser.role == self.chosen.role == Enrolment.Role.PEER
        if not peers and self.chooser.role == self.chosen.role:
            raise ValidationError(_("A mentee wishes for a mentor, a mentor for a mentee."))


class MatchingRun(models.Model):
    """A coordinator's round of suggestions for a programme, reviewed before confirming."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        READY = "ready", _("Ready for review")
        FAILED = "failed", _("Failed")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    OPEN = (Status.QUEUED, Status.RUNNING, Status.READY, Status.FAILED)

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="matching_runs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    objective = models.CharField(
        _("objective"),
        max_length=20,
        choices=MatchingSettings.Objective.choices,
        default=MatchingSettings.Objective.MOST_MATCHED,
    )
    min_score = models.PositiveSmallIntegerField(_("minimum score"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # Counts, total score and everyone left unmatched with the reason, for the review page.
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("matching round")
        verbose_name_plural = _("matching rounds")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(status__in=["queued", "running", "ready", "failed"]),
                name="matching_run_one_open_per_programme",
                violation_error_message=_("This programme already has a round under review."),
            ),
        ]

    def __str__(self) -> str:
        when = formats.date_format(timezone.localtime(self.created_at), "SHORT_DATETIME_FORMAT")
        return f"{self.programme} – {when}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class Suggestion(models.Model):
    """One suggested relationship in a round: mentee + mentor, or two or three peers.

    In mentor programmes ``first`` is the mentee and ``second`` the mentor; group
    programmes gather a mentor's suggested mentees into one group on confirmation.
    """

    run = models.ForeignKey(
        MatchingRun,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="suggestions",
    )
    first = models.ForeignKey(
        Enrolment,
        verbose_name=_("first person (the mentee)"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    second = models.ForeignKey(
        Enrolment,
        verbose_name=_("second person (the mentor)"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    third = models.ForeignKey(
        Enrolment,
        verbose_name=_("third person (a peer trio)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    score = models.FloatField(_("score"), null=True, blank=True)
    explanation = models.JSONField(_("why"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    manual = models.BooleanField(_("paired by hand"), default=False)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-locked", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "first"], name="suggestion_first_once"),
            models.CheckConstraint(condition=~Q(first=F("second")), name="suggestion_two_people"),
        ]

    def __str__(self) -> str:
        people = [self.first, self.second] + ([self.third] if self.third_id else [])
        return " · ".join(str(p.user) for p in people)

    @property
    def people(self) -> list[Enrolment]:
        return [self.first, self.second] + ([self.third] if self.third_id else [])


class MatchRequest(models.Model):
    """A mentee's request to a mentor, in programmes where mentees choose.

    A mentee ranks up to ``max_requests`` mentors; one request is out at a time, so no
    mentor sits on a pile of requests. Waiting requests go out in rank order as earlier
    ones are declined or expire.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting its turn")
        OPEN = "open", _("Awaiting the mentor's answer")
        ACCEPTED = "accepted", pgettext_lazy("request status", "Accepted")
        DECLINED = "declined", pgettext_lazy("request status", "Declined")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", pgettext_lazy("request status", "Withdrawn")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="match_requests",
    )
    mentee = models.ForeignKey(
        Enrolment,
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="requests_made",
    )
    mentor = models.ForeignKey(
        Enrolment,
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="requests_received",
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.WAITING,
        db_index=True,
    )
    response_note = models.TextField(_("note from the mentor"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, db_index=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    match = models.ForeignKey(
        Match,
        verbose_name=_("match"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["mentee", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                name="request_once_per_mentor",
                violation_error_message=_("You have already asked this mentor."),
            ),
            models.UniqueConstraint(
                fields=["mentee", "rank"],
                condition=Q(status__in=["waiting", "open"]),
                name="request_rank_once",
            ),
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="open"),
                name="request_one_open_per_mentee",
            ),
            models.CheckConstraint(
                condition=~Q(mentee=F("mentor")),
                name="request_not_to_oneself",
                violation_error_message=_("You cannot send a request to yourself."),
            ),
            models.CheckConstraint(
                condition=~Q(status="open") | Q(expires_at__isnull=False),
                name="request_open_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee.user} → {self.mentor.user} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.WAITING, self.Status.OPEN)
