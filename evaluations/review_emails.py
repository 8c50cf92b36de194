"""The participants' reports' e-mail: "your report to the coordinator is due", an optional
kind each member may turn off. Sent through ``notifications`` by the ``report-due`` job."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications import emails, kinds
from relationships.models import Match

from .review_periods import Period

REPORT_DUE = "report-due"

kinds.register(
    kinds.Kind(
        "report-reminder",
        _("Your report to the coordinator"),
        (REPORT_DUE,),
        _("When it is time for your short report to the programme's coordinator."),
        order=33,
    )
)


def report_due(*, to: User, match: Match, period: Period) -> bool:
    """To a member: this period's report to the coordinator is open."""
    return emails.send(
        REPORT_DUE,
        to=to,
        about=match,
        occasion=f"period:{period.number}",
        programme_id=match.programme_id,
        context={
            "programme": match.programme,
            "period": period,
            "report_url": emails.absolute_url(reverse("reviews:report", kwargs={"pk": match.pk})),
        },
    )
