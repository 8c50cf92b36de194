"""Stage 6, the participants' own looking back: the pair's mid-point review and the short
periodic reports each member writes to the coordinator.

- A ``MidpointReview`` is one member's answers to "what has been good, what can be better,
  what do we change", once per member and relationship. It stays inside the relationship:
  the other members read it (once they wrote their own), coordinators only learn that it
  was written and when.
- A ``ParticipantReport`` is one member's report for one period of the programme's
  ``report_every_weeks``: how it is going (1–5), meetings since last time, and anything the
  coordinator should know. It is written *for the coordinator*: the other members never
  see it, and each time a coordinator opens its text a ``ReportRead`` is logged.

Ranges and "once" are constraints in the database; the services turn a violation back into
the rule's message.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relationships.models import Match, MatchMember

REVIEW_TEXT_MAX_LENGTH = 4000
REPORT_TEXT_MAX_LENGTH = 4000
HOW_GOING_MIN, HOW_GOING_MAX = 1, 5
MEETINGS_SINCE_MAX = 100


class MidpointReview(models.Model):
    """One member's mid-point review of their relationship."""

    match = models.ForeignKey(
        Match,
        verbose_name=_("relationship"),
        on_delete=models.CASCADE,
        related_name="midpoint_reviews",
    )
    member = models.ForeignKey(
        MatchMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    good = models.TextField(_("what has been good"), max_length=REVIEW_TEXT_MAX_LENGTH)
    better = models.TextField(_("what can be better"), max_length=REVIEW_TEXT_MAX_LENGTH)
    change = models.TextField(_("what we change"), max_length=REVIEW_TEXT_MAX_LENGTH, blank=True)
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("mid-point review")
        verbose_name_plural = _("mid-point reviews")
        ordering = ["written_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "member"],
                name="midpoint_review_once_per_member",
                violation_error_message=_("You have written your mid-point review already."),
            ),
            models.CheckConstraint(
                condition=~Q(good="") & ~Q(better=""),
                name="midpoint_review_says_good_and_better",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Mid-point review %(id)s") % {"id": self.pk})


class ParticipantReport(models.Model):
    """One member's report to the coordinator for one period."""

    match = models.ForeignKey(
        Match,
        verbose_name=_("relationship"),
        on_delete=models.CASCADE,
        related_name="participant_reports",
    )
    member = models.ForeignKey(
        MatchMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.PositiveSmallIntegerField(_("period"))
    how_going = models.PositiveSmallIntegerField(_("how it is going (1–5)"))
    meetings_since = models.PositiveSmallIntegerField(_("meetings since last time"))
    # The coordinator's eyes only; each opening of it is logged (``ReportRead``).
    to_coordinator = models.TextField(
        _("for the coordinator"), max_length=REPORT_TEXT_MAX_LENGTH, blank=True
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("participant's report")
        verbose_name_plural = _("participants' reports")
        ordering = ["-written_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "member", "period"],
                name="participant_report_once_per_period",
                violation_error_message=_("You have written your report for this period."),
            ),
            models.CheckConstraint(
                condition=Q(how_going__gte=HOW_GOING_MIN) & Q(how_going__lte=HOW_GOING_MAX),
                name="participant_report_how_going_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(meetings_since__gte=0) & Q(meetings_since__lte=MEETINGS_SINCE_MAX),
                name="participant_report_meetings_0_to_100",
            ),
            models.CheckConstraint(condition=Q(period__gte=1), name="participant_report_period"),
        ]
        indexes = [models.Index(fields=["member", "-written_at"], name="participant_report_latest")]

    def __str__(self) -> str:
        return str(_("Report for period %(period)s") % {"period": self.period})


class ReportRead(models.Model):
    """A coordinator opened a participant's report (DESIGN: such openings are logged)."""

    report = models.ForeignKey(
        ParticipantReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="reads",
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("read by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    read_at = models.DateTimeField(_("read at"), default=timezone.now)

    class Meta:
        verbose_name = _("report opened")
        verbose_name_plural = _("reports opened")
        ordering = ["-read_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} · {self.read_at:%Y-%m-%d %H:%M}"
