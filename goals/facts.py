"""What coordinators learn about a relationship's goals in the admin: how many are on
track, off track and completed, and when anything was last done to one. Never a title or
a word of what members wrote, and counts only, so a private goal shows as a number.

``relationships.admin`` applies these through ``relationships.hooks.coordinator_facts``:
``annotate`` on its queryset of matches (one subquery per count, no join that repeats a
match), ``columns`` as list columns, ``filters`` as list filters, ``last_activity`` in its
own "last activity" over every stage.
"""

from django.contrib import admin
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from relationships.hooks import CoordinatorFacts

from .models import Goal

COUNTS = {
    "goals_on_track": Goal.Status.ON_TRACK,
    "goals_off_track": Goal.Status.OFF_TRACK,
    "goals_completed": Goal.Status.COMPLETED,
}


def _goals():
    return Goal.objects.filter(match=OuterRef("pk")).order_by()


def _count(status: str):
    counted = _goals().filter(status=status).values("match").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def annotate(matches):
    """``matches`` with the number of their goals in each status."""
    return matches.annotate(**{name: _count(status) for name, status in COUNTS.items()})


def last_activity():
    """Over a match (``OuterRef("pk")``): when one of its goals last changed."""
    return Subquery(_goals().values("match").annotate(latest=Max("updated_at")).values("latest"))


@admin.display(description=_("goals on track"), ordering="goals_on_track")
def goals_on_track(match) -> int:
    return match.goals_on_track


@admin.display(description=_("goals off track"), ordering="goals_off_track")
def goals_off_track(match) -> int:
    return match.goals_off_track


@admin.display(description=_("goals completed"), ordering="goals_completed")
def goals_completed(match) -> int:
    return match.goals_completed


class GoalsFilter(admin.SimpleListFilter):
    """Relationships by their goals: none yet, some off track, some completed."""

    title = _("goals")
    parameter_name = "goals"

    def lookups(self, request, model_admin):
        return [
            ("none", _("No goals yet")),
            ("off_track", _("A goal off track")),
            ("completed", _("A goal completed")),
        ]

    def queryset(self, request, queryset):
        goals = Goal.objects.filter(match=OuterRef("pk"))
        if self.value() == "none":
            return queryset.filter(~Exists(goals))
        if self.value() in ("off_track", "completed"):
            return queryset.filter(Exists(goals.filter(status=self.value())))
        return queryset


FACTS = CoordinatorFacts(
    annotate=annotate,
    columns=[goals_on_track, goals_off_track, goals_completed],
    filters=[GoalsFilter],
    last_activity=last_activity,
)
