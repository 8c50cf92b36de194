"""The health rules of the mid-point review and the participants' reports (see
``health``): a review not written by every member ``health_review_grace_days`` after the
mid-point, and a latest report that says it is going badly. Registered by the app's
``ready``."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext_lazy, ngettext_lazy

from . import health
from .review_selectors import latest_reports, reviews_written_expression

# A report's "how it is going" at or below which the relationship needs attention, and
# at which it is at risk.
REPORT_ATTENTION, REPORT_RISK = 2, 1


WORDS = {
    "review_overdue": ngettext_lazy(
        "Mid-point review overdue by %(n)d day", "Mid-point review overdue by %(n)d days", "n"
    ),
    "report_low": gettext_lazy("Latest report: how it is going, %(n)d of 5"),
}


def _facts(ref) -> dict:
    return {"h_reviews": reviews_written_expression(ref)}


def _midpoint(programme: dict) -> date:
    if programme["midpoint_on"]:
        return programme["midpoint_on"]
    starts, ends = programme["starts_on"], programme["ends_on"]
    return starts + (ends - starts) / 2


def review_overdue(row: dict, programme: dict, today: date) -> health.Reason | None:
    opened = max(_midpoint(programme), health.site_day(row["started_at"]))
    due = opened + timedelta(days=programme["health_review_grace_days"])
    if today <= due or today > programme["ends_on"]:
        return None
    if row["h_reviews"] >= row["h_members"]:
        return None
    return health.Reason("review_overdue", health.State.ATTENTION, (today - due).days)


def report_low(row: dict, programme: dict, today: date) -> health.Reason | None:
    latest = row.get("h_latest_report")
    if latest is None or latest.how_going > REPORT_ATTENTION:
        return None
    severity = health.State.AT_RISK if latest.how_going <= REPORT_RISK else health.State.ATTENTION
    return health.Reason("report_low", severity, latest.how_going)


def register() -> None:
    health.REASON_WORDS.update(WORDS)
    if _facts not in health.extra_facts:
        health.extra_facts.append(_facts)
    health.extra_reads["h_latest_report"] = latest_reports
    for rule in (review_overdue, report_low):
        if rule not in health.extra_rules:
            health.extra_rules.append(rule)
