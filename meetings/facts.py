"""What coordinators learn about a relationship's meetings in the admin: how many are
planned, held, cancelled and missed, the last and the next date — never an agenda, a note
or a reflection. Applied by ``relationships.admin`` through ``coordinator_facts``."""

from django.contrib import admin
from django.db.models import Count, IntegerField, Max, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Now
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from relationships.hooks import CoordinatorFacts

from .models import Meeting

COUNTS = {
    "meetings_planned": Meeting.Status.PLANNED,
    "meetings_held": Meeting.Status.HELD,
    "meetings_cancelled": Meeting.Status.CANCELLED,
    "meetings_missed": Meeting.Status.MISSED,
}


def _meetings():
    return Meeting.objects.filter(match=OuterRef("pk")).order_by().values("match")


def _count(status: str):
    counted = _meetings().filter(status=status).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def annotate(matches):
    held = _meetings().filter(status=Meeting.Status.HELD)
    coming = _meetings().filter(status=Meeting.Status.PLANNED, starts_at__gte=Now())
    return matches.annotate(
        **{name: _count(status) for name, status in COUNTS.items()},
        last_meeting=Subquery(held.annotate(at=Max("starts_at")).values("at")[:1]),
        next_meeting=Subquery(coming.annotate(at=Min("starts_at")).values("at")[:1]),
    )


def last_activity():
    return Subquery(_meetings().annotate(latest=Max("updated_at")).values("latest")[:1])


@admin.display(description=_("meetings held"), ordering="meetings_held")
def meetings_held(match) -> str:
    return f"{match.meetings_held} / {match.programme.min_meetings}"


@admin.display(description=_("meetings planned, cancelled, missed"))
def meetings_other(match) -> str:
    return f"{match.meetings_planned} · {match.meetings_cancelled} · {match.meetings_missed}"


@admin.display(description=_("last and next meeting"), ordering="next_meeting")
def meeting_dates(match) -> str:
    def day(moment):
        return date_format(localtime(moment), "SHORT_DATE_FORMAT") if moment else "–"

    return f"{day(match.last_meeting)} → {day(match.next_meeting)}"


class MeetingsFilter(admin.SimpleListFilter):
    title = _("meetings")
    parameter_name = "meetings"

    def lookups(self, request, model_admin):
        return [
            ("none_planned", _("Nothing planned")),
            ("behind", _("Fewer held than the minimum")),
        ]

    def queryset(self, request, queryset):
        from django.db.models import Exists, F

        if self.value() == "none_planned":
            planned = Meeting.objects.filter(
                match=OuterRef("pk"), status__in=Meeting.UPCOMING, starts_at__gte=Now()
            )
            return queryset.filter(~Exists(planned))
        if self.value() == "behind":
            return queryset.annotate(held_now=_count(Meeting.Status.HELD)).filter(
                held_now__lt=F("programme__min_meetings")
            )
        return queryset


FACTS = CoordinatorFacts(
    annotate=annotate,
    columns=[meetings_held, meetings_other, meeting_dates],
    last_activity=last_activity,
    filters=[MeetingsFilter],
)
