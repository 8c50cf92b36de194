"""What coordinators see of a relationship's follow-ups on its admin page and in the list
of relationships: how many are open, the next one due, and the way to the log (the
follow-ups list filtered to it). Applied by ``relationships.admin`` through
``coordinator_facts``; the relationships' admin imports nothing of ours."""

from django.contrib import admin
from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from relationships.hooks import CoordinatorFacts

from .health import site_day
from .models import FollowUp


def _open():
    return FollowUp.objects.filter(match=OuterRef("pk"), done_on__isnull=True).order_by()


def annotate(matches):
    counted = _open().values("match").annotate(n=Count("pk")).values("n")
    return matches.annotate(
        follow_ups_open=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
        follow_up_next=Subquery(
            _open().values("match").annotate(on=Min("due_on")).values("on")[:1]
        ),
    )


@admin.display(description=gettext_lazy("follow-ups"), ordering="follow_up_next")
def follow_ups(match) -> str:
    url = reverse("admin:evaluations_followup_changelist") + f"?match__id__exact={match.pk}"
    count = getattr(match, "follow_ups_open", 0)
    if count:
        text = ngettext("%(count)d open, next %(day)s", "%(count)d open, next %(day)s", count) % {
            "count": count,
            "day": date_format(match.follow_up_next, "SHORT_DATE_FORMAT"),
        }
    else:
        text = _("none open")
    return format_html('<a href="{}">{}</a>', url, text)


class FollowUpFilter(admin.SimpleListFilter):
    title = gettext_lazy("follow-ups")
    parameter_name = "follow_up"

    def lookups(self, request, model_admin):
        return [("due", _("A follow-up is due")), ("quiet", _("Quiet: a follow-up is open"))]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.filter(Exists(_open().filter(due_on__lte=site_day(timezone.now()))))
        if self.value() == "quiet":
            return queryset.filter(Exists(_open().filter(reason=FollowUp.Reason.QUIET)))
        return queryset


FACTS = CoordinatorFacts(annotate=annotate, columns=[follow_ups], filters=[FollowUpFilter])
