"""Each member's closing reflection: once per member and relationship, kept inside the
relationship (the others read it once they wrote their own; coordinators only learn that
it was written and when)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goals.models import Goal
from relationships.models import Match, MatchMember

REFLECTION_TEXT_MAX_LENGTH = 4000
LEVEL_MIN, LEVEL_MAX = 1, 5
HOW_MAX_LENGTH = 300


class StayInTouch(models.TextChoices):
    YES = "yes", _("Yes")
    MAYBE = "maybe", _("Perhaps, now and then")
    NO = "no", _("No, this was a good end")


class ClosingReflection(models.Model):
    match = models.ForeignKey(
        Match,
        verbose_name=_("relationship"),
        on_delete=models.CASCADE,
        related_name="closing_reflections",
    )
    member = models.ForeignKey(
        MatchMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    achieved = models.TextField(
        _("what I achieved"), max_length=REFLECTION_TEXT_MAX_LENGTH, blank=True
    )
    expectations_met = models.PositiveSmallIntegerField(_("how well it met my expectations (1–5)"))
    way_of_working = models.TextField(
        _("did our way of working work"), max_length=REFLECTION_TEXT_MAX_LENGTH
    )
    going_on = models.TextField(
        _("what next, and how I go on on my own"), max_length=REFLECTION_TEXT_MAX_LENGTH
    )
    stay_in_touch = models.CharField(
        _("do we stay in touch"), max_length=8, choices=StayInTouch.choices
    )
    stay_in_touch_how = models.CharField(
        _("how we stay in touch"), max_length=HOW_MAX_LENGTH, blank=True
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("closing reflection")
        verbose_name_plural = _("closing reflections")
        ordering = ["written_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "member"],
                name="closing_reflection_once_per_member",
                violation_error_message=_("You have written your closing reflection already."),
            ),
            models.CheckConstraint(
                condition=Q(expectations_met__gte=LEVEL_MIN, expectations_met__lte=LEVEL_MAX),
                name="closing_reflection_expectations_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(way_of_working="") & ~Q(going_on=""),
                name="closing_reflection_says_how_and_next",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Closing reflection %(id)s") % {"id": self.pk})


class GoalRating(models.Model):
    """A goal re-rated at the end: where the member stood when it was set, and now."""

    class Reached(models.TextChoices):
        YES = "yes", _("Reached")
        PARTLY = "partly", _("Partly reached")
        NO = "no", _("Not reached")

    reflection = models.ForeignKey(
        ClosingReflection,
        verbose_name=_("closing reflection"),
        on_delete=models.CASCADE,
        related_name="goal_ratings",
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="+"
    )
    reached = models.CharField(_("reached"), max_length=8, choices=Reached.choices)
    level_at_start = models.PositiveSmallIntegerField(_("where I was when we set it (1–5)"))
    level_now = models.PositiveSmallIntegerField(_("where I am now (1–5)"))

    class Meta:
        verbose_name = _("goal rating")
        verbose_name_plural = _("goal ratings")
        ordering = ["reflection", "goal"]
        constraints = [
            models.UniqueConstraint(
                fields=["reflection", "goal"], name="goal_rating_once_per_reflection"
            ),
            models.CheckConstraint(
                condition=Q(level_at_start__gte=LEVEL_MIN, level_at_start__lte=LEVEL_MAX)
                & Q(level_now__gte=LEVEL_MIN, level_now__lte=LEVEL_MAX),
                name="goal_rating_levels_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal} · {self.get_reached_display()}"
