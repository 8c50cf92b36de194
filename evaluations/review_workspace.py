"""The mid-point review's and the reports' part of the workspace page: a card with where
each stands for this member, and the next step when one is open. Two queries at most,
whatever the number of members or reports."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from relationships.hooks import NextStep, WorkspaceSection
from relationships.models import MatchMember

from . import review_services as services
from .review_models import MidpointReview, ParticipantReport


def review_state(member: MatchMember, written: set[int], current: int) -> str:
    """ "waiting" (not open yet), "open", "mine" (written, waiting for the others), "done"
    (every current member wrote theirs) or "closed" (ended without this member's)."""
    if current and len(written) >= current:
        return "done"
    if member.pk in written:
        return "mine"
    refusal = services.review_refusal(member)
    if refusal is None:
        return "open"
    today = services.member_today(member)
    return "waiting" if today < member.match.programme.midpoint else "closed"


def workspace_section(member: MatchMember) -> WorkspaceSection:
    match = member.match
    programme = match.programme
    rows = list(
        MidpointReview.objects.filter(match_id=match.pk, member__current=True).values_list(
            "member_id", flat=True
        )
    )
    written = set(rows)
    current = MatchMember.objects.filter(match_id=match.pk, current=True).count()
    state = review_state(member, written, current)
    review_url = reverse("reviews:review", kwargs={"pk": match.pk})
    report_url = reverse("reviews:report", kwargs={"pk": match.pk})
    steps = []
    if state == "open":
        steps.append(NextStep(_("Write your mid-point review"), review_url))
    period = services.open_period(member) if programme.report_every_weeks else None
    reported = (
        period is not None
        and ParticipantReport.objects.filter(member=member, period=period.number).exists()
    )
    if period is not None and not reported:
        steps.append(NextStep(_("Write your report to the coordinator"), report_url))
    return WorkspaceSection(
        template="evaluations/includes/workspace_section.html",
        context={
            "state": state,
            "written": len(written),
            "current": current,
            "midpoint": programme.midpoint,
            "review_url": review_url,
            "asks_reports": bool(programme.report_every_weeks),
            "period": period,
            "reported": reported,
            "coming": services.coming_period(member) if programme.report_every_weeks else None,
            "report_url": report_url,
        },
        next_steps=steps,
        position=60,
    )
