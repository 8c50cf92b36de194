"""SMART goals, their action plan, status history and progress (stage 4).

A ``Goal`` belongs to one member of a relationship, its author: a mentee in one-to-one and
group programmes, each peer in a peer programme. Who else reads it is the goal's
``visibility``: everyone in the relationship, the mentee and the mentor only (groups), or
the author alone. Every read goes through ``goals.selectors``, every write through
``goals.services``.

What the database holds on its own: the status and visibility are known values, a goal
is completed exactly when it has a completion time, each change of status is one
numbered row of its history (from one status to another, never to the same), and a
step's owner and a status change's author are members, never free text. A goal's
``updated_at`` moves with everything done to it (steps, status, updates, comments): the
coordinators' "last activity" reads it.
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import Programme
from relationships.models import Match, MatchMember

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 2000
STEP_MAX_LENGTH = 200
STATUS_COMMENT_MAX_LENGTH = 500


class GoalTemplate(models.Model):
    """A starting point a programme's coordinators offer: a career-path plan, a business
    plan. Members start a goal from it and adapt every word."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="goal_templates",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    specific = models.TextField(_("what exactly"), max_length=TEXT_MAX_LENGTH, blank=True)
    measure = models.TextField(_("how success is measured"), max_length=TEXT_MAX_LENGTH, blank=True)
    relevance = models.TextField(_("why it matters"), max_length=TEXT_MAX_LENGTH, blank=True)
    steps = models.TextField(
        _("first steps"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("One step a line. Members get them as their action plan and adapt them."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("goal template")
        verbose_name_plural = _("goal templates")
        ordering = ["programme", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def step_lines(self) -> list[str]:
        return [line.strip() for line in (self.steps or "").splitlines() if line.strip()]


class GoalStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    OFF_TRACK = "off_track", _("Off track")
    COMPLETED = "completed", _("Completed")


class Visibility(models.TextChoices):
    RELATIONSHIP = "relationship", _("Everyone in the relationship")
    MENTOR = "mentor", _("The mentee and the mentor")  # groups only
    PRIVATE = "private", _("Only the author")


class Goal(models.Model):
    Status = GoalStatus
    Visibility = Visibility

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="goals"
    )
    author = models.ForeignKey(
        MatchMember, verbose_name=_("author"), on_delete=models.CASCADE, related_name="goals"
    )
    template = models.ForeignKey(
        GoalTemplate,
        verbose_name=_("started from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    specific = models.TextField(_("what exactly"), max_length=TEXT_MAX_LENGTH, blank=True)
    measure = models.TextField(_("how success is measured"), max_length=TEXT_MAX_LENGTH)
    relevance = models.TextField(_("why it matters"), max_length=TEXT_MAX_LENGTH, blank=True)
    target_date = models.DateField(_("target date"))
    visibility = models.CharField(
        _("who sees it"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.RELATIONSHIP,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ON_TRACK
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last activity"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["target_date", "pk"]
        indexes = [models.Index(fields=["match", "status"], name="goal_match_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=GoalStatus.values),
                name="goal_status_known",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values),
                name="goal_visibility_known",
            ),
            models.CheckConstraint(
                condition=(Q(status=GoalStatus.COMPLETED) & Q(completed_at__isnull=False))
                | (~Q(status=GoalStatus.COMPLETED) & Q(completed_at__isnull=True)),
                name="goal_completed_when_it_has_a_completion_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class Step(models.Model):
    """One step of a goal's action plan: what, who does it, by when, done or not."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="steps"
    )
    text = models.CharField(_("step"), max_length=STEP_MAX_LENGTH)
    owner = models.ForeignKey(
        MatchMember,
        verbose_name=_("who does it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goal_steps",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["goal", "position", "pk"]
        # The step reminders look for open steps by due date, across every relationship.
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(done_at__isnull=True, due_on__isnull=False),
                name="step_open_by_due_date",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def done(self) -> bool:
        return self.done_at is not None


class StatusChange(models.Model):
    """One change of a goal's status, with the short comment that came with it."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="status_changes"
    )
    number = models.PositiveIntegerField(_("number"))
    from_status = models.CharField(_("from"), max_length=12, choices=GoalStatus.choices)
    status = models.CharField(_("to"), max_length=12, choices=GoalStatus.choices)
    comment = models.CharField(_("comment"), max_length=STATUS_COMMENT_MAX_LENGTH, blank=True)
    by = models.ForeignKey(
        MatchMember, verbose_name=_("changed by"), on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["goal", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "number"], name="goal_status_change_numbered_once"
            ),
            models.CheckConstraint(
                condition=~Q(from_status=F("status")), name="goal_status_change_changes"
            ),
            models.CheckConstraint(
                condition=Q(status__in=GoalStatus.values) & Q(from_status__in=GoalStatus.values),
                name="goal_status_change_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_status_display()}"


class ProgressUpdate(models.Model):
    """What the author did or learnt on the way, on a day; the others may comment."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        MatchMember, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )
    on = models.DateField(_("date"))
    text = models.TextField(_("progress"), max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return str(_("Progress update %(id)s") % {"id": self.pk})


class Comment(models.Model):
    """A word from the mentor (or a peer, or the author) on a progress update."""

    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("progress update"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        MatchMember, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=TEXT_MAX_LENGTH)
    at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["update", "at", "pk"]

    def __str__(self) -> str:
        return str(_("Comment %(id)s") % {"id": self.pk})
