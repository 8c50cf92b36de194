"""The relationship itself, whatever formed it (matching, a request, a coordinator's pair).

A ``Match`` is every shape of relationship: one mentor with one mentee, a peer pair or
trio, one mentor with a group. Its ``MatchMember`` rows say who is in it, in which role.

Capacity and "one relationship at a time" are enforced by the database, not only by the
services: a mentee or peer holds at most one *current* membership per programme, and every
mentee's membership takes a numbered place with their mentor, unique while current. The
services lock the mentor's enrolment and take the lowest free place up to the mentor's
capacity; the unique index turns a race that slipped past them into an error, never into
an over-full mentor.

``MatchMember.current`` is kept by ``relationships.services`` alone: true while the match is
active, false from the moment it ends or completes. Everything else reads through
``relationships.selectors``.
"""

from datetime import UTC

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import Enrolment, Programme


class EndCategory(models.TextChoices):
    """Why a relationship ended early, in words the outcome measures count by; the
    reason itself (``end_reason``) is the coordinators' alone."""

    NO_TIME = "no_time", _("Not enough time")
    NOT_A_FIT = "not_a_fit", _("Not a good fit")
    GOALS_REACHED = "goals_reached", _("Goals reached early")
    LIFE_CHANGE = "life_change", _("A change in life or work")
    LEFT = "left", _("Left the programme or organisation")
    OTHER = "other", _("Other")


class Match(models.Model):
    """A relationship: one mentor and one mentee, a peer pair or trio, or a group."""

    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")  # matched; the agreement not yet signed by all
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")  # by a member or the coordinator, until a return date
        ENDED_EARLY = "ended_early", _("Ended early")
        COMPLETED = "completed", _("Completed")

    EndCategory = EndCategory

    class Origin(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested by matching")
        MANUAL = "manual", _("Paired by a coordinator")
        REQUEST = "request", _("Mentee's request accepted")
        REMATCH = "rematch", _("Rematch")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="matches"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    origin = models.CharField(_("formed by"), max_length=12, choices=Origin.choices)
    score = models.FloatField(_("score"), null=True, blank=True)
    explanation = models.JSONField(_("why"), default=list, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # When every current member had signed the agreement as it stands; cleared when its
    # terms or the programme's text change or someone joins. Kept by the services, for
    # the coordinators' list (the workspace reads the signatures themselves).
    agreement_signed_at = models.DateTimeField(_("agreement signed"), null=True, blank=True)
    # A pause (``services.match_pause``): no reminders until the return date, when it
    # resumes by itself. The fields keep the last pause after it ends: ``paused_until`` is
    # then the day the relationship came back (a reminder counted from the start, such as
    # the unsigned agreement's, counts from then too).
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    pause_reason = models.CharField(_("reason for the pause"), max_length=500, blank=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paused by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When what members sign last changed (its terms, or the programme's text): the
    # reminder to sign counts from then.
    agreement_changed_at = models.DateTimeField(
        _("agreement changed"), null=True, blank=True, editable=False
    )
    # Seen only by coordinators (DESIGN: "a reason that only the coordinator sees").
    end_reason = models.TextField(_("reason for ending"), blank=True)
    # The category of an early end, for the outcome measures (blank otherwise), and the
    # kind word to the members, kept here so that the e-mails' tasks carry ids only.
    end_category = models.CharField(
        _("why it ended early"), max_length=20, choices=EndCategory.choices, blank=True
    )
    end_message = models.TextField(_("message to the members"), blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_category__in=["", *EndCategory.values]),
                name="match_end_category_known",
                violation_error_message=_("Choose why the relationship ends from the list."),
            ),
        ]

    def __str__(self) -> str:
        names = [str(m.enrolment.user) for m in self.members.all()]
        return " · ".join(names) or str(_("Match %(id)s") % {"id": self.pk})

    @property
    def is_current(self) -> bool:
        return self.status in self.CURRENT

    @property
    def is_paused(self) -> bool:
        """Paused until ``paused_until``: current (its members keep working in it), but
        no reminders or nudges go out, and it is not "quiet"."""
        return self.status == self.Status.PAUSED

    @property
    def is_running(self) -> bool:
        """Forming or active: the relationships that get reminders."""
        return self.status in self.RUNNING

    @property
    def pause_key(self) -> str:
        """Names one pause (for its e-mails' occasion): when it began."""
        return pause_key(self.paused_at, self.paused_until)

    # A paused relationship is still current (its places are kept); reminders go to the
    # running ones alone.
    CURRENT = (Status.FORMING, Status.ACTIVE, Status.PAUSED)
    RUNNING = (Status.FORMING, Status.ACTIVE)


def pause_key(paused_at, paused_until) -> str:
    """``Match.pause_key`` from the two fields (for rows read with ``values_list``)."""
    if paused_at is not None:
        return "paused:" + paused_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"paused:{paused_until.isoformat()}" if paused_until else ""


class Channel(models.TextChoices):
    MESSAGES = "messages", _("Messages in the workspace")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video call")


class MatchMember(models.Model):
    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="members"
    )
    # RESTRICT: an enrolment in a relationship is not deleted (and the admin's delete page
    # does not list what the relationship holds); withdrawing or ending is the way. A
    # programme's deletion still takes its matches, and their members with them.
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("person"), on_delete=models.RESTRICT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Enrolment.Role.choices)
    # A mentee's mentor and numbered place with them; empty for mentors and peers.
    mentor = models.ForeignKey(
        Enrolment,
        verbose_name=_("mentor"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
    )
    place = models.PositiveSmallIntegerField(_("place with the mentor"), null=True, blank=True)
    # True while the match is active; the unique indexes below only look at current rows.
    current = models.BooleanField(_("current"), default=True, editable=False)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    # What this member shares with the others, beyond writing through the site: nothing
    # until they choose to (the workspace's "your contact details").
    shares_email = models.BooleanField(_("share my e-mail address"), default=False)
    phone = models.CharField(_("phone number to share"), max_length=40, blank=True)
    preferred_channel = models.CharField(
        _("how I prefer to be reached"),
        max_length=12,
        choices=Channel.choices,
        default=Channel.MESSAGES,
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["match", "role", "enrolment__user__email"]
        constraints = [
            models.UniqueConstraint(fields=["match", "enrolment"], name="member_once_per_match"),
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(current=True) & ~Q(role="mentor"),
                name="member_one_current_match_per_mentee_or_peer",
                violation_error_message=_("This person already has a current match."),
            ),
            models.UniqueConstraint(
                fields=["mentor", "place"],
                condition=Q(current=True),
                name="member_mentor_place_taken_once",
                violation_error_message=_("This mentor has no free place."),
            ),
            models.CheckConstraint(
                condition=(Q(role="mentee") & Q(mentor__isnull=False) & Q(place__gte=1))
                | (~Q(role="mentee") & Q(mentor__isnull=True) & Q(place__isnull=True)),
                name="member_mentee_holds_a_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.user} ({self.get_role_display()})"
