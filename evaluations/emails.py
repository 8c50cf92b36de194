"""The follow-up stage's e-mails, one function each, sent through ``notifications``.

Templates: ``templates/emails/<name>-subject.txt``, ``-body.txt`` and ``-body.html``. Each
belongs to a kind that its recipient may turn off (``notifications.kinds``).
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications import emails, kinds
from relationships.models import Match

from .models import FollowUp

QUIET_NUDGE = "quiet-nudge"
QUIET_ESCALATION = "quiet-escalation"
FOLLOW_UP_DUE = "follow-up-due"
EVALUATION_DUE = "evaluation-due"

COORDINATOR_TASKS = "coordinator-tasks"

kinds.register(
    kinds.Kind(
        QUIET_NUDGE,
        _("A nudge when your relationship has gone quiet"),
        (QUIET_NUDGE,),
        _("When you have not met for a while and nothing is planned."),
        order=31,
    )
)
kinds.register(
    kinds.Kind(
        "evaluation-reminder",
        _("Mid-point review and final evaluation"),
        (EVALUATION_DUE,),
        _("When it is time to look back together on what has been good and what can be better."),
        order=32,
    )
)
kinds.register(
    kinds.Kind(
        COORDINATOR_TASKS,
        _("Follow-ups due and quiet relationships"),
        (FOLLOW_UP_DUE, QUIET_ESCALATION),
        _(
            "A morning e-mail with the follow-ups due in your programmes, and word when a "
            "relationship has stayed quiet after its nudge."
        ),
        digest=False,  # a task for today, not for next Monday
        audience="coordinators",
        order=61,
    )
)


def _others(match: Match, to: User) -> list[str]:
    return [
        m.enrolment.user.public_name
        for m in match.members.all()
        if m.current and m.enrolment.user_id != to.pk
    ]


def follow_up_url(follow_up: FollowUp) -> str:
    return emails.absolute_url(reverse("admin:evaluations_followup_change", args=[follow_up.pk]))


def quiet_nudge(*, to: User, match: Match, spell, occasion: str) -> bool:
    """To a member: you have not met for a while; plan the next meeting."""
    return emails.send(
        QUIET_NUDGE,
        to=to,
        about=match,
        occasion=occasion,
        programme_id=match.programme_id,
        context={
            "programme": match.programme,
            "others": _others(match, to),
            "weeks": spell.weeks,
            "last_met": spell.last_met,
            "started_at": match.started_at,
            "planner_url": emails.absolute_url(reverse("meetings:list", kwargs={"pk": match.pk})),
            "workspace_url": emails.absolute_url(
                reverse("relationships:workspace", kwargs={"pk": match.pk})
            ),
        },
    )


def quiet_escalation(
    *, to: User, match: Match, spell, follow_up: FollowUp, names: str, occasion: str
) -> bool:
    """To a coordinator: a relationship stayed quiet after its nudge; follow it up."""
    return emails.send(
        QUIET_ESCALATION,
        to=to,
        about=match,
        occasion=occasion,
        programme_id=match.programme_id,
        context={
            "programme": match.programme,
            "names": names,
            "weeks": spell.weeks * 2,
            "nudge_weeks": spell.weeks,
            "last_met": spell.last_met,
            "started_at": match.started_at,
            "follow_up_url": follow_up_url(follow_up),
            "match_url": emails.absolute_url(
                reverse("admin:relationships_match_change", args=[match.pk])
            ),
        },
    )


def follow_ups_due(
    *, to: User, day: date, rows: list[dict], more: int, programme_id: int | None
) -> bool:
    """To a coordinator, once a morning: the follow-ups due today or overdue.

    ``rows``: ``{"names", "programme", "follow_up", "overdue", "url"}`` each."""
    return emails.send(
        FOLLOW_UP_DUE,
        to=to,
        about=to,
        occasion=day.isoformat(),
        programme_id=programme_id,
        context={
            "day": day,
            "rows": rows,
            "more": more,
            "list_url": emails.absolute_url(
                reverse("admin:evaluations_followup_changelist") + "?state=open"
            ),
        },
    )


def evaluation_due(*, to: User, match: Match, occasion: str, day: date) -> bool:
    """To a member: time for the mid-point review, or the final evaluation."""
    return emails.send(
        EVALUATION_DUE,
        to=to,
        about=match,
        occasion=occasion,
        programme_id=match.programme_id,
        context={
            "programme": match.programme,
            "others": _others(match, to),
            "final": occasion == "final",
            "day": day,
            "ends_on": match.programme.ends_on,
            "workspace_url": emails.absolute_url(
                reverse("relationships:workspace", kwargs={"pk": match.pk})
            ),
            # The mid-point's e-mail leads to the pair's review page.
            "review_url": emails.absolute_url(reverse("reviews:review", kwargs={"pk": match.pk})),
        },
    )
