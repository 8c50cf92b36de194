"""What coordinators see of the mid-point review and the reports on the relationships'
admin: only that the review was done (how many current members wrote theirs, and when the
last did) and how many reports were sent, with the way to them — never a review's text.
Applied by ``relationships.admin`` through ``coordinator_facts``."""

from django.contrib import admin
from django.db.models import Count, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relationships.hooks import CoordinatorFacts
from relationships.models import MatchMember

from .review_models import ParticipantReport
from .review_selectors import review_last_written_expression, reviews_written_expression


def _current_members():
    rows = (
        MatchMember.objects.filter(match=OuterRef("pk"), current=True)
        .order_by()
        .values("match")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _reports():
    return ParticipantReport.objects.filter(match=OuterRef("pk")).order_by().values("match")


def annotate(matches):
    return matches.annotate(
        reviews_written=reviews_written_expression(OuterRef("pk")),
        review_last=review_last_written_expression(OuterRef("pk")),
        review_members=_current_members(),
        reports_sent=Coalesce(
            Subquery(_reports().annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
        report_last=Subquery(_reports().annotate(at=Max("written_at")).values("at")[:1]),
    )


@admin.display(description=gettext_lazy("mid-point review"), ordering="reviews_written")
def midpoint_review(match) -> str:
    written = getattr(match, "reviews_written", 0)
    if not written:
        return _("not written")
    return _("%(n)d of %(total)d written, last %(day)s") % {
        "n": written,
        "total": getattr(match, "review_members", written),
        "day": date_format(localtime(match.review_last), "SHORT_DATE_FORMAT"),
    }


@admin.display(description=gettext_lazy("reports"), ordering="report_last")
def reports(match) -> str:
    sent = getattr(match, "reports_sent", 0)
    if not sent:
        return "–"
    url = (
        reverse("admin:evaluations_participantreport_changelist") + f"?match__id__exact={match.pk}"
    )
    text = _("%(n)d, latest %(day)s") % {
        "n": sent,
        "day": date_format(localtime(match.report_last), "SHORT_DATE_FORMAT"),
    }
    return format_html('<a href="{}">{}</a>', url, text)


def last_activity():
    return review_last_written_expression(OuterRef("pk"))


FACTS = CoordinatorFacts(
    annotate=annotate, columns=[midpoint_review, reports], last_activity=last_activity
)
