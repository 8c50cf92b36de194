"""The ``report-due`` job: at 9:00 by each member's clock on the day their report period
opens, "your report to the coordinator is due" — once per member and period (the
``Delivery`` record's occasion is the period), to the current members of running
relationships only (paused and ended ones are not asked), and not to someone who already
wrote it. A pass that missed the morning sends it on a later one while the period is open.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import jobs
from notifications.models import Delivery
from relationships.models import Match, MatchMember

from . import review_emails as emails
from .health import site_day
from .review_models import ParticipantReport
from .review_periods import current_period


def _about(match_id: int) -> str:
    return f"relationships.match:{match_id}"


def find_reports_due(now: datetime) -> list[jobs.Due]:
    today = site_day(now)
    members = MatchMember.objects.filter(
        current=True,
        match__status__in=Match.RUNNING,
        match__programme__report_every_weeks__isnull=False,
        match__programme__starts_on__lte=today + timedelta(days=1),
        match__programme__ends_on__gte=today - timedelta(weeks=53),
    )
    rows = members.values_list(
        "pk",
        "match_id",
        "match__programme_id",
        "match__started_at",
        "match__programme__starts_on",
        "match__programme__ends_on",
        "match__programme__report_every_weeks",
        "enrolment__user_id",
        "enrolment__user__time_zone",
    )
    found = []
    for pk, match_id, programme_id, started, starts, ends, weeks, user_id, zone in rows:
        local_today = jobs.local_date(now, zone)
        period = current_period(weeks, starts, ends, site_day(started), local_today)
        if period is not None and jobs.morning_of(period.due_on, zone, now):
            found.append(
                (
                    pk,
                    period.number,
                    jobs.Due(user_id, _about(match_id), f"period:{period.number}", programme_id),
                )
            )
    if not found:
        return []
    written = set(
        ParticipantReport.objects.filter(
            member__in=members, period__in={number for _pk, number, _due in found}
        ).values_list("member_id", "period")
    )
    return [due for pk, number, due in found if (pk, number) not in written]


def send_report_due(delivery: Delivery) -> None:
    to = delivery.recipient
    member = (
        MatchMember.objects.select_related("match__programme")
        .filter(match_id=jobs.about_pk(delivery), enrolment__user=to, current=True)
        .first()
    )
    period = None
    if member is not None and member.match.status in Match.RUNNING:
        today = jobs.local_date(timezone.now(), to.time_zone)
        programme = member.match.programme
        period = current_period(
            programme.report_every_weeks,
            programme.starts_on,
            programme.ends_on,
            site_day(member.match.started_at),
            today,
        )
    if (
        period is None
        or delivery.occasion != f"period:{period.number}"
        or ParticipantReport.objects.filter(member=member, period=period.number).exists()
    ):
        jobs.drop(delivery)  # paused, ended, left, written meanwhile, or its period closed
        return
    emails.report_due(to=to, match=member.match, period=period)


jobs.register(
    jobs.Job(
        name="report-due",
        email=emails.REPORT_DUE,
        label=_("Report to the coordinator due"),
        timing=_(
            "9:00 in each member's time zone on the day each report period opens (every N "
            "weeks from the later of the programme's and the relationship's start)"
        ),
        find=find_reports_due,
        send=send_report_due,
    )
)
