"""Stage 6: following relationships up.

A ``FollowUp`` is a coordinator's task about one relationship — to call, visit or write to
its members — and, once done, the log of it: when, how, a note and the date of the next
one. It comes from one of three places:

- **scheduled**: the programme's ``follow_up_offsets`` (days after its start), one per
  relationship and offset, made by the ``follow-up-due`` job on the day it falls due;
- **quiet**: the quiet-relationship ladder's second step (``quiet-escalation``), one per
  relationship and quiet spell;
- **asked**: made by hand in the admin, or as the next follow-up a coordinator gave a
  date for when logging one.

The note is for coordinators alone: nothing a participant opens ever reads it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relationships.models import Match

NOTE_MAX_LENGTH = 5000


class FollowUp(models.Model):
    class Reason(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled by the programme")
        QUIET = "quiet", _("The relationship went quiet")
        ASKED = "asked", _("Asked for by a coordinator")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone call")
        VISIT = "visit", _("Visit")
        EMAIL = "email", _("E-mail")
        VIDEO = "video", _("Video call")
        OTHER = "other", _("Other")

    match = models.ForeignKey(
        Match, verbose_name=_("relationship"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    reason = models.CharField(_("why"), max_length=10, choices=Reason.choices)
    due_on = models.DateField(_("due on"), db_index=True)
    # A scheduled follow-up's offset (days after the programme's start): once per offset.
    offset = models.PositiveSmallIntegerField(_("days after the start"), null=True, blank=True)
    # A quiet follow-up's spell: the day the relationship went quiet, once per spell.
    quiet_since = models.DateField(_("quiet since"), null=True, blank=True)
    # The follow-up whose log asked for this one ("next follow-up on …").
    previous = models.OneToOneField(
        "self",
        verbose_name=_("follows"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_follow_up",
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices, blank=True)
    # Coordinators' eyes only (DESIGN: "a note only coordinators see").
    note = models.TextField(_("note"), blank=True)
    next_due_on = models.DateField(_("next follow-up on"), null=True, blank=True)
    logged_at = models.DateTimeField(_("logged at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "offset"],
                condition=Q(offset__isnull=False),
                name="follow_up_once_per_offset",
            ),
            models.UniqueConstraint(
                fields=["match", "quiet_since"],
                condition=Q(quiet_since__isnull=False),
                name="follow_up_once_per_quiet_spell",
            ),
            models.CheckConstraint(
                condition=(Q(reason="scheduled") & Q(offset__isnull=False))
                | (~Q(reason="scheduled") & Q(offset__isnull=True)),
                name="follow_up_scheduled_has_its_offset",
            ),
            models.CheckConstraint(
                condition=(Q(reason="quiet") & Q(quiet_since__isnull=False))
                | (~Q(reason="quiet") & Q(quiet_since__isnull=True)),
                name="follow_up_quiet_has_its_spell",
            ),
            models.CheckConstraint(
                condition=(Q(done_on__isnull=True) & Q(channel=""))
                | (Q(done_on__isnull=False) & ~Q(channel="")),
                name="follow_up_done_says_how",
            ),
        ]
        indexes = [models.Index(fields=["match", "done_on"], name="follow_up_match_done")]

    def __str__(self) -> str:
        return str(_("Follow-up due %(day)s") % {"day": self.due_on})

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def state(self, today) -> str:
        """ "done", "overdue", "due" (today) or "upcoming", on ``today``."""
        if self.is_done:
            return "done"
        if self.due_on < today:
            return "overdue"
        return "due" if self.due_on == today else "upcoming"


from .review_models import MidpointReview, ParticipantReport, ReportRead  # noqa: E402, F401
from .survey_models import Survey, SurveyAnswer, SurveyQuestion, SurveyReceipt, SurveyResponse  # noqa: E402, F401
